import Foundation
import Logging
import RecordsCore

/// What the watching routes (alerts, driver notifications, map searches, latest records) need beyond
/// the repositories: the Trackmania clients, the map-search worker and the background-work tracker.
/// Built once in ``AppRuntime``; the worker and the tracker also run as services of `serve`.
public struct WatchingServices: Sendable {
    public var leaderboards: any TrackmaniaLeaderboards
    public var exchange: any ExchangeMaps
    /// Work requests start without waiting for it (alert baselines).
    public var background: BackgroundWork
    /// Works `map_search_jobs`.
    public var mapSearchWorker: MapSearchWorker
    /// An alert's map list and baselines.
    public var alertSync: AlertMapSync

    public init(
        repositories: Repositories, directory: any TrackmaniaDirectory, leaderboards: any TrackmaniaLeaderboards,
        exchange: any ExchangeMaps, clock: any WallClock, logger: Logger, metrics: RecordsMetrics,
        workerSettings: MapSearchWorker.Settings = MapSearchWorker.Settings(),
        inaccurateThreshold: Int = AlertMapSync.defaultInaccurateThreshold, mapSearchPace: (any UpstreamPace)? = nil
    ) {
        self.leaderboards = leaderboards
        self.exchange = exchange
        background = BackgroundWork(logger: logger)
        mapSearchWorker = MapSearchWorker(
            jobs: repositories.mapSearchJobs,
            runner: MapSearchRunner(
                exchange: exchange, leaderboards: leaderboards, directory: directory, logger: logger,
                pace: mapSearchPace),
            clock: clock, logger: logger, settings: workerSettings, metrics: metrics)
        alertSync = AlertMapSync(
            exchange: exchange, leaderboards: leaderboards, alerts: repositories.alerts,
            positions: repositories.mapPositions, clock: clock, logger: logger, adminConfig: repositories.adminConfig,
            inaccurateThreshold: inaccurateThreshold)
    }

    /// Runs queued map searches and lets running background work finish: for the fixture host and
    /// tests, which have no service group.
    public func settle() async {
        await background.drain()
        await mapSearchWorker.drain()
        await background.drain()
    }
}
