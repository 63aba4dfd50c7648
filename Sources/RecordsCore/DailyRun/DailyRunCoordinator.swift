import Foundation
import Logging

/// Starts daily runs: one at a time across every instance on the database (a named lock), a run
/// whose process died taken over and resumed, synchronously (the original's cron call) or in the
/// background with the run id answered at once.
public struct DailyRunCoordinator: Sendable {
    /// The lock every instance takes for a run.
    public static let lockName = "recordsw.daily-run"
    /// How many unfinished runs in a row a resume looks back over.
    static let resumeChainLimit = 50

    public var runner: DailyRunner
    public var runs: any DailyRunRepository
    public var locks: any NamedLock
    /// Reports each finished run's counts (from its report) and duration.
    public var metrics: RecordsMetrics

    /// Creates a coordinator.
    /// - Parameter metrics: Required (not defaulted) so a composition root cannot forget it and
    ///   leave the daily-run metrics silently empty; pass ``RecordsMetrics/disabled`` where none are kept.
    public init(runner: DailyRunner, runs: any DailyRunRepository, locks: any NamedLock, metrics: RecordsMetrics) {
        self.runner = runner
        self.runs = runs
        self.locks = locks
        self.metrics = metrics
    }

    /// How a request to run ended.
    public enum Outcome: Sendable, Equatable {
        /// The run finished (completed or failed); the report says which.
        case finished(DailyRunReport)
        /// The run goes on in the background under this id.
        case started(runId: Int)
        /// Another run holds the lock; its id when its row is already written.
        case busy(runId: Int?)
    }

    /// Runs the pipeline now and answers when it is over.
    /// - Parameter progress: Called with the counters at each phase boundary (the CLI prints them).
    /// - Throws: Store failures before the run could be recorded.
    public func runNow(progress: @escaping @Sendable (DailyRunReport) async -> Void = { _ in }) async throws
        -> Outcome
    {
        guard let report = try await locks.withLock(Self.lockName, { try await execute(onStart: { _ in }, progress) })
        else { return .busy(runId: try await runs.running()?.id) }
        return .finished(report)
    }

    /// Starts the pipeline in the background and answers with its id once its row is written.
    public func start() async throws -> Outcome {
        let (stream, continuation) = AsyncThrowingStream<Int?, any Error>.makeStream()
        let coordinator = self
        Task.detached {
            do {
                let report = try await coordinator.locks.withLock(Self.lockName) {
                    try await coordinator.execute(onStart: { _ = continuation.yield($0) }, { _ in })
                }
                if report == nil { continuation.yield(nil) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        for try await first in stream {
            guard let runId = first else { return .busy(runId: try await runs.running()?.id) }
            return .started(runId: runId)
        }
        // The stream ended without an id: the run failed before its row existed.
        throw StoreError.unavailable
    }

    /// The run with this id and its counters so far.
    public func status(runId: Int) async throws -> (run: DailyRun, report: DailyRunReport?)? {
        guard let run = try await runs.run(id: runId) else { return nil }
        return (run, DailyRunReport.decode(run.summary))
    }

    /// The most recently started run and its counters so far.
    public func latestStatus() async throws -> (run: DailyRun, report: DailyRunReport?)? {
        guard let run = try await runs.recent(limit: 1).first else { return nil }
        return (run, DailyRunReport.decode(run.summary))
    }

    /// The body of a run, with the lock held.
    private func execute(
        onStart: @Sendable (Int) -> Void, _ progress: @escaping @Sendable (DailyRunReport) async -> Void
    ) async throws -> DailyRunReport {
        let now = runner.clock.now
        let started = ContinuousClock.now
        // Holding the lock proves no process runs one: a run still marked running died with its process.
        let recent = try await runs.recent(limit: Self.resumeChainLimit)
        let previous = recent.first
        let abandoned = try await runs.abandonRunning(now: now)
        var logger = runner.logger
        for run in abandoned {
            logger.warning(
                "taking over a daily run whose process stopped", metadata: ["run": .stringConvertible(run.id)])
        }
        let resumed = previous.flatMap { $0.status == .completed ? nil : $0 }
        // A run cut into slices (one per scheduled Lambda invocation) leaves a chain of unfinished
        // runs: what any of them checked is done, so the chain's first start is the resume point.
        let resumeSince = recent.prefix { $0.status != .completed }.last?.startedAt
        let run = try await runs.start(day: Timestamps.utcDay(now), now: now)
        logger[metadataKey: "daily-run"] = .stringConvertible(run.id)
        onStart(run.id)
        let runs = self.runs
        var initial = DailyRunReport(runId: run.id, phase: .lists)
        initial.resumedFrom = resumed?.id
        _ = try? await runs.updateSummary(id: run.id, summary: initial.json)
        let resumedFrom = resumed?.id
        do {
            var runner = self.runner
            runner.settings = try await runner.settings.applyingAdminOverrides(
                from: runner.repositories.adminConfig)
            var report = try await runner.run(runId: run.id, resumeSince: resumeSince) { report in
                var report = report
                report.resumedFrom = resumedFrom
                _ = try? await runs.updateSummary(id: run.id, summary: report.json)
                await progress(report)
            }
            report.resumedFrom = resumedFrom
            _ = try await runs.finish(id: run.id, status: .completed, summary: report.json, now: runner.clock.now)
            await progress(report)
            logger.info(
                "daily run completed",
                metadata: [
                    "emails-sent": .stringConvertible(report.emailsSent),
                    "trackmania-calls": .stringConvertible(report.trackmaniaCalls),
                ])
            metrics.dailyRun(report, duration: .now - started)
            return report
        } catch {
            // The runner's counters when it stopped; the stored summary (the last phase boundary) only
            // when the failure came from outside the runner.
            let interrupted = error as? DailyRunInterrupted
            let cause = interrupted?.cause ?? error
            var report: DailyRunReport
            if let interrupted {
                report = interrupted.report
            } else {
                let stored = try? await Task.detached { try await runs.run(id: run.id)?.summary }.value
                report = DailyRunReport.decode(stored ?? nil) ?? initial
            }
            report.resumedFrom = resumedFrom
            report.phase = .failed
            report.error = cause is CancellationError ? "cancelled" : (cause is StoreError ? "database" : "internal")
            // Recorded outside the task, which may be cancelled (a Lambda slice at its deadline, a server
            // stopping): the run's row then says where it stopped instead of staying `running`.
            let finishedAt = runner.clock.now
            let summary = report.json
            _ = try? await Task.detached {
                try await runs.finish(id: run.id, status: .failed, summary: summary, now: finishedAt)
            }.value
            logger.error("daily run failed", metadata: ["failure": .string(report.error ?? "")])
            await progress(report)
            metrics.dailyRun(report, duration: .now - started)
            return report
        }
    }
}

/// What the cron routes need from the daily run (``DailyRunCoordinator`` in production).
public protocol DailyRunControl: Sendable {
    /// Runs now and answers when the run is over, or `.busy`.
    func runNow(progress: @escaping @Sendable (DailyRunReport) async -> Void) async throws
        -> DailyRunCoordinator.Outcome
    /// Starts a run in the background and answers with its id, or `.busy`.
    func start() async throws -> DailyRunCoordinator.Outcome
    /// A run and its counters so far, or `nil` for an unknown id.
    func status(runId: Int) async throws -> (run: DailyRun, report: DailyRunReport?)?
    /// The most recently started run and its counters, or `nil` before the first run.
    func latestStatus() async throws -> (run: DailyRun, report: DailyRunReport?)?
}

extension DailyRunCoordinator: DailyRunControl {}
