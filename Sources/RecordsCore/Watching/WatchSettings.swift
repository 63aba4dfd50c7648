import Foundation

/// How the live watcher shares its budget out (`WATCH_SCHEDULER`).
public enum WatchSchedulerKind: String, Sendable, Equatable, CaseIterable {
    /// Each map's check frequency follows the square root of its record rate, with the floor
    /// (docs/live-watching.md).
    case sqrt
    /// Plain round-robin at the same budget: the benchmark's comparison.
    case uniform
}

/// The live watcher's knobs, read from the configuration by the composition root.
public struct WatchSettings: Sendable, Equatable {
    /// Sustained Trackmania requests per second the watcher may spend (`WATCH_RATE`).
    public var rate: Double
    /// Every watched map is read at least once per this many seconds (`WATCH_MAX_STALENESS`).
    public var maxStaleness: TimeInterval
    public var scheduler: WatchSchedulerKind
    /// Leaderboard reads in flight at once (the pace still spaces them).
    public var concurrency: Int
    /// How often the watched set (alerts, driver notifications) is read again.
    public var refreshInterval: TimeInterval
    /// How often the push ledger is looked at even without new news (retries, items of other runs).
    public var pushInterval: TimeInterval
    /// The share of the budget the batched position probe may use, for maps that rarely change.
    public var probeShare: Double

    /// - Parameters:
    ///   - rate: Requests per second (`WATCH_RATE`, default 0.5).
    ///   - maxStaleness: The floor's period (`WATCH_MAX_STALENESS`, default 24 h).
    ///   - scheduler: `sqrt` (default) or `uniform`.
    ///   - concurrency: Reads in flight; by default enough for the rate at ~100 ms per read (1…64).
    public init(
        rate: Double = 0.5, maxStaleness: TimeInterval = 86_400, scheduler: WatchSchedulerKind = .sqrt,
        concurrency: Int? = nil, refreshInterval: TimeInterval? = nil, pushInterval: TimeInterval = 30,
        probeShare: Double = 0.05
    ) {
        self.rate = rate
        self.maxStaleness = maxStaleness
        self.scheduler = scheduler
        self.concurrency = concurrency ?? min(64, max(2, Int((rate / 5).rounded(.up)) * 2))
        // A minute by default; a benchmark that scales a day down to minutes looks more often.
        self.refreshInterval = refreshInterval ?? min(60, max(2, maxStaleness / 1440))
        self.pushInterval = pushInterval
        self.probeShare = probeShare
    }

    /// The shortest time between two reads of one map: a map is never read more than once a minute a
    /// day's worth (scaled with the floor), so the watcher spends less when nothing needs it.
    public var minInterval: TimeInterval { maxStaleness / 1440 }
}
