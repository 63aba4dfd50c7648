import Foundation
import RecordsCore
import Testing

@testable import Storage

extension StorageSuite {
    /// The bounded, fair map-search queue (issue 26): repeated searches answer the waiting job, a user and
    /// the whole queue have caps, and users take turns at the worker.
    @Suite struct MapSearchQueueTests {
        static let limits = MapSearchQueueLimits(perUser: 3, total: 100)

        static func enqueue(
            _ jobs: any MapSearchJobRepository, _ id: String, _ username: String, period: String = "1d", user: Int,
            limits: MapSearchQueueLimits = limits, at offset: TimeInterval = 0
        ) async throws -> MapSearchEnqueueOutcome {
            try await jobs.enqueue(
                id: id, username: username, period: period, userId: user, limits: limits, now: TestClock.at(offset))
        }

        @Test(arguments: Backend.testable)
        func aRepeatedSearchAnswersTheWaitingJob(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let jobs = db.repositories.mapSearchJobs
                let user = try await db.makeUser("Repeater").id
                let other = try await db.makeUser("Other").id
                guard case .queued(let first) = try await Self.enqueue(jobs, "a", "Lys_Maps", period: "1m", user: user)
                else { Issue.record("not queued"); return }
                // Same author (case and spaces aside) and period: the waiting job, even once it is processing.
                #expect(try await Self.enqueue(jobs, "b", " lys_maps ", period: "1m", user: user) == .existing(first))
                let claimed = try #require(
                    try await jobs.claimNext(worker: "w", staleAfter: .seconds(120), now: TestClock.at(1)))
                let again = try await Self.enqueue(jobs, "c", "LYS_MAPS", period: "1m", user: user)
                #expect(again == .existing(claimed))
                #expect(try await jobs.unfinishedJobs(userId: user).map(\.id) == ["a"])
                // Another period, or another user, is another search.
                guard case .queued = try await Self.enqueue(jobs, "d", "Lys_Maps", period: "1w", user: user) else {
                    Issue.record("another period was not queued"); return
                }
                guard case .queued = try await Self.enqueue(jobs, "e", "Lys_Maps", period: "1m", user: other) else {
                    Issue.record("another user's search was not queued"); return
                }
                // Once finished, the same search is queued anew.
                #expect(try await jobs.complete(id: "a", worker: "w", resultJSON: "[]", now: TestClock.at(2)))
                guard case .queued = try await Self.enqueue(jobs, "f", "lys_maps", period: "1m", user: user) else {
                    Issue.record("a finished search was not queued again"); return
                }
            }
        }

        @Test(arguments: Backend.testable)
        func aUserHasAtMostTheirCapOfUnfinishedJobs(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let jobs = db.repositories.mapSearchJobs
                let user = try await db.makeUser("Burst").id
                for index in 0..<3 {
                    guard case .queued = try await Self.enqueue(jobs, "j\(index)", "m\(index)", user: user) else {
                        Issue.record("job \(index) not queued"); return
                    }
                }
                #expect(try await Self.enqueue(jobs, "j3", "m3", user: user) == .userLimitReached)
                // A processing job still counts; a finished one frees its place.
                _ = try await jobs.claimNext(worker: "w", staleAfter: .seconds(120), now: TestClock.at(1))
                #expect(try await Self.enqueue(jobs, "j3", "m3", user: user) == .userLimitReached)
                #expect(try await jobs.fail(id: "j0", worker: "w", message: "x", now: TestClock.at(2)))
                guard case .queued = try await Self.enqueue(jobs, "j3", "m3", user: user) else {
                    Issue.record("a freed place was not used"); return
                }
                #expect(try await jobs.job(id: "j4") == nil)
            }
        }

        /// Parallel requests of one user cannot all pass the count: exactly the cap is queued.
        @Test(arguments: Backend.testable)
        func parallelRequestsCannotExceedTheCap(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let jobs = db.repositories.mapSearchJobs
                let user = try await db.makeUser("Parallel").id
                let outcomes = try await withThrowingTaskGroup(of: MapSearchEnqueueOutcome.self) { group in
                    for index in 0..<12 {
                        group.addTask { try await Self.enqueue(jobs, "p\(index)", "author\(index)", user: user) }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                let queued = outcomes.filter { if case .queued = $0 { true } else { false } }
                #expect(queued.count == 3)
                #expect(outcomes.filter { $0 == .userLimitReached }.count == 9)
                #expect(try await jobs.unfinishedJobs(userId: user).count == 3)
            }
        }

        @Test(arguments: Backend.testable)
        func theQueueIsBoundedAcrossUsers(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let jobs = db.repositories.mapSearchJobs
                let small = MapSearchQueueLimits(perUser: 3, total: 2)
                let first = try await db.makeUser("First").id
                let second = try await db.makeUser("Second").id
                let third = try await db.makeUser("Third").id
                guard case .queued(let waiting) = try await Self.enqueue(jobs, "q1", "m", user: first, limits: small),
                    case .queued = try await Self.enqueue(jobs, "q2", "m", user: second, limits: small)
                else { Issue.record("not queued"); return }
                #expect(try await Self.enqueue(jobs, "q3", "m", user: third, limits: small) == .queueFull)
                #expect(try await Self.enqueue(jobs, "q3", "n", user: first, limits: small) == .queueFull)
                // A repeated search is still answered with its job when the queue is full.
                #expect(try await Self.enqueue(jobs, "q3", "M", user: first, limits: small) == .existing(waiting))
                #expect(try await jobs.job(id: "q3") == nil)
            }
        }

        /// One user's burst does not hold back another user's search: users take turns.
        @Test(arguments: Backend.testable)
        func usersTakeTurnsAtTheWorker(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let jobs = db.repositories.mapSearchJobs
                let burst = try await db.makeUser("Burster").id
                let patient = try await db.makeUser("Patient").id
                let late = try await db.makeUser("Late").id
                for index in 0..<3 {
                    _ = try await Self.enqueue(jobs, "a\(index)", "m\(index)", user: burst, at: Double(index))
                }
                _ = try await Self.enqueue(jobs, "b0", "m", user: patient, at: 10)
                _ = try await Self.enqueue(jobs, "b1", "n", user: patient, at: 11)
                var order: [String] = []
                var clock: TimeInterval = 20
                while let job = try await jobs.claimNext(
                    worker: "w", staleAfter: .seconds(120), now: TestClock.at(clock))
                {
                    order.append(job.id)
                    clock += 5
                    #expect(
                        try await jobs.complete(id: job.id, worker: "w", resultJSON: "[]", now: TestClock.at(clock)))
                    clock += 1
                    if job.id == "b0" {
                        // A user who was never served goes next.
                        _ = try await Self.enqueue(jobs, "c0", "m", user: late, at: clock)
                    }
                }
                #expect(order == ["a0", "b0", "c0", "a1", "b1", "a2"])
            }
        }
    }
}
