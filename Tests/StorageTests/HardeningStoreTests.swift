import Foundation
import RecordsCore
import Testing

@testable import Storage

extension StorageSuite {
    @Suite struct HardeningStoreTests {
        @Test(arguments: Backend.testable)
        func reserveAndRelease(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let limits = db.repositories.rateLimits
                var tickets: [Int64] = []
                for _ in 0..<3 {
                    tickets.append(
                        try #require(
                            try await limits.reserve(
                                key: "login:9.9.9.9", limit: 3, window: .seconds(60), now: TestClock.base)))
                }
                #expect(Set(tickets).count == 3)
                #expect(
                    try await limits.reserve(key: "login:9.9.9.9", limit: 3, window: .seconds(60), now: TestClock.base)
                        == nil)
                // A released attempt frees its slot, once.
                try await limits.release(id: tickets[0])
                try await limits.release(id: tickets[0])
                #expect(try await limits.count(key: "login:9.9.9.9", window: .seconds(60), now: TestClock.base) == 2)
                #expect(
                    try await limits.reserve(key: "login:9.9.9.9", limit: 3, window: .seconds(60), now: TestClock.base)
                        != nil)
                #expect(
                    try await limits.consume(key: "login:9.9.9.9", limit: 3, window: .seconds(60), now: TestClock.base)
                        == false)
            }
        }

        /// Two pools (or two connections to one file), as two server instances have, share one budget.
        @Test(arguments: Backend.testable)
        func reserveIsAtomicAcrossInstances(backend: Backend) async throws {
            try await TestDatabase.withTwoInstances(backend) { first, second in
                let granted = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for index in 0..<40 {
                        let limits = (index.isMultiple(of: 2) ? first : second).repositories.rateLimits
                        group.addTask {
                            try await limits.reserve(
                                key: "login:burst", limit: 5, window: .seconds(300), now: TestClock.base)
                                != nil
                        }
                    }
                    return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                }
                #expect(granted == 5)
            }
        }

        @Test(arguments: Backend.testable)
        func refreshRotation(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let sessions = db.repositories.sessions
                let user = try await db.makeUser("rotator")
                try await sessions.create(
                    LoginSession(
                        id: "rot-1", userId: user.id, createdAt: TestClock.base, expiresAt: TestClock.at(3600),
                        lastAccessedAt: TestClock.base, userAgent: nil, ipAddress: "192.0.2.1"))
                // Current generation 0 → 1; the previous token within the grace window stays at 1.
                #expect(
                    try await sessions.rotateRefresh(id: "rot-1", presented: 0, now: TestClock.at(1), grace: 30)
                        == .issue(generation: 1))
                #expect(
                    try await sessions.rotateRefresh(id: "rot-1", presented: 0, now: TestClock.at(2), grace: 30)
                        == .issue(generation: 1))
                let touched = try await sessions.activeSession(id: "rot-1", now: TestClock.at(3))
                expectSameInstant(touched?.session.lastAccessedAt, TestClock.at(2))
                #expect(
                    try await sessions.rotateRefresh(id: "rot-1", presented: 1, now: TestClock.at(40), grace: 30)
                        == .issue(generation: 2))
                // Generation 1 after the window: reuse, and the session is gone.
                #expect(
                    try await sessions.rotateRefresh(id: "rot-1", presented: 1, now: TestClock.at(80), grace: 30)
                        == .reused)
                #expect(try await sessions.activeSession(id: "rot-1", now: TestClock.at(81)) == nil)
                #expect(
                    try await sessions.rotateRefresh(id: "rot-1", presented: 2, now: TestClock.at(82), grace: 30)
                        == .missing)
            }
        }

        @Test(arguments: Backend.testable)
        func concurrentRotationsIssueOneGeneration(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let sessions = db.repositories.sessions
                let user = try await db.makeUser("parallel")
                try await sessions.create(
                    LoginSession(
                        id: "rot-2", userId: user.id, createdAt: TestClock.base, expiresAt: TestClock.at(3600),
                        lastAccessedAt: TestClock.base, userAgent: nil, ipAddress: nil))
                let outcomes = try await withThrowingTaskGroup(of: RefreshRotation.self) { group in
                    for _ in 0..<6 {
                        group.addTask {
                            try await sessions.rotateRefresh(id: "rot-2", presented: 0, now: TestClock.at(1), grace: 30)
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(outcomes.allSatisfy { $0 == .issue(generation: 1) })
            }
        }

        @Test(arguments: Backend.testable)
        func knownAddresses(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let sessions = db.repositories.sessions
                let user = try await db.makeUser("known")
                try await sessions.create(
                    LoginSession(
                        id: "known-1", userId: user.id, createdAt: TestClock.base, expiresAt: TestClock.at(100),
                        lastAccessedAt: TestClock.base, userAgent: nil, ipAddress: "192.0.2.44"))
                #expect(try await sessions.hasSession(userId: user.id, ipAddress: "192.0.2.44", now: TestClock.at(1)))
                #expect(
                    try await sessions.hasSession(userId: user.id, ipAddress: "192.0.2.45", now: TestClock.at(1))
                        == false)
                #expect(
                    try await sessions.hasSession(userId: user.id, ipAddress: "192.0.2.44", now: TestClock.at(100))
                        == false)
            }
        }
    }
}
