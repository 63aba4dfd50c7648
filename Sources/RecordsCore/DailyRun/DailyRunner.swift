import Foundation
import Logging

/// The daily pipeline as orchestration over RecordsCore protocols: read every watched leaderboard
/// once, turn what changed since each map's baseline into digest items (committed with the baseline
/// in one transaction), then post them to push channels and mail each user one digest of their
/// pending items.
///
/// The run is its phases, in the order `docs/daily-run.md` describes, one type each in `Phases/`:
/// `WorkListPhase` (1), `ProbePhase` (2), `CheckPhase` (3, each map through `MapCheck`),
/// `DriverPhase` (4), `PushPhase` (5) and `SendPhase` (6).
///
/// Every step is idempotent, so a run that stopped anywhere is resumed by running again: maps whose
/// baselines moved produce nothing twice, pending items are sent by the next send phase, and items
/// are marked delivered only after the mailer accepted the message.
public struct DailyRunner: Sendable {
    /// The Trackmania services and the mailer the run talks to.
    public struct Services: Sendable {
        public var leaderboards: any TrackmaniaLeaderboards
        public var directory: any TrackmaniaDirectory
        public var exchange: any ExchangeMaps
        public var mailer: any MailSender
        /// Posts to Discord webhooks and ntfy topics; `nil` leaves the push phase out.
        public var push: (any PushTransport)?

        public init(
            leaderboards: any TrackmaniaLeaderboards, directory: any TrackmaniaDirectory, exchange: any ExchangeMaps,
            mailer: any MailSender, push: (any PushTransport)? = nil
        ) {
            self.leaderboards = leaderboards
            self.directory = directory
            self.exchange = exchange
            self.mailer = mailer
            self.push = push
        }
    }

    public var repositories: Repositories
    public var services: Services
    public var settings: DailyRunSettings
    /// Signs the preference and unsubscribe links of every digest; `nil` sends digests without them.
    public var preferenceLinks: PreferenceLinks?
    public var clock: any WallClock
    public var logger: Logger
    /// Called at named points; tests throw from it to simulate a crash there.
    public var checkpoint: @Sendable (DailyRunCheckpoint) async throws -> Void

    /// Creates a runner.
    /// - Parameter preferenceLinks: Required (not defaulted) so a composition root cannot forget it
    ///   and send digests without their unsubscribe links; pass `nil` only where there is no site.
    public init(
        repositories: Repositories, services: Services, settings: DailyRunSettings, preferenceLinks: PreferenceLinks?,
        clock: any WallClock, logger: Logger,
        checkpoint: @escaping @Sendable (DailyRunCheckpoint) async throws -> Void = { _ in }
    ) {
        self.repositories = repositories
        self.services = services
        self.settings = settings
        self.preferenceLinks = preferenceLinks
        self.clock = clock
        self.logger = logger
        self.checkpoint = checkpoint
    }

    /// Runs the pipeline.
    /// - Parameters:
    ///   - runId: The `daily_runs` row this run reports under.
    ///   - resumeSince: When an earlier, unfinished run began: maps checked since then are not read again.
    ///   - progress: Called with the counters at each phase boundary.
    /// - Returns: The counters.
    /// - Throws: Store failures (the run stops; everything committed so far stays valid) and
    ///   whatever ``checkpoint`` throws. Trackmania and mail failures are counted, not thrown.
    public func run(
        runId: Int, resumeSince: Date?, progress: @Sendable (DailyRunReport) async -> Void = { _ in }
    ) async throws -> DailyRunReport {
        var report = DailyRunReport(runId: runId, phase: .lists)
        do {
            var runContext = context(runId: runId, resumeSince: resumeSince)
            // Maps the live watcher checked are left to it only while a watcher holds the lease.
            if runContext.settings.skipCheckedWithin != nil,
                try await repositories.watchLeases.holder(name: WatchLease.name).map({ $0.expiresAt > clock.now })
                    != true
            {
                runContext.settings.skipCheckedWithin = nil
            }
            try await runPhases(report: &report, context: runContext, progress)
        } catch {
            // The counters reached so far (items queued, emails sent) are true even though the run
            // stopped; the phase-boundary summary alone would report them as 0.
            throw DailyRunInterrupted(report: report, cause: error)
        }
        return report
    }

    /// The phases in their order; each phase boundary that reports progress is named here.
    private func runPhases(
        report: inout DailyRunReport, context: DailyRunContext, _ progress: @Sendable (DailyRunReport) async -> Void
    ) async throws {
        // 1. Work lists, 2. probes: which mappers, drivers and leaderboards this run covers.
        var work = try await WorkListPhase(context: context).run(report: &report)
        let reads = try await ProbePhase(context: context).run(work: &work, report: &report)
        // 3. The check: every leaderboard once, mapper news committed per map.
        report.phase = .fetch
        await progress(report)
        let tops = try await CheckPhase(context: context).run(reads: reads, work: &work, report: &report)
        // 4. Drivers against the leaderboards just read.
        report.phase = .drivers
        await progress(report)
        try await DriverPhase(context: context).run(drivers: work.drivers, tops: tops, report: &report)
        // 5. Push (no progress line of its own, as before: it is quick next to the reads).
        try await PushPhase(context: context).run(report: &report)
        // 6. One digest per user per UTC day from the pending items.
        report.phase = .send
        await progress(report)
        try await SendPhase(context: context).run(report: &report)
        report.phase = .completed
    }

    /// The push phase alone (the live watcher pushes its news at once through it).
    /// - Throws: Store failures; transport failures are counted.
    func pushPhase(report: inout DailyRunReport) async throws {
        try await PushPhase(context: context(runId: report.runId, resumeSince: nil)).run(report: &report)
    }

    private func context(runId: Int, resumeSince: Date?) -> DailyRunContext {
        var log = logger
        log[metadataKey: "daily-run"] = .string(String(runId))
        return DailyRunContext(
            repositories: repositories, services: services, settings: settings, preferenceLinks: preferenceLinks,
            clock: clock, log: log, checkpoint: checkpoint, resumeSince: resumeSince,
            day: Timestamps.utcDay(clock.now))
    }
}
