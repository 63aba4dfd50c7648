import Foundation
import RecordsCore
import Testing

@testable import Storage

extension StorageSuite {
    @Suite struct AdminConfigAndTokenTests {
        @Test(arguments: Backend.testable)
        func registrationCapIsTheOnlyDefaultRow(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let config = db.repositories.adminConfig
                #expect(try await config.value(forKey: "max_users_registration") == "200")
                let all = try await config.all()
                #expect(all.map(\.key) == ["max_users_registration"])
                #expect(all.first?.description == "Maximum number of users that can register on the site")
                #expect(try await db.repositories.users.count() == 0)
                #expect(try await config.value(forKey: "missing") == nil)
            }
        }

        @Test(arguments: Backend.testable)
        func setKeepsDescriptionWhenNil(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let config = db.repositories.adminConfig
                try await config.set(
                    key: "max_users_registration", value: "12abc", description: nil, now: TestClock.base)
                let entry = try #require(try await config.all().first)
                #expect(entry.value == "12abc")
                #expect(entry.description == "Maximum number of users that can register on the site")
                expectSameInstant(entry.updatedAt, TestClock.base)
                try await config.set(key: "other", value: "1", description: "d", now: TestClock.base)
                #expect(try await config.all().map(\.key) == ["max_users_registration", "other"])
            }
        }

        @Test(arguments: Backend.testable)
        func apiTokensUpsertWithMillisecondTimestamps(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let tokens = db.repositories.apiTokens
                #expect(try await tokens.token(provider: "auth", tokenType: "access") == nil)
                try await tokens.save(
                    StoredAPIToken(provider: "auth", tokenType: "access", token: "t1", createdAt: TestClock.base))
                try await tokens.save(
                    StoredAPIToken(provider: "auth", tokenType: "access", token: "t2", createdAt: TestClock.at(1)))
                let stored = try #require(try await tokens.token(provider: "auth", tokenType: "access"))
                #expect(stored.token == "t2")
                #expect(Timestamps.epochMilliseconds(stored.createdAt) == Timestamps.epochMilliseconds(TestClock.at(1)))
                try await tokens.delete(provider: "auth", tokenType: "access")
                #expect(try await tokens.token(provider: "auth", tokenType: "access") == nil)
            }
        }

        @Test(arguments: Backend.testable)
        func displayNamesHonourFreshness(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let names = db.repositories.displayNames
                try await names.save(["a1": "Alpha", "b2": "Bravo"], now: TestClock.base)
                try await names.save(["b2": "Bravo2"], now: TestClock.at(100))
                #expect(
                    try await names.displayNames(accountIds: ["a1", "b2", "c3"], freshSince: TestClock.base)
                        == ["a1": "Alpha", "b2": "Bravo2"])
                #expect(
                    try await names.displayNames(accountIds: ["a1", "b2"], freshSince: TestClock.at(50)) == [
                        "b2": "Bravo2"
                    ])
                #expect(try await names.displayNames(accountIds: [], freshSince: TestClock.base).isEmpty)
            }
        }

        @Test(arguments: Backend.testable)
        func rateLimitSlidingWindow(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let limits = db.repositories.rateLimits
                for second in 0..<3 {
                    #expect(
                        try await limits.consume(
                            key: "login:1.2.3.4", limit: 3, window: .seconds(60), now: TestClock.at(Double(second))))
                }
                #expect(
                    try await limits.consume(
                        key: "login:1.2.3.4", limit: 3, window: .seconds(60), now: TestClock.at(10)) == false)
                #expect(
                    try await limits.consume(
                        key: "login:5.6.7.8", limit: 3, window: .seconds(60), now: TestClock.at(10)))
                #expect(try await limits.count(key: "login:1.2.3.4", window: .seconds(60), now: TestClock.at(10)) == 3)
                // The first event leaves the window after 60 s.
                #expect(
                    try await limits.consume(
                        key: "login:1.2.3.4", limit: 3, window: .seconds(60), now: TestClock.at(60)))
                try await limits.record(key: "login:1.2.3.4", now: TestClock.at(61))
                // Window (1 s, 61 s]: the events at 2, 60 and 61 s.
                #expect(try await limits.count(key: "login:1.2.3.4", window: .seconds(60), now: TestClock.at(61)) == 3)
                try await limits.prune(before: TestClock.at(2))
                #expect(
                    try await limits.count(key: "login:1.2.3.4", window: .seconds(3600), now: TestClock.at(61)) == 3)
            }
        }

        @Test(arguments: Backend.testable)
        func rateLimitIsAtomicUnderConcurrency(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let limits = db.repositories.rateLimits
                let granted = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for _ in 0..<10 {
                        group.addTask {
                            try await limits.consume(key: "burst", limit: 4, window: .seconds(60), now: TestClock.base)
                        }
                    }
                    return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                }
                #expect(granted == 4)
            }
        }
    }
}
