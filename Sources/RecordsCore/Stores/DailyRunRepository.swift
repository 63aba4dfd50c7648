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
}
