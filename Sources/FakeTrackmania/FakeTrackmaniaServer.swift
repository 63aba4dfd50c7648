import Foundation
import Hummingbird
import Logging
import RecordsCore
import ServiceLifecycle

/// Builds and runs the fake Trackmania service.
public enum FakeTrackmaniaServer {
    /// The Hummingbird application serving `state`.
    /// - Parameters:
    ///   - state: The world, counters and faults to serve.
    ///   - host: Address to bind (`127.0.0.1` unless it must be reachable from elsewhere).
    ///   - port: Port; 0 picks a free one.
    ///   - logger: The server's logger.
    ///   - onServerRunning: Called with the bound port once listening.
    /// - Returns: An application to run as a service.
    public static func makeApplication(
        state: FakeTrackmaniaState, host: String = "127.0.0.1", port: Int = 0, logger: Logger,
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router()
        FakeRoutes(state: state).register(on: router)
        return Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }

    /// Starts the fake in-process and returns once it listens.
    /// - Parameters:
    ///   - world: What to serve.
    ///   - host: Address to bind.
    ///   - port: Port; 0 picks a free one.
    ///   - logger: The server's logger.
    ///   - tokenClock: The time tokens are minted and checked against (tests pass one they move).
    /// - Returns: A handle with the base URL, the live state and `stop()`.
    /// - Throws: When the server cannot bind.
    public static func start(
        world: FakeWorld, host: String = "127.0.0.1", port: Int = 0,
        logger: Logger = Logger(label: "fake-trackmania"), tokenClock: any WallClock = SystemClock()
    ) async throws -> RunningFakeTrackmania {
        let state = FakeTrackmaniaState(world: world, tokenClock: tokenClock)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = makeApplication(state: state, host: host, port: port, logger: logger) { continuation.yield($0) }
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let bound = await iterator.next() else {
            try await task.value
            throw FakeTrackmaniaStartError(host: host, port: port)
        }
        return RunningFakeTrackmania(
            baseURL: "http://\(host):\(bound)", port: bound, state: state, group: group, task: task)
    }

    /// Starts the fake with the world in a JSON file (the demo world is ``bundledDemoWorldURL``).
    /// - Throws: File, decoding or bind errors.
    public static func start(
        worldAt url: URL, host: String = "127.0.0.1", port: Int = 0,
        logger: Logger = Logger(label: "fake-trackmania")
    ) async throws -> RunningFakeTrackmania {
        try await start(world: FakeWorld.load(from: url), host: host, port: port, logger: logger)
    }
}

extension FakeTrackmaniaServer {
    /// The demo world bundled with the binary (this target's `demo-world.json` resource, also linked as
    /// `Fixtures/trackmania/world.json`).
    ///
    /// SwiftPM looks for the resource bundle `recordsw_FakeTrackmania.resources` next to the executable
    /// first, then in the build directory, so a deployed binary needs its `*.resources` directories beside it.
    public static var bundledDemoWorldURL: URL? {
        Bundle.module.url(forResource: "demo-world", withExtension: "json")
    }

    /// Starts the demo world for a server without Trackmania credentials and says so loudly in the log.
    /// - Parameters:
    ///   - worldPath: The world file (`TRACKMANIA_DEMO_WORLD`); `nil` serves the bundled ``bundledDemoWorldURL``.
    ///   - anchor: When the world's relative record ages count from (see ``FakeWorld/anchored(at:)``);
    ///     `nil` counts from now.
    ///   - logger: The server's logger.
    /// - Returns: The running fake; point the clients at its `baseURL` and stop it at shutdown.
    /// - Throws: When the world cannot be read or the fake cannot bind.
    public static func startDemo(
        worldPath: String?, anchor: Date? = nil, logger: Logger
    ) async throws -> RunningFakeTrackmania {
        let url: URL
        if let worldPath {
            url = URL(fileURLWithPath: worldPath)
        } else if let bundled = bundledDemoWorldURL {
            url = bundled
        } else {
            throw CocoaError(.fileNoSuchFile)
        }
        let world = try FakeWorld.load(from: url)
        let fake = try await start(world: anchor.map { world.anchored(at: $0) } ?? world, logger: logger)
        logger.warning(
            "No Trackmania credentials (AUTHORIZATION, OCLIENT_ID, OCLIENT_SECRET): serving the built-in demo world in-process; all Trackmania data is fictional",
            metadata: ["baseURL": "\(fake.baseURL)", "world": "\(url.path)"])
        return fake
    }
}

/// The fake could not start listening.
public struct FakeTrackmaniaStartError: Error, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var description: String { "fake Trackmania service did not start on \(host):\(port)" }
}

/// A fake Trackmania service running in this process.
public struct RunningFakeTrackmania: Sendable {
    /// `http://127.0.0.1:<port>`; services live under `/core`, `/live`, `/oauth`, `/tmx`.
    public let baseURL: String
    public let port: Int
    /// The live world, counters and faults.
    public let state: FakeTrackmaniaState
    let group: ServiceGroup
    let task: Task<Void, any Error>

    /// Shuts the server down gracefully and waits for it.
    public func stop() async {
        // Clients (a pool with spare connections) may still be connecting: see AcceptQueueDrain.
        await AcceptQueueDrain.drain(port: port)
        await group.triggerGracefulShutdown()
        _ = await task.result
    }
}
