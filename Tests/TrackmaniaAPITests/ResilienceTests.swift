import FakeTrackmania
import Foundation
import RecordsCore
import Testing
import TrackmaniaAPI

@Suite("Retries, timeouts, rate limiting and etiquette against the fake")
struct ResilienceTests {
    private func top(_ harness: FakeHarness, _ uid: String = "M1") async throws -> LeaderboardTop {
        try await harness.services.leaderboards.top(mapUid: uid, onlyWorld: true, length: 10, offset: 0)
    }

    @Test func rateLimitedCallWaitsForRetryAfter() async throws {
        try await FakeHarness.with { harness in
            _ = try await top(harness)
            await harness.fake.state.addFaults([
                FakeFault(endpoint: FakeEndpoint.top, kind: .rateLimit, retryAfter: 0.4, count: 1)
            ])
            let clock = ContinuousClock()
            let start = clock.now
            let result = try await top(harness)
            #expect(clock.now - start >= .milliseconds(390))
            #expect(result.worldRecords.count == 10)
            #expect(await harness.stats().count(FakeEndpoint.top) == 3)
        }
    }

    @Test func retryAfterBeyondTheLimitFailsFast() async throws {
        try await FakeHarness.with { harness in
            await harness.fake.state.addFaults([
                FakeFault(endpoint: FakeEndpoint.exchangeUsers, kind: .rateLimit, retryAfter: 900)
            ])
            await #expect(throws: TrackmaniaError.rateLimited) {
                try await harness.services.directory.searchExchangeUsers(name: "mapper")
            }
            #expect(await harness.stats().count(FakeEndpoint.exchangeUsers) == 1)
        }
    }

    @Test func serverErrorsAreRetriedWithBackoff() async throws {
        try await FakeHarness.with { harness in
            await harness.fake.state.addFaults([
                FakeFault(endpoint: FakeEndpoint.exchangeMaps, kind: .status, status: 503, count: 2)
            ])
            let maps = try await harness.services.exchange.mapsByAuthor("MapperOne")
            #expect(maps.count == 3)
            #expect(await harness.stats().count(FakeEndpoint.exchangeMaps) == 3)
        }
    }

    @Test func everyAttemptBeyondThePrepaidOneTakesASlotOfTheCallersLane() async throws {
        actor CountingPace: UpstreamPace {
            private(set) var slots = 0
            func acquire() async throws { slots += 1 }
        }
        try await FakeHarness.with { harness in
            _ = try await top(harness)  // the token, fetched outside the lane
            await harness.fake.state.addFaults([
                FakeFault(endpoint: FakeEndpoint.top, kind: .status, status: 503, count: 2)
            ])
            let pace = CountingPace()
            let lane = UpstreamLaneBudget(pace: pace, prepaid: 1)
            let board = try await UpstreamPriority.$lane.withValue(lane) { try await top(harness) }
            #expect(!board.worldRecords.isEmpty)
            // Three attempts: the caller paid for the first, the two retries waited for the lane.
            #expect(await harness.stats().count(FakeEndpoint.top) == 4)
            #expect(await pace.slots == 2)
            // Nothing more is charged once the job is done, and calls outside the lane pay nothing to it.
            _ = try await top(harness)
            #expect(await pace.slots == 2)
        }
    }

    @Test func persistentServerErrorSurfacesAfterMaxAttempts() async throws {
        try await FakeHarness.with { harness in
            await harness.fake.state.addFaults([FakeFault(endpoint: FakeEndpoint.top, kind: .status, status: 500)])
            await #expect(throws: TrackmaniaError.httpStatus(500)) { try await top(harness) }
            #expect(await harness.stats().count(FakeEndpoint.top) == 3)
        }
    }

    @Test func slowResponsesTimeOutAndAreRetried() async throws {
        try await FakeHarness.with(
            // A timeout well above a normal answer's time even on a loaded machine, and delays well above it.
            configure: { $0.requestTimeout = .seconds(1) },
            body: { harness in
                await harness.fake.state.addFaults([
                    FakeFault(endpoint: FakeEndpoint.top, kind: .delay, seconds: 2.5, count: 1)
                ])
                let result = try await top(harness)
                #expect(result.worldRecords.count == 10)
                #expect(await harness.stats().count(FakeEndpoint.top) == 2)

                await harness.fake.state.addFaults([
                    FakeFault(endpoint: FakeEndpoint.top, kind: .delay, seconds: 2.5, count: 3)
                ])
                await #expect(throws: TrackmaniaError.timeout) { try await top(harness) }
            })
    }

    @Test func droppedConnectionsAreRetried() async throws {
        try await FakeHarness.with { harness in
            await harness.fake.state.addFaults([FakeFault(endpoint: FakeEndpoint.displayNames, kind: .drop, count: 1)])
            let names = try await harness.services.directory.displayNames(accountIds: [TestWorld.accountId(2)])
            #expect(names == [TestWorld.accountId(2): "Ünïcødé ☃"])
            #expect(await harness.stats().count(FakeEndpoint.displayNames) == 2)
        }
    }

    @Test(arguments: [FakeEndpoint.top, FakeEndpoint.displayNames, FakeEndpoint.exchangeUsers, FakeEndpoint.nadeoLogin])
    func malformedJSONIsAClearError(endpoint: String) async throws {
        try await FakeHarness.with { harness in
            await harness.fake.state.addFaults([FakeFault(endpoint: endpoint, kind: .malformed, count: 1)])
            let error = await #expect(throws: TrackmaniaError.self) {
                switch endpoint {
                case FakeEndpoint.displayNames:
                    _ = try await harness.services.directory.displayNames(accountIds: [TestWorld.accountId(1)])
                case FakeEndpoint.exchangeUsers:
                    _ = try await harness.services.directory.searchExchangeUsers(name: "mapper")
                default:
                    _ = try await top(harness)
                }
            }
            guard case .malformedResponse(let detail) = error else {
                Issue.record("expected malformedResponse, got \(String(describing: error))")
                return
            }
            #expect(detail.contains(endpoint))
        }
    }

    @Test func everyRequestCarriesTheUserAgent() async throws {
        try await FakeHarness.with { harness in
            await harness.fake.state.addFaults([
                FakeFault(endpoint: FakeEndpoint.top, kind: .status, status: 502, count: 1)
            ])
            _ = try await top(harness)
            _ = try await harness.services.leaderboards.positions(scores: ["M1": 1])
            _ = try await harness.services.leaderboards.mapInfo(mapUids: ["M1"])
            _ = try await harness.services.directory.displayNames(accountIds: [TestWorld.accountId(4)])
            _ = try await harness.services.directory.accountIds(displayNames: ["Driver9"])
            _ = try await harness.services.directory.searchExchangeUsers(name: "mapper")
            _ = try await harness.services.exchange.mapsByAuthor("MapperOne")
            let stats = await harness.stats()
            #expect(stats.missingUserAgent == 0)
            #expect(stats.userAgents.keys.sorted() == [FakeHarness.userAgent])
            #expect(stats.userAgents[FakeHarness.userAgent] == stats.calls.values.reduce(0, +))
            #expect(stats.calls.count == 9)
        }
    }

    @Test func sharedLimiterPacesAllHosts() async throws {
        try await FakeHarness.with(
            configure: { $0.requestsPerSecond = 20 },
            body: { harness in
                let clock = ContinuousClock()
                let start = clock.now
                async let tops = harness.services.leaderboards.worldTops(mapUids: ["M1", "M2", "BIG1", "BIG2"])
                async let users = harness.services.directory.searchExchangeUsers(name: "mapper")
                async let maps = harness.services.exchange.searchMaps(.name("Big"), count: 10, after: nil)
                _ = try await (tops, users, maps)
                // 7 calls (login included) at 20/s: the last slot is 6 × 50 ms after the first.
                #expect(clock.now - start >= .milliseconds(290))
                #expect(await harness.stats().calls.values.reduce(0, +) == 7)
            })
    }

    @Test func concurrencyIsBoundedAndUsed() async throws {
        try await FakeHarness.with(
            configure: { $0.maxConcurrentRequests = 4 },
            body: { harness in
                _ = try await top(harness)
                await harness.fake.state.addFaults([FakeFault(endpoint: FakeEndpoint.top, kind: .delay, seconds: 0.15)])
                await harness.fake.state.resetStats()
                let clock = ContinuousClock()
                let start = clock.now
                _ = try await harness.services.leaderboards.worldTops(mapUids: (0..<12).map { "BIG\($0)" })
                let elapsed = clock.now - start
                let stats = await harness.stats()
                #expect(stats.maxInFlight == 4)
                // 12 calls of 150 ms, 4 at a time: at least 3 round trips. That the calls did overlap is
                // shown by maxInFlight, not by an upper time bound a loaded machine could miss.
                #expect(elapsed >= .milliseconds(440))
            })
    }
}
