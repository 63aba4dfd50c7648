import Foundation
import RecordsCore
import SQLKit

/// The bounded side of the queue: enqueueing under the per-user and queue-wide limits.
extension SQLMapSearchJobRepository {
    /// The PostgreSQL transaction advisory lock that serialises enqueues (count, then insert), so
    /// parallel requests on any instance cannot all pass the same count. Enqueues are rate-limited
    /// per user, so one queue-wide lock costs nothing noticeable.
    static let enqueueLock = 7_310_500

    /// Statuses of a job that is still owed work.
    static var unfinished: SQLQueryString { "status IN ('pending', 'processing')" }

    func enqueue(
        id: String, username: String, period: String, userId: Int, limits: MapSearchQueueLimits, now: Date
    ) async throws -> MapSearchEnqueueOutcome {
        let columns = self.columns
        let millis = Timestamps.epochMilliseconds(now)
        // SQLite transactions are BEGIN IMMEDIATE: the write lock is held from the start.
        return try await store.transaction { tx in
            if tx.kind == .postgres {
                try await tx.run("SELECT pg_advisory_xact_lock(\(bind: Self.enqueueLock))")
            }
            let mine = try await tx.rows(
                """
                SELECT \(columns) FROM map_search_jobs
                WHERE user_id = \(bind: userId) AND \(Self.unfinished) ORDER BY created_at, job_id
                """
            ).map(Self.job(from:))
            if let same = mine.first(where: { $0.searches(username: username, period: period) }) {
                return .existing(same)
            }
            guard mine.count < limits.perUser else { return .userLimitReached }
            let total =
                try await tx.first("SELECT count(*) AS n FROM map_search_jobs WHERE \(Self.unfinished)")?.int("n") ?? 0
            guard total < limits.total else { return .queueFull }
            let row = try await tx.first(
                """
                INSERT INTO map_search_jobs (job_id, username, period, status, created_at, updated_at, user_id)
                VALUES (\(bind: id), \(bind: username), \(bind: period), 'pending', \(bind: millis), \(bind: millis),
                        \(bind: userId))
                RETURNING \(columns)
                """)
            guard let row else { throw StoreInvariantError(reason: "INSERT … RETURNING gave no row") }
            return .queued(try Self.job(from: row))
        }
    }

    func unfinishedJobs(userId: Int) async throws -> [MapSearchJob] {
        try await store.rows(
            """
            SELECT \(columns) FROM map_search_jobs
            WHERE user_id = \(bind: userId) AND \(Self.unfinished) ORDER BY created_at, job_id
            """
        ).map(Self.job(from:))
    }
}
