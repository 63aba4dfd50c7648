import Foundation
import RecordsCore
import Testing

@testable import Storage

extension StorageSuite {
    /// Address confirmation, reset nonces and the self-help mail queue (migration 0030) on both stores.
    @Suite struct SelfHelpStoreTests {
        /// Accounts of an original database count as confirmed; only a registration that asks for
        /// confirmation waits, and a confirmation happens once.
        @Test(arguments: Backend.testable)
        func originalAccountsCountAsConfirmed(backend: Backend) async throws {
            try await TestDatabase.with(
                backend, migrate: false,
                prepare: { db in
                    for statement in try SchemaFiles.initStatements(for: db.kind) {
                        try await db.execute(statement)
                    }
                    try await db.execute(
                        """
                        INSERT INTO users (username, email, password, role)
                        VALUES ('old', 'old@example.com', 'h', 'user'), ('older', 'older@example.com', 'h', 'user')
                        """)
                }
            ) { db in
                let applied = try await db.migrate(logger: TestDatabase.logger)
                #expect(applied.contains("0030_self_help"))
                let repo = db.repositories.selfHelp
                #expect(try await repo.awaitingConfirmation(among: [1, 2]).isEmpty)
                #expect(try await repo.isConfirmed(userId: 1))
                #expect(try await repo.confirm(userId: 1, now: TestClock.base) == false)

                let fresh = try await db.makeUser("fresh")
                // A row-less account (made by the original after the migration) counts as confirmed.
                #expect(try await repo.isConfirmed(userId: fresh.id))
                try await repo.requireConfirmation(userId: fresh.id, email: fresh.email, now: TestClock.base)
                #expect(try await repo.isConfirmed(userId: fresh.id) == false)
                #expect(try await repo.awaitingConfirmation(among: [1, fresh.id, 2]) == [fresh.id])
                // The confirmation mail was queued in the same transaction.
                let queued = try #require(try await repo.claimNext(now: TestClock.at(1), lease: 300))
                #expect(queued.kind == .confirmation && queued.userId == fresh.id && queued.email == fresh.email)
                #expect(try await repo.confirm(userId: fresh.id, now: TestClock.at(2)))
                #expect(try await repo.confirm(userId: fresh.id, now: TestClock.at(3)) == false)
                #expect(try await repo.isConfirmed(userId: fresh.id))
                #expect(try await repo.userId(email: "FRESH@example.com") == fresh.id)
                #expect(try await repo.userId(email: "nobody@example.com") == nil)
            }
        }

        @Test(arguments: Backend.testable)
        func mailQueueClaimsOnceRetriesLaterAndFinishes(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let repo = db.repositories.selfHelp
                try await repo.enqueue(.link, email: "a@example.com", userId: nil, now: TestClock.base)
                try await repo.enqueue(.passwordReset, email: "b@example.com", userId: nil, now: TestClock.base)
                let first = try #require(try await repo.claimNext(now: TestClock.at(1), lease: 300))
                #expect(first.kind == .link && first.email == "a@example.com" && first.attempts == 1)
                expectSameInstant(first.createdAt, TestClock.base)
                let second = try #require(try await repo.claimNext(now: TestClock.at(1), lease: 300))
                #expect(second.kind == .passwordReset && second.userId == nil)
                // Both are claimed: nobody else gets them while the lease holds.
                #expect(try await repo.claimNext(now: TestClock.at(2), lease: 300) == nil)

                try await repo.retry(id: first.id, at: TestClock.at(60))
                #expect(try await repo.claimNext(now: TestClock.at(59), lease: 300) == nil)
                let again = try #require(try await repo.claimNext(now: TestClock.at(61), lease: 300))
                #expect(again.id == first.id && again.attempts == 2)
                try await repo.finish(id: first.id)
                // A claim whose worker died is taken over once its lease ends.
                let takenOver = try #require(try await repo.claimNext(now: TestClock.at(302), lease: 300))
                #expect(takenOver.id == second.id && takenOver.attempts == 2)
                try await repo.finish(id: second.id)
                #expect(try await repo.claimNext(now: TestClock.at(10_000), lease: 300) == nil)
            }
        }

