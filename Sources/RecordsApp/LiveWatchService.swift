import Foundation
import Logging
import RecordsCore
import ServiceLifecycle
import Storage
import TrackmaniaAPI

/// Runs the live watcher (docs/live-watching.md) for the life of `serve` or `recordsw watch`: only
/// while this instance holds the watch lease, so one instance watches at a time across all those on
/// the database; the lease is released on a graceful stop so another instance takes over at once.
public struct LiveWatchService: Service {
    public let watcher: LiveWatcher
    public let lease: WatchLease

    /// Builds the watcher over the opened runtime's parts (`WATCH_MODE=live`).
    static func make(
        config: AppConfig, database: Database, repositories: Repositories, trackmania: TrackmaniaServices,
        runner: DailyRunner, logger: Logger, metrics: RecordsMetrics
    ) -> LiveWatchService {
        let settings = config.watch.settings
        var log = logger
        log[metadataKey: "component"] = "live-watch"
        // The watcher's own lane of the pace, at WATCH_RATE: on PostgreSQL shared by every instance, so
        // a lease changing hands mid-minute cannot double the rate.
        let pace = TrackmaniaRateLimiter(
            requestsPerSecond: settings.rate, shared: database.kind == .postgres ? database.trackmaniaPace : nil,
            lane: watchLane, logger: log)
        let watcher = LiveWatcher(
            deps: LiveWatcher.Dependencies(
                repositories: repositories, leaderboards: trackmania.leaderboards, pace: pace, runner: runner,
                clock: SystemClock(), logger: log, metrics: metrics),
            settings: settings)
        let lease = WatchLease(leases: repositories.watchLeases, logger: log, metrics: metrics)
        return LiveWatchService(watcher: watcher, lease: lease)
    }

    /// The `trackmania_pace` lane of the watcher's budget.
    public static let watchLane = "watch"

    public func run() async throws {
        let watcher = self.watcher
        await cancelWhenGracefulShutdown { await lease.run { await watcher.run() } }
    }
}

extension LiveWatchService: WatchTurn {
    /// A scheduled Lambda tick's turn: watches until `stop` if the lease is free now (another
    /// instance holding it watches instead), then cancels the watcher and gives the lease up, so the
    /// next tick, or a `serve` instance, takes over at once. Reads and pushes cut by the stop are not
    /// committed, so they are done again by the next turn; nothing is lost or doubled.
    public func watch(until stop: Date) async -> WatchTurnReport {
        let start = Date()
        guard stop > start else { return WatchTurnReport(status: "no-time") }
        let watcher = self.watcher
        let lease = self.lease
        let before = await watcher.requestsStarted
        let turn = Task { await lease.runIfFree { await watcher.run() } }
        let timer = Task {
            try? await Task.sleep(for: .milliseconds(Int64(stop.timeIntervalSince(start) * 1000)))
            turn.cancel()
        }
        // The tick's own cancellation (its deadline) ends the turn too.
        let held = await withTaskCancellationHandler {
            await turn.value
        } onCancel: {
            turn.cancel()
        }
        timer.cancel()
        guard held else { return WatchTurnReport(status: "elsewhere") }
        return WatchTurnReport(
            status: "watched", requests: await watcher.requestsStarted - before,
            seconds: (Date().timeIntervalSince(start) * 10).rounded() / 10)
    }
}

extension LiveWatchService {
    /// `recordsw watch`: the watcher as its own worker process (no HTTP), with the database pool,
    /// migrations applied first, until SIGTERM/SIGINT.
    /// - Throws: ``AppConfig/Invalid`` when `WATCH_MODE` is `daily` (there is nothing to watch);
    ///   database and start-up errors.
    public static func runWorker(config: AppConfig, logger: Logger) async throws {
        guard config.watch.mode == .live else {
            throw AppConfig.Invalid(description: "WATCH_MODE is daily: recordsw watch needs WATCH_MODE=live")
        }
        let runtime = try await AppRuntime.open(config: config, logger: logger)
        guard let service = runtime.liveWatch else {
            await runtime.close()
            return
        }
        let database = runtime.database
        let watch = MigratedFirst(database: database, logger: logger, service: service)
        var configuration = ServiceGroupConfiguration(
            services: [
                .init(service: DatabaseService(database: database)),
                .init(service: watch, successTerminationBehavior: .gracefullyShutdownGroup),
            ] + MetricsListener.services(config: config.metrics, metrics: runtime.dependencies.metrics, logger: logger),
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = config.deadlines.shutdownDrain
        configuration.maximumCancellationDuration = AppConfig.Deadlines.cancellationGrace
        do {
            try await ServiceGroup(configuration: configuration).run()
        } catch {
            await runtime.close()
            throw error
        }
        await runtime.close()
    }
}

/// Applies pending migrations, then runs the watcher (the worker has no HTTP server whose start-up
/// would migrate).
private struct MigratedFirst: Service {
    let database: Database
    let logger: Logger
    let service: LiveWatchService

    func run() async throws {
        let applied = try await database.migrate(logger: logger)
        if !applied.isEmpty {
            logger.info("migrations applied", metadata: ["names": .string(applied.joined(separator: ","))])
        }
        try await service.run()
    }
}
