import Foundation
import RecordsCore
import SQLKit

/// `NewsRepository` over `digest_items` (its `recorded_at` column from migration 0020).
struct SQLNewsRepository: NewsRepository {
    let store: SQLStore

    func news(userId: Int, since: Date?, beforeId: Int?, limit: Int) async throws -> [StoredNews] {
        var sinceClause: SQLQueryString = ""
        if let since { sinceClause = " AND created_at >= \(store.time(since))" }
        var beforeClause: SQLQueryString = ""
        if let beforeId { beforeClause = " AND id < \(bind: beforeId)" }
        return try await store.rows(
            """
            SELECT id, section, map_uid, payload, recorded_at, created_at FROM digest_items
            WHERE user_id = \(bind: userId)\(sinceClause)\(beforeClause)
            ORDER BY id DESC LIMIT \(bind: max(0, limit))
            """
        ).map { row in
            StoredNews(
                id: try row.int("id"), section: try row.value("section", as: DigestSection.self),
                mapUid: try row.optionalString("map_uid"), payload: try row.string("payload"),
                recordedAt: try row.optionalDate("recorded_at"), detectedAt: try row.date("created_at"))
        }
    }

    func detectionDelays(since: Date) async throws -> [Double] {
        try await store.rows(
            """
            SELECT recorded_at, created_at FROM digest_items
            WHERE created_at >= \(store.time(since)) AND recorded_at IS NOT NULL ORDER BY id
            """
        ).map { row in try row.date("created_at").timeIntervalSince(try row.date("recorded_at")) }
    }
}

/// `WatchLeaseRepository` over `watch_leases` (migration 0021). One upsert decides who holds the
/// lease: the row is taken only when it is the caller's or expired, so two instances racing for it
/// cannot both win (the row lock on PostgreSQL, the write lock on SQLite serialise them).
struct SQLWatchLeaseRepository: WatchLeaseRepository {
    let store: SQLStore

    func acquire(name: String, holder: String, now: Date, expiresAt: Date) async throws -> Bool {
        let nowMs = Timestamps.epochMilliseconds(now)
        let untilMs = Timestamps.epochMilliseconds(expiresAt)
        let row = try await store.first(
            """
            INSERT INTO watch_leases (name, holder, expires_at_ms) VALUES (\(bind: name), \(bind: holder), \(bind: untilMs))
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at_ms = excluded.expires_at_ms
            WHERE watch_leases.holder = excluded.holder OR watch_leases.expires_at_ms < \(bind: nowMs)
            RETURNING holder
            """)
        return try row?.string("holder") == holder
    }

    func release(name: String, holder: String) async throws {
        try await store.run("DELETE FROM watch_leases WHERE name = \(bind: name) AND holder = \(bind: holder)")
    }

    func holder(name: String) async throws -> (holder: String, expiresAt: Date)? {
        guard
            let row = try await store.first(
                "SELECT holder, expires_at_ms FROM watch_leases WHERE name = \(bind: name)")
        else { return nil }
        let ms = try row.int64("expires_at_ms")
        return (try row.string("holder"), Date(timeIntervalSince1970: Double(ms) / 1000))
    }
}
