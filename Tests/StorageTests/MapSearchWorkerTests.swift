import AsyncHTTPClient
import FakeTrackmania
import Foundation
import Logging
import RecordsCore
import Testing
import TrackmaniaAPI

@testable import Storage

extension StorageSuite {
    /// The map-search worker against the fake Trackmania world over HTTP and a real database.
    @Suite struct MapSearchWorkerTests {
        static let world = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/trackmania/world.json")

        static let logger: Logger = {
            var logger = Logger(label: "recordsw.worker.tests")
            logger.logLevel = .critical
            return logger
        }()

        /// One server instance's Trackmania clients and worker over `db`.
        static func instance(
            _ db: Database, fake: RunningFakeTrackmania, rate: Double, shared: Bool, settings: MapSearchWorker.Settings
        ) -> MapSearchWorker {
            var configuration = TrackmaniaConfiguration.pointingAt(
                fakeBaseURL: fake.baseURL, userAgent: "recordsw-tests")
            configuration.requestsPerSecond = rate
            configuration.requestTimeout = .seconds(10)
            configuration.retryBaseDelay = .milliseconds(20)
            let services = TrackmaniaServices(
                configuration: configuration, httpClient: .shared, tokens: db.repositories.apiTokens,
                displayNames: db.repositories.displayNames, sharedPace: shared ? db.trackmaniaPace : nil,
                logger: logger)
            let runner = MapSearchRunner(
                exchange: services.exchange, leaderboards: services.leaderboards, directory: services.directory,
                logger: logger)
            return MapSearchWorker(
                jobs: db.repositories.mapSearchJobs, runner: runner, clock: SystemClock(), logger: logger,
                settings: settings)
        }

        static func withFake(_ body: (RunningFakeTrackmania) async throws -> Void) async throws {
            let fake = try await FakeTrackmaniaServer.start(worldAt: world, logger: logger)
            do {
                try await body(fake)
            } catch {
                await fake.stop()
                throw error
            }
            await fake.stop()
        }

        static func result(_ job: MapSearchJob?) throws -> [JSONValue] {
            let text = try #require(job?.resultJSON)
            return try #require(try JSONValue.parse(text).arrayValue)
        }

