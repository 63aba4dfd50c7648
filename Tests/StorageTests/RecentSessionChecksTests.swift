import Foundation
import RecordsCore
import Testing

@testable import Storage

extension StorageSuite {
    /// The memory of recent session checks in front of the real session table: what it may answer
    /// from memory, and every way of ending a session that must make it forget at once.
    @Suite struct RecentSessionChecksTests {
        static let id = "3f1c2d9e-0000-4000-8000-0000000000aa"

        /// Two "instances" over one database: each with its own memory, as two servers would be.
        static func instances(_ db: Database, maximumAge: Duration) -> (RecentSessionChecks, RecentSessionChecks) {
            (
                RecentSessionChecks(base: db.repositories.sessions, maximumAge: maximumAge),
                RecentSessionChecks(base: db.repositories.sessions, maximumAge: maximumAge)
            )
        }

        static func start(_ db: Database, user: User, id: String = id, expiresIn: TimeInterval = 600) async throws {
            try await db.repositories.sessions.create(
                SessionRepositoryTests.session(id, user: user, expiresIn: expiresIn))
        }

        @Test(arguments: Backend.testable)
        func aRecentCheckIsReusedOnlyByTheRecentLookup(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let user = try await db.makeUser("kim")
                try await Self.start(db, user: user)
                let (here, _) = Self.instances(db, maximumAge: .seconds(60))
                #expect(try await here.recentActiveSession(id: Self.id, now: TestClock.base)?.user == user)
                #expect(here.count == 1)
                // Ended behind this instance's back (another server, or by hand): the remembered check
                // stands for the recent lookup only; the fresh lookup reads the table and forgets.
                try await db.execute("DELETE FROM login_sessions WHERE id = '\(Self.id)'")
                #expect(try await here.recentActiveSession(id: Self.id, now: TestClock.base)?.user == user)
                #expect(try await here.activeSession(id: Self.id, now: TestClock.base) == nil)
                #expect(try await here.recentActiveSession(id: Self.id, now: TestClock.base) == nil)
                #expect(here.count == 0)
            }
        }

        @Test(arguments: Backend.testable)
        func neverPastTheSessionsExpiryNorTheMaximumAge(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let user = try await db.makeUser("lou")
                try await Self.start(db, user: user, expiresIn: 100)
                let (here, _) = Self.instances(db, maximumAge: .seconds(60))
                #expect(try await here.recentActiveSession(id: Self.id, now: TestClock.base) != nil)
                #expect(try await here.recentActiveSession(id: Self.id, now: TestClock.at(100)) == nil)

                let (short, _) = Self.instances(db, maximumAge: .milliseconds(50))
                #expect(try await short.recentActiveSession(id: Self.id, now: TestClock.base) != nil)
                try await db.execute("DELETE FROM login_sessions WHERE id = '\(Self.id)'")
                try await Task.sleep(for: .milliseconds(120))
                #expect(try await short.recentActiveSession(id: Self.id, now: TestClock.base) == nil)

                let (off, _) = Self.instances(db, maximumAge: .zero)
                try await Self.start(db, user: user, id: "s-off")
                #expect(try await off.recentActiveSession(id: "s-off", now: TestClock.base) != nil)
                #expect(off.count == 0)
            }
        }

        @Test(arguments: Backend.testable)
        func endingASessionHereForgetsItAtOnce(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let user = try await db.makeUser("max")
                let (here, there) = Self.instances(db, maximumAge: .seconds(60))

                // Logout.
                try await Self.start(db, user: user)
                #expect(try await here.recentActiveSession(id: Self.id, now: TestClock.base) != nil)
                #expect(try await there.recentActiveSession(id: Self.id, now: TestClock.base) != nil)
                #expect(try await here.delete(id: Self.id))
                #expect(try await here.recentActiveSession(id: Self.id, now: TestClock.base) == nil)
                // The other instance's memory is the documented window (SESSION_CHECK_REUSE_MS).
                #expect(try await there.recentActiveSession(id: Self.id, now: TestClock.base) != nil)

                // Password reset: every session of the user.
                try await Self.start(db, user: user, id: "s-a")
                try await Self.start(db, user: user, id: "s-b")
                let other = try await db.makeUser("ned")
                try await Self.start(db, user: other, id: "s-other")
                for id in ["s-a", "s-b", "s-other"] {
                    #expect(try await here.recentActiveSession(id: id, now: TestClock.base) != nil)
                }
                try await here.deleteAll(userId: user.id)
                #expect(try await here.recentActiveSession(id: "s-a", now: TestClock.base) == nil)
                #expect(try await here.recentActiveSession(id: "s-b", now: TestClock.base) == nil)
                #expect(try await here.recentActiveSession(id: "s-other", now: TestClock.base)?.user == other)

                // A refresh token used twice ends the session.
                try await Self.start(db, user: user, id: "s-rot")
                #expect(try await here.recentActiveSession(id: "s-rot", now: TestClock.base) != nil)
                #expect(
                    try await here.rotateRefresh(id: "s-rot", presented: 0, now: TestClock.base, grace: 30)
                        == .issue(generation: 1))
                #expect(try await here.recentActiveSession(id: "s-rot", now: TestClock.base) != nil)
                #expect(
                    try await here.rotateRefresh(id: "s-rot", presented: 0, now: TestClock.at(120), grace: 30)
                        == .reused)
                #expect(try await here.recentActiveSession(id: "s-rot", now: TestClock.at(120)) == nil)
            }
        }

        /// A check that read the row before a logout here finished must not put the session back:
        /// many lookups race with the logout, and afterwards none is remembered.
        @Test(arguments: Backend.testable)
        func aLookupRacingALogoutDoesNotRememberTheSession(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let user = try await db.makeUser("oli")
                let (here, _) = Self.instances(db, maximumAge: .seconds(60))
                for round in 0..<5 {
                    let id = "s-race-\(round)"
                    try await Self.start(db, user: user, id: id)
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for _ in 0..<8 {
                            group.addTask { _ = try await here.recentActiveSession(id: id, now: TestClock.base) }
                        }
                        group.addTask { _ = try await here.delete(id: id) }
                        try await group.waitForAll()
                    }
                    #expect(try await here.recentActiveSession(id: id, now: TestClock.base) == nil)
                }
            }
        }

        @Test func theMemoryIsBounded() async throws {
            try await TestDatabase.with(.sqlite) { db in
                let user = try await db.makeUser("pam")
                let here = RecentSessionChecks(base: db.repositories.sessions, maximumAge: .seconds(60), capacity: 3)
                for index in 0..<7 {
                    try await Self.start(db, user: user, id: "s-\(index)")
                    _ = try await here.recentActiveSession(id: "s-\(index)", now: TestClock.base)
                    #expect(here.count <= 3)
                }
            }
        }
    }
}
