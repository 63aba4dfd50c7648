import Foundation
import HandlerKit
import RecordsCore
import Storage
import Testing

/// `/api/v1/stats` reuses one reading of the counters for `STATS_CACHE_SECONDS`, against a real
/// (SQLite) store.
@Suite struct SiteStatsCacheTests {
    static func register(_ database: Database, _ name: String) async throws {
        _ = try await database.repositories.users.register(
            NewUser(username: name, email: "\(name)@example.com", passwordHash: "hash"), maxUsers: 100, now: Date())
    }

    @Test("a reading is reused within the maximum age, and read again after it")
    func reuse() async throws {
        try await AdminHistoryTests.withDatabase { database in
            try await Self.register(database, "ana")
            let reused = SiteStatsCache(reports: database.repositories.reports, maximumAge: .seconds(3600))
            let aging = SiteStatsCache(reports: database.repositories.reports, maximumAge: .milliseconds(50))
            #expect(try await reused.current().totalUsers == 1)
            #expect(try await aging.current().totalUsers == 1)
            try await Self.register(database, "bob")
            #expect(try await reused.current().totalUsers == 1)
            try await Task.sleep(for: .milliseconds(100))
            #expect(try await aging.current().totalUsers == 2)
        }
    }

    @Test("a maximum age of zero reads every time")
    func off() async throws {
        try await AdminHistoryTests.withDatabase { database in
            let cache = SiteStatsCache(reports: database.repositories.reports, maximumAge: .zero)
            #expect(try await cache.current().totalUsers == 0)
            try await Self.register(database, "cid")
            #expect(try await cache.current().totalUsers == 1)
        }
    }
}
