import Foundation
import RecordsCore
import Testing

@testable import Storage

extension StorageSuite {
    @Suite struct SessionRepositoryTests {
        static func session(_ id: String, user: User, expiresIn: TimeInterval) -> LoginSession {
            LoginSession(
                id: id, userId: user.id, createdAt: TestClock.base, expiresAt: TestClock.at(expiresIn),
                lastAccessedAt: TestClock.base, userAgent: "tests", ipAddress: "127.0.0.1")
        }

        /// On PostgreSQL both ways of running the lookup: the prepared statement (the default) and
        /// the portable SQL used when prepared statements are turned off.
        @Test(
            arguments: [(Backend.sqlite, true), (.postgres, true), (.postgres, false)].filter {
                Backend.testable.contains($0.0)
            })
        func activeSessionJoinsUserUntilExpiry(backend: Backend, prepared: Bool) async throws {
            try await TestDatabase.with(backend, preparedStatements: prepared) { db in
                let sessions = db.repositories.sessions
                let user = try await db.makeUser("gina")
                let session = Self.session("3f1c2d9e-0000-4000-8000-000000000001", user: user, expiresIn: 600)
                try await sessions.create(session)
                let active = try #require(try await sessions.activeSession(id: session.id, now: TestClock.at(10)))
                #expect(active.user == user)
                #expect(active.session.id == session.id)
                #expect(active.session.userAgent == "tests")
                #expect(active.session.ipAddress == "127.0.0.1")
                expectSameInstant(active.session.createdAt, TestClock.base)
                expectSameInstant(active.session.lastAccessedAt, TestClock.base)
                expectSameInstant(active.session.expiresAt, TestClock.at(600))
                #expect(try await sessions.activeSession(id: session.id, now: TestClock.at(600)) == nil)
                #expect(try await sessions.activeSession(id: "missing", now: TestClock.base) == nil)
            }
        }

        @Test(arguments: Backend.testable)
        func touchDeleteAndPrune(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let sessions = db.repositories.sessions
                let user = try await db.makeUser("hank")
                try await sessions.create(Self.session("s-1", user: user, expiresIn: 100))
                try await sessions.create(Self.session("s-2", user: user, expiresIn: 1000))
                try await sessions.create(Self.session("s-3", user: user, expiresIn: 1000))
                #expect(try await sessions.touch(id: "s-2", at: TestClock.at(50)))
                let touched = try await sessions.activeSession(id: "s-2", now: TestClock.at(60))
                expectSameInstant(touched?.session.lastAccessedAt, TestClock.at(50))
                #expect(try await sessions.touch(id: "nope", at: TestClock.base) == false)
                #expect(try await sessions.pruneExpired(now: TestClock.at(100)) == 1)
                #expect(try await sessions.delete(id: "s-2"))
                #expect(try await sessions.delete(id: "s-2") == false)
                try await sessions.deleteAll(userId: user.id)
                #expect(try await sessions.activeSession(id: "s-3", now: TestClock.base) == nil)
            }
        }

        @Test(arguments: Backend.testable)
        func deletingTheUserEndsItsSessions(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let user = try await db.makeUser("ivy")
                try await db.repositories.sessions.create(Self.session("s-ivy", user: user, expiresIn: 100))
                try await db.execute("DELETE FROM users WHERE id = \(user.id)")
                #expect(try await db.repositories.sessions.activeSession(id: "s-ivy", now: TestClock.base) == nil)
                #expect(try await db.repositories.sessions.touch(id: "s-ivy", at: TestClock.base) == false)
            }
        }
    }
}
