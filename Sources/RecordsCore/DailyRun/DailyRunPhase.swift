/// Where a daily run is, as stored in its summary (`daily_runs.summary`), answered by the cron routes
/// and printed by `recordsw cron daily`. The raw values are the stored and answered strings.
public enum DailyRunPhase: String, Sendable, Codable, Equatable, CaseIterable {
    /// Work lists and probes: which mappers, drivers and leaderboards the run covers.
    case lists
    /// The check: every leaderboard read once, mapper news committed per map.
    case fetch
    /// Drivers against the leaderboards just read.
    case drivers
    /// New items posted to push channels.
    case push
    /// One digest per user mailed.
    case send
    /// The run ended after its send phase.
    case completed
    /// The run stopped on an error (its counters are those it reached).
    case failed
}
