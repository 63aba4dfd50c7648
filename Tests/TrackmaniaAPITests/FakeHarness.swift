import AsyncHTTPClient
import FakeTrackmania
import Foundation
import Logging
import RecordsCore
import TrackmaniaAPI

/// A running fake plus clients pointed at it, with limits small enough for fast tests.
struct FakeHarness {
    static let userAgent = "recordsw-tests/1.0 (tests@example.com)"

    let fake: RunningFakeTrackmania
    let configuration: TrackmaniaConfiguration
    let tokens: InMemoryAPITokens
    let names: InMemoryDisplayNames
    let services: TrackmaniaServices
    /// The time both the fake's tokens and the clients' judgement of them follow: it stands still
    /// until a test moves it, so a token expires when the test says, however loaded the machine.
    let clock: ManualClock

    /// Another client set over the same token store, as a second server instance would be.
    func secondInstance() -> TrackmaniaServices {
        TrackmaniaServices(
            configuration: configuration, httpClient: .shared, tokens: tokens, displayNames: names, clock: clock,
            logger: Logger(label: "tm-test-2"))
    }

    func stats() async -> FakeStats { await fake.state.currentStats() }

    /// Runs `body` against a fresh fake; the fake stops afterwards whatever happens.
    static func with<T>(
        world: FakeWorld = TestWorld.world,
        configure: (inout TrackmaniaConfiguration) -> Void = { _ in },
        body: (FakeHarness) async throws -> T
    ) async throws -> T {
        let clock = ManualClock()
        let fake = try await FakeTrackmaniaServer.start(
            world: world, logger: Logger(label: "fake-tm-test"), tokenClock: clock)
        var configuration = TrackmaniaConfiguration.pointingAt(fakeBaseURL: fake.baseURL, userAgent: userAgent)
        configuration.requestsPerSecond = 10_000
        configuration.maxConcurrentRequests = 8
        // Generous: the whole test suite runs in parallel on two cores, and a spurious timeout would
        // retry and skew the call counts the tests assert. Timeout tests set their own.
        configuration.requestTimeout = .seconds(10)
        configuration.maxAttempts = 3
        configuration.retryBaseDelay = .milliseconds(20)
        configuration.maxRetryAfter = .seconds(2)
        configuration.tokenExpiryMargin = .zero
        configure(&configuration)
        let tokens = InMemoryAPITokens()
        let names = InMemoryDisplayNames()
        let harness = FakeHarness(
            fake: fake, configuration: configuration, tokens: tokens, names: names,
            services: TrackmaniaServices(
                configuration: configuration, httpClient: .shared, tokens: tokens, displayNames: names, clock: clock,
                logger: Logger(label: "tm-test")),
            clock: clock)
        do {
            let result = try await body(harness)
            await fake.stop()
            return result
        } catch {
            await fake.stop()
            throw error
        }
    }
}
