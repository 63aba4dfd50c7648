import Foundation
import Logging
import Mailer
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

    @Test("the outbox keeps MAIL_OUTBOX_KEEP_DAYS of messages and drops what a crash left half-written")
    func outbox() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recordsw-ob-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outbox = folder.appendingPathComponent("outbox").path
        let logger = Logger(label: "test")
        let mailer = OutboxMailer(directory: outbox, from: try MailAddress(address: "a@example.com"), logger: logger)
        try await mailer.send(MailMessage(to: "p@example.com", subject: "new", text: "fresh", html: nil))
        let now = Date()
        let old = now.addingTimeInterval(-31 * 86_400)
        for name in ["20251101T000000Z-old.eml", ".20251101T000000Z-crash.eml.tmp", "notes.txt"] {
            let path = "\(outbox)/\(name)"
            #expect(FileManager.default.createFile(atPath: path, contents: Data("x".utf8)))
            try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: path)
        }
        let database = try await Database.sqlite(path: folder.appendingPathComponent("db.sqlite").path, logger: logger)
        _ = try await database.migrate(logger: logger)
        let config = try AppConfig(environment: ["MAIL_OUTBOX_DIR": outbox, "MAIL_OUTBOX_KEEP_DAYS": "30"])
        #expect(config.mail.outboxKeepDays == 30)
        var housekeeping = Housekeeping(repositories: database.repositories, clock: SystemClock(), logger: logger)
        housekeeping.pruneOutbox = { try OutboxMailer.prune(directory: outbox, before: $0) }
        await housekeeping.sweep()
        let left = try FileManager.default.contentsOfDirectory(atPath: outbox).sorted()
        #expect(left.count == 2)
        #expect(left.contains("notes.txt"))
        #expect(left.contains { $0.hasSuffix(".eml") && !$0.contains("old") })
        #expect(throws: AppConfig.Invalid.self) { try AppConfig(environment: ["MAIL_OUTBOX_KEEP_DAYS": "-1"]) }
        try await database.shutdown()
    }
}