        /// Two instances claiming at once never get the same mail.
        @Test(arguments: Backend.testable)
        func twoWorkersNeverShareAMail(backend: Backend) async throws {
            try await TestDatabase.withTwoInstances(backend) { one, two in
                for index in 0..<20 {
                    try await one.repositories.selfHelp.enqueue(
                        .link, email: "p\(index)@example.com", userId: nil, now: TestClock.base)
                }
                let claimed = try await withThrowingTaskGroup(of: [Int].self) { group in
                    for db in [one, two] {
                        group.addTask {
                            var ids: [Int] = []
                            while let next = try await db.repositories.selfHelp.claimNext(
                                now: TestClock.at(1), lease: 300)
                            {
                                ids.append(next.id)
                            }
                            return ids
                        }
                    }
                    return try await group.reduce(into: [Int]()) { $0 += $1 }
                }
                #expect(claimed.count == Set(claimed).count)
                // A worker may stop early on a contended claim; a later pass takes the rest.
                var rest: [Int] = []
                while let next = try await one.repositories.selfHelp.claimNext(now: TestClock.at(2), lease: 300) {
                    rest.append(next.id)
                }
                #expect(Set(claimed + rest).count == 20 && (claimed + rest).count == 20)
            }
        }

        @Test(arguments: Backend.testable)
        func aResetIsSingleUseAndEndsEverySession(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let repo = db.repositories.selfHelp
                let user = try await db.makeUser("resetter")
                let other = try await db.makeUser("other")
                for (id, owner) in [("s1", user.id), ("s2", user.id), ("s3", other.id)] {
                    try await db.repositories.sessions.create(
                        LoginSession(
                            id: id, userId: owner, createdAt: TestClock.base, expiresAt: TestClock.at(86_400),
                            lastAccessedAt: TestClock.base, userAgent: nil, ipAddress: nil))
                }
                try await repo.storeReset(
                    nonceHash: "h1", userId: user.id, now: TestClock.base, expiresAt: TestClock.at(3600))
                try await repo.storeReset(
                    nonceHash: "h2", userId: user.id, now: TestClock.base, expiresAt: TestClock.at(3600))
                try await repo.storeReset(
                    nonceHash: "old", userId: user.id, now: TestClock.base, expiresAt: TestClock.at(10))
                #expect(try await repo.resetIsOpen(nonceHash: "h1", userId: user.id, now: TestClock.at(1)))
                #expect(try await repo.resetIsOpen(nonceHash: "h1", userId: other.id, now: TestClock.at(1)) == false)
                #expect(try await repo.resetIsOpen(nonceHash: "old", userId: user.id, now: TestClock.at(11)) == false)
                #expect(
                    try await repo.resetPassword(
                        nonceHash: "old", userId: user.id, passwordHash: "expired", now: TestClock.at(11)) == false)
                #expect(
                    try await repo.resetPassword(
                        nonceHash: "h1", userId: other.id, passwordHash: "wrong-user", now: TestClock.at(11)) == false)

                #expect(
                    try await repo.resetPassword(
                        nonceHash: "h1", userId: user.id, passwordHash: "new", now: TestClock.at(12)))
                #expect(try await db.repositories.users.user(id: user.id)?.passwordHash == "new")
                #expect(try await db.repositories.users.user(id: other.id)?.passwordHash == "hash-other")
                #expect(try await db.repositories.sessions.activeSession(id: "s1", now: TestClock.at(13)) == nil)
                #expect(try await db.repositories.sessions.activeSession(id: "s2", now: TestClock.at(13)) == nil)
                #expect(try await db.repositories.sessions.activeSession(id: "s3", now: TestClock.at(13)) != nil)
                // Used, and the account's other open link is closed with it.
                #expect(
                    try await repo.resetPassword(
                        nonceHash: "h1", userId: user.id, passwordHash: "x", now: TestClock.at(14))
                        == false)
                #expect(try await repo.resetIsOpen(nonceHash: "h2", userId: user.id, now: TestClock.at(14)) == false)
                #expect(try await db.repositories.users.user(id: user.id)?.passwordHash == "new")

                try await repo.pruneResets(before: TestClock.at(100))
                try await repo.storeReset(
                    nonceHash: "h1", userId: user.id, now: TestClock.at(200), expiresAt: TestClock.at(3800))
                #expect(try await repo.resetIsOpen(nonceHash: "h1", userId: user.id, now: TestClock.at(201)))
            }
        }

        /// A reset confirms the address: the link reached it.
        @Test(arguments: Backend.testable)
        func aResetConfirmsTheAddress(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let repo = db.repositories.selfHelp
                let user = try await db.makeUser("unconfirmed")
                try await repo.requireConfirmation(userId: user.id, email: user.email, now: TestClock.base)
                try await repo.storeReset(
                    nonceHash: "n", userId: user.id, now: TestClock.base, expiresAt: TestClock.at(3600))
                #expect(
                    try await repo.resetPassword(
                        nonceHash: "n", userId: user.id, passwordHash: "p", now: TestClock.at(1)))
                #expect(try await repo.isConfirmed(userId: user.id))
            }
        }
    }
}
