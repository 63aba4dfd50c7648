import Foundation

/// The knobs of the daily run, read from the configuration by the composition root.
public struct DailyRunSettings: Sendable, Equatable {
    /// Leaderboard depth read per map and kept as baseline (Nadeo serves at most 100 per call).
    public var topN: Int
    /// A map with more new records than this for one user shows ``popularMapMessage`` instead of the list.
    public var maxNewRecordsPerMap: Int
    /// The line shown for such a map.
    public var popularMapMessage: String
    /// Accurate alerts whose author has more maps than this switch to inaccurate mode (position probes).
    public var inaccurateThreshold: Int
    /// On the first check of a map, records younger than this are reported; older ones only baseline.
    public var firstCheckWindow: TimeInterval
    /// Leaderboards read at once; the shared Trackmania rate limiter paces them anyway.
    public var fetchConcurrency: Int
    /// How long a cached display name is trusted (the Trackmania setting), to count the calls names cost.
    public var displayNameLifetime: TimeInterval
    /// The push phase's knobs (retry window, concurrency).
    public var push = PushSettings()
    /// `EMAIL_CONFIRMATION`: digests of accounts whose address awaits confirmation wait (their items
    /// stay pending) until it is confirmed.
    public var emailConfirmation = false
    /// While the live watcher runs (`WATCH_MODE=live`), maps and driver notifications checked within
    /// this many seconds (`WATCH_MAX_STALENESS`) are left to it; `nil` (`daily`) checks everything.
    public var skipCheckedWithin: TimeInterval?

    /// The default popular-map line, stating the configured limit.
    public static func defaultPopularMapMessage(limit: Int) -> String {
        "More than \(limit) new records on this map: open its leaderboard to see them all."
    }

    public init(
        topN: Int = 100, maxNewRecordsPerMap: Int = 20, popularMapMessage: String? = nil,
        inaccurateThreshold: Int = 100, firstCheckWindow: TimeInterval = 86_400, fetchConcurrency: Int = 8,
        displayNameLifetime: TimeInterval = 168 * 3600
    ) {
        self.topN = topN
        self.maxNewRecordsPerMap = maxNewRecordsPerMap
        self.popularMapMessage = popularMapMessage ?? Self.defaultPopularMapMessage(limit: maxNewRecordsPerMap)
        self.inaccurateThreshold = inaccurateThreshold
        self.firstCheckWindow = firstCheckWindow
        self.fetchConcurrency = fetchConcurrency
        self.displayNameLifetime = displayNameLifetime
    }

    /// These settings with the values an admin stored (`admin_config`) in place of the configured
    /// ones, read at the start of each run so a change takes effect on every instance without a restart.
    /// A popular-map line that was the default follows a changed limit.
    public func applyingAdminOverrides(from store: any AdminConfigRepository) async throws -> DailyRunSettings {
        var settings = self
        if let limit = try await AdminSettings.storedInteger(AdminSettings.maxNewRecordsPerMap, from: store) {
            if popularMapMessage == Self.defaultPopularMapMessage(limit: maxNewRecordsPerMap) {
                settings.popularMapMessage = Self.defaultPopularMapMessage(limit: limit)
            }
            settings.maxNewRecordsPerMap = limit
        }
        if let threshold = try await AdminSettings.storedInteger(AdminSettings.autoInaccurateMapThreshold, from: store)
        {
            settings.inaccurateThreshold = threshold
        }
        if let depth = try await AdminSettings.storedInteger(AdminSettings.dailyTopN, from: store) {
            settings.topN = depth
        }
        return settings
    }
}
