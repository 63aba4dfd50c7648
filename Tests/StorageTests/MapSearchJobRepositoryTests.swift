import Foundation
import RecordsCore
import Testing

@testable import Storage

extension StorageSuite {
    @Suite struct MapSearchJobRepositoryTests {
        @Test(arguments: Backend.testable)
        func createReadCompleteAndFail(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let jobs = db.repositories.mapSearchJobs
                let job = try await jobs.create(id: "job-1", username: "Mapper", period: "1w", now: TestClock.base)
                #expect(job.status == .pending)
                #expect(job.createdAtMillis == Timestamps.epochMilliseconds(TestClock.base))
                #expect(try await jobs.job(id: "job-1") == job)
                #expect(try await jobs.job(id: "missing") == nil)
                await #expect(throws: StoreError.self) {
                    _ = try await jobs.create(id: "job-1", username: "x", period: "1d", now: TestClock.base)
                }
                #expect(
                    try await jobs.complete(id: "job-1", worker: "w1", resultJSON: "[]", now: TestClock.base) == false)
                let claimed = try #require(
                    try await jobs.claim(id: "job-1", worker: "w1", staleAfter: .seconds(300), now: TestClock.at(1)))
                #expect(claimed.status == .processing)
                #expect(claimed.attempts == 1)
                #expect(claimed.workerId == "w1")
                #expect(try await jobs.heartbeat(id: "job-1", worker: "w1", now: TestClock.at(2)))
                #expect(try await jobs.heartbeat(id: "job-1", worker: "w2", now: TestClock.at(2)) == false)
                let result =
                    #"[{"mapId":1,"mapName":"A","leaderboard":[{"accountId":"x","position":1,"score":123,"timestamp":1763874000}]}]"#
                #expect(try await jobs.complete(id: "job-1", worker: "w1", resultJSON: result, now: TestClock.at(3)))
                let done = try #require(try await jobs.job(id: "job-1"))
                #expect(done.status == .completed)
                #expect(done.updatedAtMillis == Timestamps.epochMilliseconds(TestClock.at(3)))
                let decoded =
                    try JSONSerialization.jsonObject(with: Data(try #require(done.resultJSON).utf8)) as? [[String: Any]]
                #expect(decoded?.first?["mapName"] as? String == "A")

                _ = try await jobs.create(id: "job-2", username: "Mapper", period: "1d", now: TestClock.base)
                _ = try await jobs.claim(id: "job-2", worker: "w1", staleAfter: .seconds(300), now: TestClock.base)
                #expect(try await jobs.fail(id: "job-2", worker: "w1", message: "TMX down", now: TestClock.at(4)))
                #expect(try await jobs.job(id: "job-2")?.errorMessage == "TMX down")
                #expect(try await jobs.prune(before: TestClock.at(4)) == 1)
                #expect(try await jobs.job(id: "job-1") == nil)
                #expect(try await jobs.job(id: "job-2") != nil)
            }
        }

        @Test(arguments: Backend.testable)
        func twoWorkersClaimingOneJobGetItOnce(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let jobs = db.repositories.mapSearchJobs
                for round in 0..<5 {
                    _ = try await jobs.create(id: "job-\(round)", username: "m", period: "1d", now: TestClock.base)
                    let winners = try await withThrowingTaskGroup(of: String?.self) { group in
                        for worker in ["w-a", "w-b"] {
                            group.addTask {
                                try await jobs.claim(
                                    id: "job-\(round)", worker: worker, staleAfter: .seconds(300), now: TestClock.at(1))?
                                    .workerId
                            }
                        }
                        return try await group.reduce(into: [String]()) { if let id = $1 { $0.append(id) } }
                    }
                    #expect(winners.count == 1)
                    #expect(try await jobs.job(id: "job-\(round)")?.attempts == 1)
                }
            }
        }

        @Test(arguments: Backend.testable)
        func claimNextHandsEachJobToOneWorker(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let jobs = db.repositories.mapSearchJobs
                for index in 0..<6 {
                    _ = try await jobs.create(
                        id: "n-\(index)", username: "m", period: "1d", now: TestClock.at(Double(index)))
                }
                let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
                    for worker in 0..<3 {
                        group.addTask {
                            var mine: [String] = []
                            while let job = try await jobs.claimNext(
                                worker: "w\(worker)", staleAfter: .seconds(300), now: TestClock.at(10))
                            {
                                mine.append(job.id)
                            }
                            return mine
                        }
                    }
                    return try await group.reduce(into: [String]()) { $0 += $1 }
                }
                #expect(claimed.sorted() == (0..<6).map { "n-\($0)" })
                #expect(
                    try await jobs.claimNext(worker: "late", staleAfter: .seconds(300), now: TestClock.at(11)) == nil)
            }
        }

        @Test(arguments: Backend.testable)
        func twoInstancesShareTheQueueWithoutDoubleClaims(backend: Backend) async throws {
            try await TestDatabase.withTwoInstances(backend) { first, second in
                for index in 0..<10 {
                    _ = try await first.repositories.mapSearchJobs.create(
                        id: "i-\(index)", username: "m", period: "1d", now: TestClock.at(Double(index)))
                }
                let claimed = try await withThrowingTaskGroup(of: [String].self) { group in
                    for (offset, instance) in [first, second, first, second].enumerated() {
                        group.addTask {
                            var mine: [String] = []
                            let jobs = instance.repositories.mapSearchJobs
                            while let job = try await jobs.claimNext(
                                worker: "w\(offset)", staleAfter: .seconds(300), now: TestClock.at(20))
                            {
                                mine.append(job.id)
                            }
                            return mine
                        }
                    }
                    return try await group.reduce(into: [String]()) { $0 += $1 }
                }
                #expect(claimed.sorted() == (0..<10).map { "i-\($0)" }.sorted())
                let single = try await withThrowingTaskGroup(of: Bool.self) { group in
                    _ = try await first.repositories.mapSearchJobs.create(
                        id: "one", username: "m", period: "1d", now: TestClock.base)
                    for instance in [first, second] {
                        group.addTask {
                            try await instance.repositories.mapSearchJobs.claim(
                                id: "one", worker: "x", staleAfter: .seconds(300), now: TestClock.at(1)) != nil
                        }
                    }
                    return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                }
                #expect(single == 1)
            }
        }

        @Test(arguments: Backend.testable)
        func staleProcessingJobIsReclaimed(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let jobs = db.repositories.mapSearchJobs
                _ = try await jobs.create(id: "stale", username: "m", period: "1d", now: TestClock.base)
                _ = try #require(
                    try await jobs.claim(id: "stale", worker: "dead", staleAfter: .seconds(120), now: TestClock.base))
                #expect(
                    try await jobs.claimNext(worker: "alive", staleAfter: .seconds(120), now: TestClock.at(60)) == nil)
                #expect(
                    try await jobs.claim(id: "stale", worker: "alive", staleAfter: .seconds(120), now: TestClock.at(60))
                        == nil)
                let reclaimed = try #require(
                    try await jobs.claimNext(worker: "alive", staleAfter: .seconds(120), now: TestClock.at(121)))
                #expect(reclaimed.id == "stale")
                #expect(reclaimed.attempts == 2)
                #expect(reclaimed.workerId == "alive")
                // The dead worker, should it wake up, can no longer write its result.
                #expect(
                    try await jobs.complete(id: "stale", worker: "dead", resultJSON: "[]", now: TestClock.at(122))
                        == false)
                #expect(try await jobs.complete(id: "stale", worker: "alive", resultJSON: "[]", now: TestClock.at(122)))
            }
        }
    }
}
