import Foundation

/// The state of a daily run.
public enum DailyRunStatus: String, Sendable, Codable, CaseIterable {
    case running
    case completed
    case failed
}

/// A row of `daily_runs`: one execution of the daily pipeline.
public struct DailyRun: Sendable, Equatable {
    public var id: Int
    /// The UTC day the run processes, `YYYY-MM-DD`.
    public var runDate: String
    public var status: DailyRunStatus
    public var startedAt: Date
    public var finishedAt: Date?
    /// JSON text with the run's counters; its shape belongs to the daily run.
    public var summary: String?

    public init(
        id: Int, runDate: String, status: DailyRunStatus, startedAt: Date, finishedAt: Date?, summary: String?
    ) {
        self.id = id
        self.runDate = runDate
        self.status = status
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.summary = summary
    }
}
