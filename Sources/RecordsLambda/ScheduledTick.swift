import Foundation
import Logging
import RecordsCore

/// What a scheduled (EventBridge) invocation does, within its deadline: the map searches waiting in
/// the database queue (all of them without SQS; with it, those whose send failed), then a slice of
/// the daily run. A slice that
/// reaches the deadline's margin is cancelled; the coordinator records the run as stopped with what it
/// committed, and the next tick resumes it (docs/daily-run.md). Once today's run has completed, ticks
/// leave it alone, so a schedule every few minutes from the daily hour on is the whole set-up.
///
/// Seam for live watching: a tick is where a watcher on Lambda would spend its slice of the watcher's
/// budget, between the map searches and the daily slice (docs/deploy-lambda.md).
public struct ScheduledTick: Sendable {
    public let dailyRun: (any DailyRunControl)?
    /// Drains the database queue; `nil` leaves it alone.
    public let mapSearch: MapSearchWorker?
    /// Time kept back before the deadline.
    public let margin: Duration
    public let clock: any WallClock

    public init(dailyRun: (any DailyRunControl)?, mapSearch: MapSearchWorker?, margin: Duration, clock: any WallClock) {
        self.dailyRun = dailyRun
        self.mapSearch = mapSearch
        self.margin = margin
        self.clock = clock
    }

    /// What the tick did (the invocation's answer).
    public struct Report: Sendable, Encodable, Equatable {
        /// `completed`, `sliced` (stopped at the deadline, resumes next tick), `failed` (resumes next
        /// tick), `busy` (another invocation holds the run), `done-today`, `disabled` or `no-time`.
        public var dailyRun: String
        public var runId: Int?
        public var mapSearches: Int
    }

    /// Runs the tick until `deadline` less ``margin``.
    public func run(deadline: Date, logger: Logger) async throws -> Report {
        var report = Report(dailyRun: "disabled", runId: nil, mapSearches: 0)
        let stop = deadline.addingTimeInterval(-Self.seconds(margin))
        if let mapSearch {
            report.mapSearches = await Self.within(until: stop) { await mapSearch.drain() } ?? 0
        }
        guard let dailyRun else { return report }
        if let latest = try await dailyRun.latestStatus()?.run, latest.status == .completed,
            latest.runDate == Timestamps.utcDay(clock.now)
        {
            report.dailyRun = "done-today"
            report.runId = latest.id
            return report
        }
        guard stop > Date() else {
            report.dailyRun = "no-time"
            return report
        }
        let outcome = await Self.within(until: stop) { try? await dailyRun.runNow(progress: { _ in }) }
        switch outcome {
        case .some(.some(.finished(let run))):
            report.dailyRun = run.phase == .completed ? "completed" : "failed"
            report.runId = run.runId
        case .some(.some(.busy(let runId))):
            report.dailyRun = "busy"
            report.runId = runId
        case .some(.some(.started(let runId))):
            report.dailyRun = "sliced"
            report.runId = runId
        case .some(.none):
            report.dailyRun = "failed"
        case .none:
            report.dailyRun = "sliced"
            report.runId = try? await dailyRun.latestStatus()?.run.id
            logger.info("daily run slice reached its deadline; the next tick resumes it")
        }
        return report
    }

    /// Runs `work`, cancelling it at `stop`; waits for the cancelled work to record where it stopped.
    /// - Returns: The work's result, or `nil` when it was cancelled at `stop`.
    static func within<T: Sendable>(until stop: Date, _ work: @escaping @Sendable () async -> T) async -> T? {
        let budget = stop.timeIntervalSinceNow
        guard budget > 0 else { return nil }
        let task = Task { await work() }
        let timer = Task {
            try? await Task.sleep(for: .milliseconds(Int64(budget * 1000)))
            if !Task.isCancelled { task.cancel() }
        }
        let value = await task.value
        let cut = !timer.isCancelled && stop.timeIntervalSinceNow <= 0
        timer.cancel()
        return cut ? nil : value
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        TimeInterval(duration.components.seconds) + TimeInterval(duration.components.attoseconds) / 1e18
    }
}
