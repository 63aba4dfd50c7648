import FakeTrackmania
import Foundation
import Logging
import TrackmaniaAPI

/// The demo Trackmania world: what the server talks to when no Trackmania credentials are configured,
/// so a newcomer's `make run` works without an account at Nadeo.
///
/// It serves the fictional world of the `FakeTrackmania` test service in-process, on loopback; the
/// composition root (`AppRuntime` in `RecordsApp`) starts it only when credentials are missing, and
/// this type is its one way to reach that test service.
public struct DemoTrackmania: Sendable {
    /// The configured settings with every endpoint pointed at the demo world and its demo credentials.
    public let configuration: TrackmaniaConfiguration
    private let world: RunningFakeTrackmania

    /// Starts the demo world and says so loudly in the log.
    /// - Parameters:
    ///   - configured: The server's Trackmania settings: the world file (`TRACKMANIA_DEMO_WORLD`,
    ///     `nil` for the one bundled with the binary), and the limits, user agent and timeouts the
    ///     clients keep against the demo world.
    ///   - anchor: When the world's relative record ages count from (the embedded default keeps its
    ///     first start's, so a restart moves no record time); `nil` counts from now.
    ///   - logger: The server's logger.
    /// - Throws: When the world cannot be read or its server cannot bind.
    public static func start(
        for configured: TrackmaniaConfiguration, anchor: Date? = nil, logger: Logger
    ) async throws -> DemoTrackmania {
        let world = try await FakeTrackmaniaServer.startDemo(
            worldPath: configured.demoWorldPath, anchor: anchor, logger: logger)
        return DemoTrackmania(configuration: pointing(configured, at: world.baseURL), world: world)
    }

    /// Stops the demo world and waits for it.
    public func stop() async {
        await world.stop()
    }

    /// The demo world's endpoints with the configured limits, user agent and timeouts.
    static func pointing(_ configured: TrackmaniaConfiguration, at baseURL: String) -> TrackmaniaConfiguration {
        var demo = TrackmaniaConfiguration.pointingAt(fakeBaseURL: baseURL, userAgent: configured.userAgent)
        demo.requestsPerSecond = configured.requestsPerSecond
        demo.maxConcurrentRequests = configured.maxConcurrentRequests
        demo.requestTimeout = configured.requestTimeout
        demo.maxAttempts = configured.maxAttempts
        demo.retryBaseDelay = configured.retryBaseDelay
        demo.maxRetryAfter = configured.maxRetryAfter
        return demo
    }
}
