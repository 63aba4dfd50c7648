import Foundation
import RecordsCore
import Testing

@testable import Storage

extension StorageSuite {
    @Suite struct UserRepositoryTests {
        @Test(arguments: Backend.testable)
        func registersAndReadsBack(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let users = db.repositories.users
                let outcome = try await users.register(
                    NewUser(username: "Mapper_1", email: "mapper@example.com", passwordHash: "$2a$10$hash"),
                    maxUsers: 200, now: TestClock.base)
                guard case .created(let user) = outcome else {
                    Issue.record("expected created, got \(outcome)")
                    return
                }
                #expect(user.username == "Mapper_1")
                #expect(user.role == .user)
                expectSameInstant(user.createdAt, TestClock.base)
                #expect(try await users.user(id: user.id) == user)
                #expect(try await users.user(id: user.id + 1000) == nil)
                #expect(try await users.count() == 1)
            }
        }

        @Test(arguments: Backend.testable)
        func refusesTakenUsernameAndEmailCaseInsensitively(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let users = db.repositories.users
                _ = try await db.makeUser("alice", email: "alice@example.com")
                let sameName = try await users.register(
                    NewUser(username: "alice", email: "other@example.com", passwordHash: "h"), maxUsers: 200,
                    now: TestClock.base)
                #expect(sameName == .usernameTaken)
                let sameEmail = try await users.register(
                    NewUser(username: "alice2", email: "ALICE@example.com", passwordHash: "h"), maxUsers: 200,
                    now: TestClock.base)
                #expect(sameEmail == .emailTaken)
                #expect(try await users.count() == 1)
            }
        }

        @Test(arguments: Backend.testable)
        func uniqueIndexesRefuseDirectDuplicates(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                _ = try await db.makeUser("bob", email: "bob@example.com")
                await #expect(throws: StoreError.self) {
                    try await db.execute(
                        "INSERT INTO users (username, email, password) VALUES ('bob', 'x@example.com', 'p')")
                }
                do {
                    try await db.execute(
                        "INSERT INTO users (username, email, password) VALUES ('bobby', 'BOB@Example.com', 'p')")
                    Issue.record("a duplicate email in another case was accepted")
                } catch let error as StoreError {
                    guard case .uniqueViolation = error else {
                        Issue.record("expected a unique violation, got \(error)")
                        return
                    }
                }
            }
        }

        @Test(arguments: Backend.testable)
        func capIsEnforcedUnderConcurrentRegistrations(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let users = db.repositories.users
                let outcomes = try await withThrowingTaskGroup(of: RegistrationOutcome.self) { group in
                    for index in 0..<12 {
                        group.addTask {
                            try await users.register(
                                NewUser(
                                    username: "racer\(index)", email: "racer\(index)@example.com", passwordHash: "h"),
                                maxUsers: 5, now: TestClock.base)
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                let created = outcomes.filter { if case .created = $0 { true } else { false } }
                #expect(created.count == 5)
                #expect(outcomes.filter { $0 == .capReached }.count == 7)
                #expect(try await users.count() == 5)
            }
        }

        @Test(arguments: Backend.testable)
        func concurrentRegistrationsOfOneNameCreateOneUser(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let users = db.repositories.users
                let outcomes = try await withThrowingTaskGroup(of: RegistrationOutcome.self) { group in
                    for index in 0..<6 {
                        group.addTask {
                            try await users.register(
                                NewUser(username: "same", email: "same\(index)@example.com", passwordHash: "h"),
                                maxUsers: 200, now: TestClock.base)
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(outcomes.filter { if case .created = $0 { true } else { false } }.count == 1)
                #expect(outcomes.filter { $0 == .usernameTaken }.count == 5)
            }
        }

        @Test(arguments: Backend.testable)
        func loginIdentifierPrefersEmailAndIgnoresEmailCase(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let users = db.repositories.users
                let carol = try await db.makeUser("carol", email: "carol@example.com")
                // A username that looks like another user's email: the email match must win.
                let squatter = try await db.makeUser("dave", email: "dave@example.com")
                try await db.execute("UPDATE users SET username = 'carol@example.com' WHERE id = \(squatter.id)")
                #expect(try await users.user(loginIdentifier: "Carol@Example.COM")?.id == carol.id)
                #expect(try await users.user(loginIdentifier: "carol")?.id == carol.id)
                #expect(try await users.user(loginIdentifier: "nobody") == nil)
            }
        }

        @Test(arguments: Backend.testable)
        func upsertAdminCreatesThenPromotes(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let users = db.repositories.users
                let created = try await users.upsertAdmin(
                    NewUser(username: "root", email: "root@example.com", passwordHash: "h1", role: .admin),
                    now: TestClock.base)
                #expect(created.role == .admin)
                let erin = try await db.makeUser("erin")
                let promoted = try await users.upsertAdmin(
                    NewUser(username: "erin", email: "ERIN@example.com", passwordHash: "h2", role: .admin),
                    now: TestClock.base)
                #expect(promoted.id == erin.id)
                #expect(promoted.role == .admin)
                #expect(promoted.passwordHash == "h2")
                #expect(try await users.count() == 2)
            }
        }

        @Test(arguments: Backend.testable)
        func storesTrackmaniaIdentity(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let users = db.repositories.users
                let user = try await db.makeUser("frank")
                #expect(try await users.setTrackmaniaIdentity(userId: user.id, tmUsername: "Frank", accountId: "acc-1"))
                #expect(try await users.setTrackmaniaIdentity(userId: 9999, tmUsername: "x", accountId: "y") == false)
                let stored = try await users.user(id: user.id)
                #expect(stored?.tmUsername == "Frank")
                #expect(stored?.tmAccountId == "acc-1")
            }
        }
    }
}
