import Foundation
import Logging
import RecordsCore

/// What a scheduled (EventBridge) invocation does, within its deadline: the map searches waiting in
/// the database queue (all of them without SQS; with it, those whose send failed), then a slice of
/// the daily run (from ``dailyHour`` on, until the day's run has completed), then, with live
/// watching, a turn of the watcher for the time left (at most ``watchTurn``). A daily slice that
/// reaches the deadline's margin is cancelled; the coordinator records the run as stopped with what
/// it committed, and the next tick resumes it (docs/daily-run.md). A schedule every few minutes is
/// the whole set-up (docs/deploy-lambda.md).
public struct ScheduledTick: Sendable {
    public let dailyRun: (any DailyRunControl)?
    /// Drains the database queue; `nil` leaves it alone.
    public let mapSearch: MapSearchWorker?
    /// The live watcher's turn; `nil` in `WATCH_MODE=daily` (or with no watch time per tick).
    public let watch: (any WatchTurn)?
    /// Time kept back before the deadline.
    public let margin: Duration
    /// The UTC hour from which a tick starts or resumes the day's daily run.
    public let dailyHour: Int
    /// The longest watch turn of one tick.
    public let watchTurn: Duration
    public let clock: any WallClock

    public init(
        dailyRun: (any DailyRunControl)?, mapSearch: MapSearchWorker?, watch: (any WatchTurn)? = nil,
        margin: Duration, dailyHour: Int = 0, watchTurn: Duration = .seconds(540), clock: any WallClock
    ) {
        self.dailyRun = dailyRun
        self.mapSearch = mapSearch
        self.watch = watch
        self.margin = margin
        self.dailyHour = dailyHour
        self.watchTurn = watchTurn
        self.clock = clock
    }

    /// What the tick did (the invocation's answer).
    public struct Report: Sendable, Encodable, Equatable {
        /// `completed`, `sliced` (stopped at the deadline, resumes next tick), `failed` (resumes next
        /// tick), `busy` (another invocation holds the run), `done-today`, `not-yet` (before
        /// ``ScheduledTick/dailyHour``), `disabled` or `no-time`.
        public var dailyRun: String
        public var runId: Int?
        public var mapSearches: Int
        /// The watch turn, when the tick watches (absent otherwise).
        public var watch: WatchTurnReport?
    }

    /// Runs the tick until `deadline` less ``margin``.
    public func run(deadline: Date, logger: Logger) async throws -> Report {
        var report = Report(dailyRun: "disabled", runId: nil, mapSearches: 0)
        let stop = deadline.addingTimeInterval(-Self.seconds(margin))
        if let mapSearch {
            report.mapSearches = await Self.within(until: stop) { await mapSearch.drain() } ?? 0
        }
        if let dailyRun {
            (report.dailyRun, report.runId) = try await daily(dailyRun, until: stop, logger: logger)
        }
        // A sliced run used the whole tick; otherwise the watcher has what is left.
        if let watch, report.dailyRun != "sliced" {
            let until = min(stop, Date().addingTimeInterval(Self.seconds(watchTurn)))
            report.watch =
                until > Date() ? await watch.watch(until: until) : WatchTurnReport(status: "no-time")
        }
        return report
    }

    /// The daily part of a tick: its status word and run id.
    private func daily(_ dailyRun: any DailyRunControl, until stop: Date, logger: Logger) async throws
        -> (String, Int?)
    {
        let now = clock.now
        if let latest = try await dailyRun.latestStatus()?.run, latest.status == .completed,
            latest.runDate == Timestamps.utcDay(now)
        {
            return ("done-today", latest.id)
        }
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        guard utc.component(.hour, from: now) >= dailyHour else { return ("not-yet", nil) }
        guard stop > Date() else { return ("no-time", nil) }
        let outcome = await Self.within(until: stop) { () -> Result<DailyRunCoordinator.Outcome, any Error> in
            do { return .success(try await dailyRun.runNow(progress: { _ in })) } catch { return .failure(error) }
        }
        switch outcome {
        case .some(.success(.finished(let run))):
            return (run.phase == .completed ? "completed" : "failed", run.runId)
        case .some(.success(.busy(let runId))):
            return ("busy", runId)
        case .some(.success(.started(let runId))):
            return ("sliced", runId)
        case .some(.failure(let error)):
            // The type only: a store error's text may quote rows.
            logger.error(
                "daily run could not start", metadata: ["error-type": .string(String(reflecting: type(of: error)))])
            return ("failed", nil)
        case .none:
            logger.info("daily run slice reached its deadline; the next tick resumes it")
            return ("sliced", try? await dailyRun.latestStatus()?.run.id)
        }
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
