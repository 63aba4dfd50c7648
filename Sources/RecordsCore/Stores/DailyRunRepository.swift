import Foundation

/// Records of daily-pipeline executions (`daily_runs`).
public protocol DailyRunRepository: Sendable {
    /// Records that a run for `day` (`YYYY-MM-DD`) started.
    func start(day: String, now: Date) async throws -> DailyRun

    /// Records the end of a run. Returns `false` when the run does not exist.
    func finish(id: Int, status: DailyRunStatus, summary: String?, now: Date) async throws -> Bool

    /// The most recent run for `day`, or `nil`.
    func latest(day: String) async throws -> DailyRun?

    /// The most recent runs first, at most `limit`.
    func recent(limit: Int) async throws -> [DailyRun]

    /// The run with this id, or `nil`.
    func run(id: Int) async throws -> DailyRun?

    /// The most recent run still marked `running`, or `nil`.
    func running() async throws -> DailyRun?

    /// Replaces a running run's summary (its progress). Returns `false` when the run does not exist.
    func updateSummary(id: Int, summary: String) async throws -> Bool

    /// Marks every run still `running` as `failed` (their process died: the caller holds the run lock)
    /// and returns them as they were, oldest first.
    func abandonRunning(now: Date) async throws -> [DailyRun]
}