        @Test(arguments: Backend.testable)
        func jobsRememberWhoQueuedThem(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let jobs = db.repositories.mapSearchJobs
                let user = try await db.makeUser("Owner")
                let owned = try await jobs.create(
                    id: "owned", username: "m", period: "1d", userId: user.id, now: Date())
                #expect(owned.userId == user.id)
                #expect(try await jobs.job(id: "owned")?.userId == user.id)
                #expect(
                    try await jobs.create(
                        id: "anonymous", username: "m", period: "1d", now: Date().addingTimeInterval(1)
                    )
                    .userId == nil)
                // Claims and results keep the owner.
                let claimed = try await jobs.claimNext(worker: "w", staleAfter: .seconds(60), now: Date())
                #expect(claimed?.id == "owned" && claimed?.userId == user.id)
            }
        }

        @Test(arguments: Backend.testable)
        func aFailingMapIsReportedAndTheJobCompletes(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                try await Self.withFake { fake in
                    let worker = Self.instance(db, fake: fake, rate: 1000, shared: false, settings: .init())
                    // One leaderboard answers 404 (not retried): that map alone is reported.
                    await fake.state.addFaults([FakeFault(endpoint: "live.top", kind: .status, status: 404, count: 1)])
                    let id = UUID().uuidString.lowercased()
                    _ = try await db.repositories.mapSearchJobs.create(
                        id: id, username: "RavageRunner", period: "1d", now: Date())
                    #expect(await worker.drain() == 1)
                    let job = try await db.repositories.mapSearchJobs.job(id: id)
                    #expect(job?.status == .completed)
                    let entries = try Self.result(job)
                    #expect(entries.count == 6)
                    let failed = entries.filter { $0.objectValue?["error"] != nil }
                    #expect(failed.count == 1)
                    #expect(failed.first?.objectValue?["leaderboard"] == .array([]))
                    // The other maps carry records with display names from the OAuth API.
                    let named = entries.compactMap { $0.objectValue?["leaderboard"]?.arrayValue?.first?.objectValue }
                    #expect(named.count == 5)
                    #expect(named.allSatisfy { $0["playerName"]?.stringValue != nil })
                    #expect(named.allSatisfy { ($0["timestamp"]?.numberValue ?? 0) < 10_000_000_000 })
                }
            }
        }

        /// One TMX listing, one leaderboard call per map, ⌈unknown accounts / 50⌉ display-name calls; a second
        /// search over the same maps finds every name in the cache.
        @Test(arguments: Backend.testable)
        func aSearchCostsOneCallPerMapAndNamesComeFromTheCache(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                try await Self.withFake { fake in
                    let worker = Self.instance(db, fake: fake, rate: 1000, shared: false, settings: .init())
                    let jobs = db.repositories.mapSearchJobs
                    _ = try await jobs.create(id: "first", username: "lys_maps", period: "1m", now: Date())
                    #expect(await worker.drain() == 1)
                    let entries = try Self.result(try await jobs.job(id: "first"))
                    let accounts = Set(
                        entries.flatMap { $0.objectValue?["leaderboard"]?.arrayValue ?? [] }
                            .compactMap { $0.objectValue?["accountId"]?.stringValue })
                    #expect(!accounts.isEmpty)
                    var stats = await fake.state.currentStats()
                    #expect(stats.count("tmx.maps") == 1)
                    #expect(stats.count("live.top") == 8)
                    #expect(stats.count("oauth.displayNames") == (accounts.count + 49) / 50)

                    await fake.state.resetStats()
                    _ = try await jobs.create(id: "second", username: "lys_maps", period: "1m", now: Date())
                    #expect(await worker.drain() == 1)
                    stats = await fake.state.currentStats()
                    #expect(stats.count("live.top") == 8)
                    #expect(stats.count("oauth.displayNames") == 0)
                    #expect(try Self.result(try await jobs.job(id: "second")).count == entries.count)
                }
            }
        }

        @Test(arguments: Backend.testable)
        func aJobLeftProcessingByADeadWorkerIsReclaimed(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                try await Self.withFake { fake in
                    let jobs = db.repositories.mapSearchJobs
                    let id = UUID().uuidString.lowercased()
                    let longAgo = Date().addingTimeInterval(-600)
                    _ = try await jobs.create(id: id, username: "lys_maps", period: "1m", now: longAgo)
                    // A worker claimed it ten minutes ago and was killed.
                    _ = try await jobs.claim(id: id, worker: "killed", staleAfter: .seconds(120), now: longAgo)
                    var settings = MapSearchWorker.Settings()
                    settings.staleAfter = .seconds(120)
                    let worker = Self.instance(db, fake: fake, rate: 1000, shared: false, settings: settings)
                    #expect(await worker.drain() == 1)
                    let job = try #require(try await jobs.job(id: id))
                    #expect(job.status == .completed)
                    #expect(job.attempts == 2)
                    #expect(job.workerId == worker.workerId)
                    #expect(try Self.result(job).count > 0)
                    // The killed worker's late result is refused.
                    #expect(try await jobs.complete(id: id, worker: "killed", resultJSON: "[]", now: Date()) == false)
                }
            }
        }

        @Test(arguments: Backend.testable)
        func unknownPeriodsAndUnreachableUpstreamsFailTheJobCleanly(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                try await Self.withFake { fake in
                    let jobs = db.repositories.mapSearchJobs
                    let worker = Self.instance(db, fake: fake, rate: 1000, shared: false, settings: .init())
                    _ = try await jobs.create(id: "old-period", username: "kaizo", period: "1y", now: Date())
                    await fake.state.addFaults([FakeFault(endpoint: "tmx.maps", kind: .status, status: 404)])
                    _ = try await jobs.create(
                        id: "no-tmx", username: "kaizo", period: "1d", now: Date().addingTimeInterval(1))
                    #expect(await worker.drain() == 2)
                    #expect(try await jobs.job(id: "old-period")?.errorMessage == "Unknown period 1y")
                    #expect(try await jobs.job(id: "no-tmx")?.errorMessage == MapSearchWorker.upstreamFailureMessage)
                    // Finished jobs go after the retention time, not before.
                    await worker.prune(now: Date())
                    #expect(try await jobs.job(id: "no-tmx") != nil)
                    await worker.prune(now: Date().addingTimeInterval(25 * 3600))
                    #expect(try await jobs.job(id: "no-tmx") == nil)
                }
            }
        }

        /// Two server instances on one PostgreSQL database, both working jobs against one Trackmania
        /// service: together they stay within `TRACKMANIA_RATE_LIMIT`, measured from the fake's call log.
        @Test func twoInstancesShareOnePace() async throws {
            try await TestDatabase.withTwoInstances(.postgres) { first, second in
                try await Self.withFake { fake in
                    let rate = 8.0
                    let workers = [first, second].map {
                        Self.instance($0, fake: fake, rate: rate, shared: true, settings: .init())
                    }
                    for index in 0..<6 {
                        _ = try await first.repositories.mapSearchJobs.create(
                            id: "pace-\(index)", username: index % 2 == 0 ? "RavageRunner" : "lys_maps", period: "1w",
                            now: Date().addingTimeInterval(Double(index)))
                    }
                    await fake.state.resetStats()
                    let done = await withTaskGroup(of: Int.self) { group in
                        for worker in workers { group.addTask { await worker.drain() } }
                        return await group.reduce(0, +)
                    }
                    #expect(done == 6)
                    let arrivals = await fake.state.callLog().map { $0.at }
                    #expect(arrivals.count >= 40)
                    // Evenly spaced slots put at most `rate` calls in any one-second window (one more at the
                    // window's closed edge); two unpaced instances would put about twice as many. The bounds
                    // sit half-way, not at the pace itself: arrival times at the fake carry the machine's
                    // scheduling jitter (a busy machine bunches calls), and a test asserts no timing.
                    var busiest = 0
                    for (index, start) in arrivals.enumerated() {
                        let inWindow = arrivals[index...].prefix { $0 - start < .seconds(1) }.count
                        busiest = max(busiest, inWindow)
                    }
                    #expect(busiest < Int(rate * 1.5), "busiest second held \(busiest) calls")
                    let span = try #require(arrivals.last) - arrivals[0]
                    let average =
                        Double(arrivals.count - 1)
                        / (Double(span.components.seconds) + Double(span.components.attoseconds) / 1e18)
                    #expect(average < rate * 1.5, "average \(average) calls per second")
                    // Both instances did work.
                    let owners = try await (0..<6).asyncMap {
                        try await first.repositories.mapSearchJobs.job(id: "pace-\($0)")?.workerId
                    }
                    #expect(Set(owners.compactMap { $0 }).count == 2)
                }
            }
        }
    }
}
