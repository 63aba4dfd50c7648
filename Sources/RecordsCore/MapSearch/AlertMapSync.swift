import Foundation
import Logging

/// What creating an alert learned about its author's maps.
public struct AlertMapListing: Sendable, Equatable {
    /// How many maps the author has on Trackmania Exchange.
    public var mapCount: Int
    /// The map uids, for the inaccurate-mode baselines.
    public var mapUids: [String]
    /// The alert's type after the listing (inaccurate when it was switched or asked for).
    public var alertType: AlertType
    /// Whether this listing switched the alert from accurate to inaccurate.
    public var autoSwitched: Bool
}

/// Records an alert's map list and, in inaccurate mode, the probe baselines of its maps (R6's
/// background step, without the original's 15-minute retry sleeps: the rate-limited client retries).
public struct AlertMapSync: Sendable {
    /// Above this many maps an alert switches to inaccurate mode (position probes in batches of 50
    /// instead of one leaderboard read per map), unless configured otherwise.
    public static let defaultInaccurateThreshold = 100
    /// The score probed for baselines: the rank a 9,999,999 ms run would get is the record count + 1.
    public static let probeScore = 9_999_999

    private let exchange: any ExchangeMaps
    private let leaderboards: any TrackmaniaLeaderboards
    private let alerts: any AlertRepository
    private let positions: any MapPositionRepository
    private let clock: any WallClock
    private let logger: Logger
    private let adminConfig: (any AdminConfigRepository)?
    private let configuredThreshold: Int

    /// - Parameters:
    ///   - adminConfig: Where an admin's `auto_inaccurate_map_threshold` is read on each listing
    ///     (it wins over `inaccurateThreshold`), or `nil` to use the configured threshold only.
    ///   - inaccurateThreshold: `AUTO_INACCURATE_MAP_THRESHOLD`.
    public init(
        exchange: any ExchangeMaps, leaderboards: any TrackmaniaLeaderboards, alerts: any AlertRepository,
        positions: any MapPositionRepository, clock: any WallClock, logger: Logger,
        adminConfig: (any AdminConfigRepository)? = nil, inaccurateThreshold: Int = Self.defaultInaccurateThreshold
    ) {
        self.exchange = exchange
        self.leaderboards = leaderboards
        self.alerts = alerts
        self.positions = positions
        self.clock = clock
        self.logger = logger
        self.adminConfig = adminConfig
        self.configuredThreshold = inaccurateThreshold
    }

    /// The threshold in effect now: an admin's stored value, else the configured one.
    public func inaccurateThreshold() async throws -> Int {
        guard let adminConfig else { return configuredThreshold }
        return try await AdminSettings.storedInteger(AdminSettings.autoInaccurateMapThreshold, from: adminConfig)
            ?? configuredThreshold
    }

    /// Lists the author's maps, stores the count and switches the user's alerts to inaccurate mode when
    /// there are more than ``inaccurateThreshold()``.
    /// - Throws: ``TrackmaniaError`` or a store error; nothing is changed when the listing fails.
    public func list(alert: Alert) async throws -> AlertMapListing {
        let maps = try await exchange.mapsByAuthor(alert.username)
        let uids = Array(Set(maps.map(\.mapUid))).sorted()
        try await alerts.setMapCount(alertId: alert.id, count: uids.count, now: clock.now)
        var type = alert.alertType
        var switched = false
        if try await uids.count > inaccurateThreshold() && type == .accurate {
            // Every alert of the user: the daily run reads one alert per user.
            _ = try await alerts.setAlertType(userId: alert.userId, type: .inaccurate, now: clock.now)
            type = .inaccurate
            switched = true
        }
        return AlertMapListing(mapCount: uids.count, mapUids: uids, alertType: type, autoSwitched: switched)
    }

    /// Records the alert's maps in `alert_maps`, whatever its type (the daily run refreshes the list the
    /// same way), so the live watcher reads a new alert's maps from its next look at the watched set
    /// rather than from the next daily run; for an inaccurate alert, also probes a baseline position
    /// for each map that has none yet (existing baselines, which other alerts may share, are kept).
    public func recordMapsAndBaselines(alertId: Int, listing: AlertMapListing) async throws {
        guard !listing.mapUids.isEmpty else { return }
        _ = try await alerts.addMaps(alertId: alertId, mapUids: listing.mapUids)
        guard listing.alertType == .inaccurate else { return }
        let known = try await positions.positions(mapUids: listing.mapUids)
        let missing = listing.mapUids.filter { known[$0] == nil }
        guard !missing.isEmpty else { return }
        var scores: [String: Int] = [:]
        for uid in missing { scores[uid] = Self.probeScore }
        let probed = try await leaderboards.positions(scores: scores)
        let inserted = try await positions.insertBaselines(
            probed.map { (mapUid: $0.mapUid, position: $0.position, score: $0.score) }, now: clock.now)
        logger.info(
            "alert baselines recorded",
            metadata: ["alert": "\(alertId)", "maps": "\(listing.mapUids.count)", "inserted": "\(inserted)"])
    }

    /// Both steps, for when the listing could not be done while the request waited.
    public func sync(alert: Alert) async throws {
        let listing = try await list(alert: alert)
        try await recordMapsAndBaselines(alertId: alert.id, listing: listing)
    }
}
