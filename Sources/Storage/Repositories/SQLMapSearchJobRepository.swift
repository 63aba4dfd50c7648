import Foundation
import RecordsCore
import SQLKit

/// `MapSearchJobRepository` over `map_search_jobs` (`created_at`/`updated_at` in epoch milliseconds).
struct SQLMapSearchJobRepository: MapSearchJobRepository {
    let store: SQLStore

    var columns: SQLQueryString {
        let result: SQLQueryString = store.kind == .postgres ? "result::text AS result" : "result"
        return """
            job_id, username, period, status, created_at, updated_at, \(result), error_message, attempts, worker_id, user_id
            """
    }

    func create(id: String, username: String, period: String, userId: Int?, now: Date) async throws -> MapSearchJob {
        let millis = Timestamps.epochMilliseconds(now)
        let row = try await store.first(
            """
            INSERT INTO map_search_jobs (job_id, username, period, status, created_at, updated_at, user_id)
            VALUES (\(bind: id), \(bind: username), \(bind: period), 'pending', \(bind: millis), \(bind: millis),
                    \(bind: userId))
            RETURNING \(columns)
            """)
        guard let row else { throw StoreInvariantError(reason: "INSERT … RETURNING gave no row") }
        return try Self.job(from: row)
    }

    func job(id: String) async throws -> MapSearchJob? {
        try await store.first("SELECT \(columns) FROM map_search_jobs WHERE job_id = \(bind: id)")
            .map(Self.job(from:))
    }

    func claim(id: String, worker: String, staleAfter: Duration, now: Date) async throws -> MapSearchJob? {
        // A concurrent claimer waits for the row lock, then re-checks the WHERE clause against the claimed
        // row and finds it no longer claimable: one winner.
        try await store.first(
            """
            UPDATE map_search_jobs SET \(claimAssignments(worker: worker, now: now))
            WHERE job_id = \(bind: id) AND \(claimable(staleAfter: staleAfter, now: now))
            RETURNING \(columns)
            """
        ).map(Self.job(from:))
    }

    func claimNext(worker: String, staleAfter: Duration, now: Date) async throws -> MapSearchJob? {
        // SKIP LOCKED lets each instance pass over rows another instance is claiming at the same moment;
        // SQLite has one writer at a time and needs no row locks.
        let lockClause: SQLQueryString = store.kind == .postgres ? "FOR UPDATE SKIP LOCKED" : ""
        // Users take turns: the one whose latest claimed or finished job is oldest (or who has none) goes
        // first, so a burst of one user's jobs is interleaved with everyone else's instead of run first.
        // `updated_at` of a claimed or finished job is when it was last worked on.
        let lastServed: SQLQueryString = """
            (SELECT MAX(served.updated_at) FROM map_search_jobs AS served
             WHERE served.user_id = queued.user_id AND served.status <> 'pending')
            """
        return try await store.first(
            """
            UPDATE map_search_jobs SET \(claimAssignments(worker: worker, now: now))
            WHERE job_id = (
                SELECT job_id FROM map_search_jobs AS queued
                WHERE \(claimable(staleAfter: staleAfter, now: now))
                ORDER BY \(lastServed) NULLS FIRST, created_at, job_id LIMIT 1 \(lockClause))
            AND \(claimable(staleAfter: staleAfter, now: now))
            RETURNING \(columns)
            """
        ).map(Self.job(from:))
    }

    func heartbeat(id: String, worker: String, now: Date) async throws -> Bool {
        try await store.first(
            """
            UPDATE map_search_jobs SET updated_at = \(bind: Timestamps.epochMilliseconds(now))
            WHERE job_id = \(bind: id) AND worker_id = \(bind: worker) AND status = 'processing'
            RETURNING job_id
            """
        ) != nil
    }

    func complete(id: String, worker: String, resultJSON: String, now: Date) async throws -> Bool {
        try await store.first(
            """
            UPDATE map_search_jobs SET status = 'completed', result = \(store.json(resultJSON)),
                updated_at = \(bind: Timestamps.epochMilliseconds(now))
            WHERE job_id = \(bind: id) AND worker_id = \(bind: worker) AND status = 'processing'
            RETURNING job_id
            """
        ) != nil
    }

    func fail(id: String, worker: String, message: String, now: Date) async throws -> Bool {
        try await store.first(
            """
            UPDATE map_search_jobs SET status = 'failed', error_message = \(bind: message),
                updated_at = \(bind: Timestamps.epochMilliseconds(now))
            WHERE job_id = \(bind: id) AND worker_id = \(bind: worker) AND status = 'processing'
            RETURNING job_id
            """
        ) != nil
    }

    func prune(before: Date) async throws -> Int {
        try await store.rows(
            """
            DELETE FROM map_search_jobs
            WHERE status IN ('completed', 'failed') AND updated_at < \(bind: Timestamps.epochMilliseconds(before))
            RETURNING job_id
            """
        ).count
    }

    private func claimAssignments(worker: String, now: Date) -> SQLQueryString {
        """
        status = 'processing', worker_id = \(bind: worker), attempts = attempts + 1, \
        updated_at = \(bind: Timestamps.epochMilliseconds(now))
        """
    }

    private func claimable(staleAfter: Duration, now: Date) -> SQLQueryString {
        let staleBefore = Timestamps.epochMilliseconds(
            now.addingTimeInterval(-SQLRateLimitRepository.seconds(staleAfter)))
        return "(status = 'pending' OR (status = 'processing' AND updated_at < \(bind: staleBefore)))"
    }

    static func job(from row: SQLStoreRow) throws -> MapSearchJob {
        MapSearchJob(
            id: try row.string("job_id"),
            username: try row.string("username"),
            period: try row.string("period"),
            status: try row.value("status", as: MapSearchJobStatus.self),
            createdAtMillis: try row.int64("created_at"),
            updatedAtMillis: try row.int64("updated_at"),
            resultJSON: try row.optionalString("result"),
            errorMessage: try row.optionalString("error_message"),
            attempts: try row.int("attempts"),
            workerId: try row.optionalString("worker_id"),
            userId: try row.optionalInt("user_id")
        )
    }
}
