import Foundation
import Logging
import RecordsCore
import Storage
import Testing

@testable import RecordsApp

@Suite("Housekeeping")
struct HousekeepingTests {
    @Test("a sweep prunes expired sessions and old rate-limit events, and keeps live ones")
    func sweep() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recordsw-hk-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let logger = Logger(label: "test")
        let database = try await Database.sqlite(path: folder.appendingPathComponent("db.sqlite").path, logger: logger)
        _ = try await database.migrate(logger: logger)
        let repos = database.repositories
        let now = Date()
        guard
            case .created(let user) = try await repos.users.register(
                NewUser(username: "keeper", email: "k@example.com", passwordHash: "x"), maxUsers: 10, now: now)
        else {
            Issue.record("user not created")
            return
        }
        for (id, expires) in [("old", now.addingTimeInterval(-10)), ("live", now.addingTimeInterval(3600))] {
            try await repos.sessions.create(
                LoginSession(
                    id: id, userId: user.id, createdAt: now, expiresAt: expires, lastAccessedAt: now, userAgent: nil,
                    ipAddress: nil))
        }
        try await repos.rateLimits.record(key: "login:1.2.3.4", now: now.addingTimeInterval(-7200))
        try await repos.rateLimits.record(key: "login:1.2.3.4", now: now)

        await Housekeeping(repositories: repos, clock: SystemClock(), logger: logger).sweep()

        #expect(try await repos.sessions.activeSession(id: "live", now: now) != nil)
        #expect(try await repos.sessions.pruneExpired(now: now) == 0)
        #expect(try await repos.rateLimits.count(key: "login:1.2.3.4", window: .seconds(86_400), now: now) == 1)
        try await database.shutdown()
    }
}
