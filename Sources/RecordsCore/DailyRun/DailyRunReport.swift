import Foundation

/// The counters of one daily run, stored as the run's summary (its progress while it runs) and
/// answered by the cron routes with the original's field names.
public struct DailyRunReport: Sendable, Codable, Equatable {
    /// `daily_runs.id`.
    public var runId: Int
    /// `lists`, `fetch`, `drivers`, `push`, `send`, then `completed` or `failed`.
    public var phase: DailyRunPhase
    /// Mapper alerts (one per user) looked at.
    public var phase1Processed = 0
    /// Drivers looked at.
    public var phase2Processed = 0
    /// Mappers whose check failed in part (their unchecked maps wait for the next run).
    public var phase1Errors = 0
    /// Drivers whose check failed in part.
    public var phase2Errors = 0
    /// Digests delivered.
    public var emailsSent = 0
    /// Digests held back: the user already got today's digest (their items wait for tomorrow's).
    public var emailsSkipped = 0
    /// Digests the mailer refused or could not deliver; their items stay pending.
    public var emailsFailed = 0
    /// Digest items queued by this run.
    public var itemsQueued = 0
    /// Distinct leaderboards read.
    public var mapsFetched = 0
    /// Requests to Nadeo's services (leaderboards, position probes, map info, display names;
    /// authentication excluded): the scarce budget the lower bound is about.
    public var trackmaniaCalls = 0
    /// Trackmania Exchange map-list pages (each alert's author, refreshed every run so new maps are watched).
    public var exchangeCalls = 0
    /// The run this one resumed (an earlier run that did not complete), if any.
    public var resumedFrom: Int?
    /// Why the run failed, in a word or two (never upstream or database text).
    public var error: String?
    /// What the push phase did; `nil` when push is not wired (and in summaries of older runs).
    public var push: PushRunCounters?

    public init(runId: Int, phase: DailyRunPhase) {
        self.runId = runId
        self.phase = phase
    }

    /// `phase1Processed + phase2Processed`, as the original's `totalProcessed`.
    public var totalProcessed: Int { phase1Processed + phase2Processed }

    /// The report as stored in `daily_runs.summary`.
    public var json: String { PayloadCoding.encode(self) }

    /// A stored summary, or `nil` when it is not one.
    public static func decode(_ text: String?) -> DailyRunReport? {
        text.flatMap { PayloadCoding.decode(DailyRunReport.self, $0) }
    }
}

/// Named points of a run, where tests simulate a crash by throwing from ``DailyRunner/checkpoint``.
public enum DailyRunCheckpoint: Sendable, Equatable {
    /// A map's baselines and items were committed.
    case mapCommitted(String)
    /// A driver notification's check was committed.
    case driverCommitted(Int)
    /// A user's digest is about to be sent.
    case beforeSend(userId: Int)
    /// A user's digest was accepted by the mailer, before it is recorded as delivered.
    case afterSend(userId: Int)
    /// A push post to a channel is about to be recorded as sending.
    case beforePush(channelId: Int)
    /// A push post was recorded as sending and is about to leave.
    case pushSending(channelId: Int)
}

/// A run that stopped before its end, with the counters it had reached (what it committed stays
/// committed, so those counts are true).
public struct DailyRunInterrupted: Error {
    /// The counters at the moment the run stopped.
    public var report: DailyRunReport
    /// What stopped it (a database failure, a cancellation, a checkpoint of a test).
    public var cause: any Error

    public init(report: DailyRunReport, cause: any Error) {
        self.report = report
        self.cause = cause
    }
}
