import Foundation
import HTTPAdapter
import HandlerKit
import Hummingbird
import Logging
import RecordsCore
import ServiceLifecycle
import Storage

/// Runs the HTTP server and its long-lived services under one service group with graceful
/// shutdown on SIGTERM/SIGINT.
public enum ServerApp {
    /// Builds everything from `config`, applies migrations, and serves until a signal arrives.
    /// - Parameters:
    ///   - config: The validated configuration.
    ///   - logger: The root logger.
    ///   - onListening: Called with the bound port (tests bind port 0).
    public static func serve(
        config: AppConfig, logger: Logger, onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        for warning in config.securityWarnings { logger.warning("\(warning)") }
        for warning in config.preferences.warnings { logger.warning("\(warning)") }
        for notice in config.startupNotices { logger.notice("\(notice)") }
        let runtime = try await AppRuntime.open(config: config, logger: logger)
        let deps = runtime.dependencies
        let dispatcher = RouteTable.dispatcher(deps, logger: logger)
        let site: StaticSite?
        do {
            site = try config.frontendDirectory.map { directory in
                // Every first segment of the route table stays the API's, whatever the app ships.
                let apiSegments = dispatcher.router.allRoutes.compactMap { route in
                    route.template.split(separator: "/").first.flatMap { $0.hasPrefix(":") ? nil : String($0) }
                }
                return try StaticSite(directory: directory, reservedFirstSegments: apiSegments)
            }
        } catch let error as StaticSite.Invalid {
            await runtime.close()
            throw AppConfig.Invalid(description: error.description)
        }
        if let site { logger.info("serving the frontend", metadata: ["directory": .string(site.root)]) }
        var app = HTTPServer.makeApplication(
            dispatcher: dispatcher, host: config.host, port: config.port,
            trustedProxyHops: config.trustedProxyHops, trustedProxies: config.security.trustedProxies,
            limits: config.security.connectionLimits, site: site, logger: logger,
            onServerRunning: { port in
                logger.info(
                    "listening",
                    metadata: ["port": .stringConvertible(port), "store": .string(deps.storeKind.rawValue)])
                await onListening(port)
            })
        let database = runtime.database
        app.beforeServerStarts {
            let applied = try await database.migrate(logger: logger)
            if !applied.isEmpty {
                logger.info("migrations applied", metadata: ["names": .string(applied.joined(separator: ","))])
            }
        }
        var configuration = ServiceGroupConfiguration(
            services: [
                .init(service: DatabaseService(database: database)),
                .init(service: app, successTerminationBehavior: .gracefullyShutdownGroup),
                .init(service: Housekeeping(config: config, deps: deps, logger: logger)),
                .init(service: WatchingService(watching: deps.watching)),
            ] + (runtime.liveWatch.map { [.init(service: $0)] } ?? [])
                + MetricsListener.services(config: config.metrics, metrics: deps.metrics, logger: logger)
                + SelfHelpMailService.services(deps, logger: logger),
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        // A stop must end even if a request never does: in-flight requests get the drain, then they are
        // cancelled; cancellation that still does not finish aborts the process (systemd's
        // TimeoutStopSec would kill it later anyway, with nothing in the log saying why).
        configuration.maximumGracefulShutdownDuration = config.deadlines.shutdownDrain
        configuration.maximumCancellationDuration = AppConfig.Deadlines.cancellationGrace
        let group = ServiceGroup(configuration: configuration)
        do {
            try await group.run()
        } catch {
            await runtime.close()
            throw error
        }
        await runtime.close()
    }
}

/// Keeps the database pool running for the life of the service group.
struct DatabaseService: Service {
    let database: Database

    func run() async throws {
        try await cancelWhenGracefulShutdown { try await database.run() }
    }
}
