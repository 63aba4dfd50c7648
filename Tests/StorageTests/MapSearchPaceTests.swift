import FakeTrackmania
import Foundation
import Logging
import RecordsCore
import Testing
import TrackmaniaAPI

@testable import Storage

extension StorageSuite {
    /// The map-search worker's share of the Trackmania budget (issue 26): every upstream call of a search
    /// first takes a slot of the worker's own pace, so the worker cannot use more than its share.
    @Suite struct MapSearchPaceTests {
        /// Counts the slots taken.
        actor CountingPace: UpstreamPace {
            private(set) var slots = 0
            func acquire() async throws { slots += 1 }
        }

        static func runner(
            _ db: Database, fake: RunningFakeTrackmania, pace: any UpstreamPace, concurrency: Int = 2
        ) -> MapSearchRunner {
            var configuration = TrackmaniaConfiguration.pointingAt(
                fakeBaseURL: fake.baseURL, userAgent: "recordsw-tests")
            configuration.requestsPerSecond = 1000
            configuration.requestTimeout = .seconds(10)
            let services = TrackmaniaServices(
                configuration: configuration, httpClient: .shared, tokens: db.repositories.apiTokens,
                displayNames: db.repositories.displayNames, logger: MapSearchWorkerTests.logger)
            return MapSearchRunner(
                exchange: services.exchange, leaderboards: services.leaderboards, directory: services.directory,
                logger: MapSearchWorkerTests.logger, pace: pace, concurrency: concurrency)
        }

        /// One slot per upstream call of the search: the TMX listing, each leaderboard, each name batch.
        @Test(arguments: Backend.testable)
        func everyUpstreamCallOfASearchTakesAWorkerSlot(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                try await MapSearchWorkerTests.withFake { fake in
                    let pace = CountingPace()
                    let result = try await Self.runner(db, fake: fake, pace: pace)
                        .search(username: "lys_maps", period: .month, now: Date())
                    #expect(!result.isEmpty)
                    let stats = await fake.state.currentStats()
                    let calls = stats.count("tmx.maps") + stats.count("live.top") + stats.count("oauth.displayNames")
                    #expect(stats.count("live.top") == 8)
                    #expect(await pace.slots == calls)
                }
            }
        }

        /// With the worker's pace at 20 calls per second (the process-wide one at 1000), a search of
        /// 1 + 8 + 1 calls cannot finish in less than 9 intervals: the share holds, however many maps.
        @Test(arguments: Backend.testable)
        func aSearchIsHeldToTheWorkersShare(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                try await MapSearchWorkerTests.withFake { fake in
                    let share = TrackmaniaRateLimiter(
                        requestsPerSecond: 20, lane: TrackmaniaRateLimiter.mapSearchLane)
                    let clock = ContinuousClock()
                    let started = clock.now
                    _ = try await Self.runner(db, fake: fake, pace: share, concurrency: 8)
                        .search(username: "lys_maps", period: .month, now: Date())
                    let elapsed = clock.now - started
                    let stats = await fake.state.currentStats()
                    let calls = stats.count("tmx.maps") + stats.count("live.top") + stats.count("oauth.displayNames")
                    #expect(calls >= 10)
                    #expect(elapsed >= .milliseconds(50 * (calls - 1) - 10))
                }
            }
        }
    }
}
