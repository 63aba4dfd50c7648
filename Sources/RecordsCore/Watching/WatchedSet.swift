import Foundation

/// A driver notification the watcher checks, with who it belongs to.
struct WatchedDriver: Sendable {
    var note: DriverNotification
    var userId: Int
    var accountId: String
}

/// Who watches one map.
struct MapWatchers: Sendable {
    /// Mapper alerts (every alert type: the watcher reads every watched map itself).
    var alerts: [Alert] = []
    var drivers: [WatchedDriver] = []
    /// A name the watchers already know (driver notifications carry one).
    var knownName: String?
}

/// Reads who watches which map from the stores: one alert per user (as the daily run), every active
/// driver notification of a user with a Trackmania account. Map lists are not refreshed from TMX here
/// (alert creation and the daily run do that), so reading the set costs no Trackmania call.
struct WatchedSetLoader: Sendable {
    var repositories: Repositories

    func load() async throws -> [String: MapWatchers] {
        var maps: [String: MapWatchers] = [:]
        for alert in try await repositories.alerts.alertsForDailyRun() {
            for uid in try await repositories.alerts.mapUids(alertId: alert.id) {
                maps[uid, default: MapWatchers()].alerts.append(alert)
            }
        }
        let notifications = repositories.driverNotifications
        for watcher in try await notifications.watchers() {
            guard let accountId = watcher.tmAccountId else { continue }
            for note in try await notifications.notifications(userId: watcher.userId) where note.isActive {
                var entry = maps[note.mapUid, default: MapWatchers()]
                entry.drivers.append(WatchedDriver(note: note, userId: watcher.userId, accountId: accountId))
                if entry.knownName == nil, !note.mapName.isEmpty { entry.knownName = note.mapName }
                maps[note.mapUid] = entry
            }
        }
        return maps
    }
}

/// What the watcher knows about one map between reads.
struct WatchedMapState: Sendable {
    var watchers: MapWatchers
    var name: String?
    /// Learned from its reads; `nil` until the first read (or a stored baseline) gives timestamps.
    var estimate: RateEstimate?
    /// The last committed check (this watcher's, another instance's or the daily run's).
    var lastChecked: Date?
    /// Consecutive failed reads; the map backs off while it fails.
    var failures = 0
    /// Records the last good read returned.
    var lastCount: Int?
    /// The last batched-probe position seen (records + 1, lagging).
    var probePosition: Int?
    /// A read is running.
    var inFlight = false
}
