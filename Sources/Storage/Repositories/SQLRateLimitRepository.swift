import Foundation
import RecordsCore
import SQLKit

/// `RateLimitRepository` over `rate_limit_events`: one row per counted event.
struct SQLRateLimitRepository: RateLimitRepository {
    let store: SQLStore

    /// First key of the transaction advisory locks that serialise one bucket's check-and-record (PostgreSQL).
    private static let lockNamespace: Int32 = 7_310_300

    func consume(key: String, limit: Int, window: Duration, now: Date) async throws -> Bool {
        try await reserve(key: key, limit: limit, window: window, now: now) != nil
    }

    func reserve(key: String, limit: Int, window: Duration, now: Date) async throws -> Int64? {
        let since = now.addingTimeInterval(-Self.seconds(window))
        return try await store.transaction { tx in
            if tx.kind == .postgres {
                try await tx.run("SELECT pg_advisory_xact_lock(\(bind: Self.lockNamespace), hashtext(\(bind: key)))")
            }
            let used =
                try await tx.first(
                    """
                    SELECT count(*) AS n FROM rate_limit_events
                    WHERE bucket = \(bind: key) AND occurred_at > \(tx.time(since))
                    """
                )?.int("n") ?? 0
            guard used < limit else { return nil }
            return try await tx.first(
                "INSERT INTO rate_limit_events (bucket, occurred_at) VALUES (\(bind: key), \(tx.time(now))) RETURNING id"
            )?.int64("id")
        }
    }

    func release(id: Int64) async throws {
        try await store.run("DELETE FROM rate_limit_events WHERE id = \(bind: id)")
    }

    func count(key: String, window: Duration, now: Date) async throws -> Int {
        let since = now.addingTimeInterval(-Self.seconds(window))
        return try await store.first(
            """
            SELECT count(*) AS n FROM rate_limit_events
            WHERE bucket = \(bind: key) AND occurred_at > \(store.time(since))
            """
        )?.int("n") ?? 0
    }

    func record(key: String, now: Date) async throws {
        try await store.run(
            "INSERT INTO rate_limit_events (bucket, occurred_at) VALUES (\(bind: key), \(store.time(now)))")
    }

    func prune(before: Date) async throws {
        try await store.run("DELETE FROM rate_limit_events WHERE occurred_at < \(store.time(before))")
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        let parts = duration.components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}
