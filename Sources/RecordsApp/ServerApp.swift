import Foundation
import HTTPAdapter
import HandlerKit
import Hummingbird
import Logging
import RecordsCore
import ServiceLifecycle

/// Runs the HTTP server and its long-lived services under one service group with graceful
/// shutdown on SIGTERM/SIGINT.
public enum ServerApp {
    /// Builds everything from `config` and serves until a signal arrives.
    /// - Parameters:
    ///   - config: The validated configuration.
    ///   - logger: The root logger.
    ///   - onListening: Called with the bound port (tests bind port 0).
    public static func serve(
        config: AppConfig, logger: Logger, onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        let storeKind: StoreKind = config.isEmbedded ? .sqlite : .postgres
        let deps = AppDependencies(config: config, storeKind: storeKind)
        let dispatcher = RouteTable.dispatcher(deps, logger: logger)
        let app = HTTPServer.makeApplication(
            dispatcher: dispatcher, host: config.host, port: config.port,
            trustedProxyHops: config.trustedProxyHops, logger: logger,
            onServerRunning: { port in
                logger.info(
                    "listening", metadata: ["port": .stringConvertible(port), "store": .string(storeKind.rawValue)])
                await onListening(port)
            })
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: app)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
    }
}
