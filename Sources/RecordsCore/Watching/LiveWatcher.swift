import Foundation
import Logging

/// The live watcher (issue 23, docs/live-watching.md): reads watched maps all day within a sustained
/// budget, each map as often as the square root of its record rate warrants (with the floor
/// `WATCH_MAX_STALENESS`), commits the news of each read with its baselines in one transaction
/// (``MapCheck``, the daily run's own step) and pushes it at once through the push ledger.
///
/// One instance runs it at a time (``WatchLease``). Everything it keeps in memory is a cache of the
/// stores or an estimate: a restart at any point loses nothing (a read not yet committed is read
/// again) and doubles nothing (baselines and dedupe keys move with the items).
public actor LiveWatcher {
    /// The collaborators, built by the composition root.
    public struct Dependencies: Sendable {
        public var repositories: Repositories
        public var leaderboards: any TrackmaniaLeaderboards
        /// The watcher's own share of the Trackmania pace (`WATCH_RATE`); every read and probe takes a slot.
        public var pace: any UpstreamPace
        /// The daily run's runner: its settings (depth, first-check window, push) and services (push
        /// transport, directory) are the watcher's too.
        public var runner: DailyRunner
        public var clock: any WallClock
        public var logger: Logger
        public var metrics: RecordsMetrics

        public init(
            repositories: Repositories, leaderboards: any TrackmaniaLeaderboards, pace: any UpstreamPace,
            runner: DailyRunner, clock: any WallClock, logger: Logger, metrics: RecordsMetrics
        ) {
            self.repositories = repositories
            self.leaderboards = leaderboards
            self.pace = pace
            self.runner = runner
            self.clock = clock
            self.logger = logger
            self.metrics = metrics
        }
    }

    let deps: Dependencies
    let settings: WatchSettings
    let scales: RateEstimate.Scales
    let check: MapCheck
    let push: LivePush

    var maps: [String: WatchedMapState] = [:]
    var queue = DueQueue()
    var plan: WatchPlan
    /// Maps the position probe covers (those read less often than a probe cycle), in probe order.
    var probeOrder: [String] = []
    var probeCursor = 0
    var nextProbeAt = Date.distantPast
    var probeFailures = 0
    var lastRefresh = Date.distantPast
    /// Whether a refresh of the watched set is under way.
    var refreshing = false
    var lastSolve = Date.distantPast
    var running = 0
    /// The loop waiting for a read to finish (at the concurrency bound).
    var slotWaiter: CheckedContinuation<Void, Never>?
    /// Counters of what this watcher spent, for the budget gauge.
    var spentThisMinute = 0
    var minuteStart = Date.distantPast
    var warnedUnaffordable = false
    /// Reads and probe batches started since the watcher was made (a scheduled turn reports its share).
    public private(set) var requestsStarted = 0

    public init(deps: Dependencies, settings: WatchSettings) {
        self.deps = deps
        self.settings = settings
        scales = RateEstimate.Scales(maxStaleness: settings.maxStaleness)
        let runSettings = deps.runner.settings
        check = MapCheck(
            leaderboards: deps.leaderboards, baselines: deps.repositories.recordBaselines,
            digests: deps.repositories.dailyDigests, clock: deps.clock, depth: runSettings.topN,
            firstCheckWindow: runSettings.firstCheckWindow)
        push = LivePush(runner: deps.runner, interval: settings.pushInterval)
        plan = WatchPlan(
            budget: settings.rate, floor: 1 / settings.maxStaleness, ceiling: 1 / max(0.001, settings.minInterval),
            kind: settings.scheduler)
    }

    /// Watches until cancelled. Store failures while refreshing the watched set are retried; nothing
    /// is thrown but a cancellation.
    public func run() async {
        // Every upstream call of the watcher (reads, probes, names, push look-ups) yields to interactive work.
        await UpstreamPriority.$isBackground.withValue(true) { await self.loop() }
    }

    private func loop() async {
        deps.logger.info(
            "live watcher started",
            metadata: [
                "rate": .stringConvertible(settings.rate), "maxStaleness": .stringConvertible(settings.maxStaleness),
                "scheduler": .string(settings.scheduler.rawValue),
            ])
        await withDiscardingTaskGroup { group in
            let push = self.push
            // What the pushes ask of Nadeo (display names) is the watcher's spending too.
            let pushLane = UpstreamLaneBudget(pace: deps.pace, prepaid: 0)
            group.addTask { await UpstreamPriority.$lane.withValue(pushLane) { await push.run() } }
            while !Task.isCancelled {
                if !refreshing, deps.clock.now.timeIntervalSince(lastRefresh) >= settings.refreshInterval {
                    // Beside the reads, not before them: the pace's slots are evenly spaced, and a slot the
                    // loop is not there to take (while the watched set loads) is lost to the budget.
                    refreshing = true
                    group.addTask {
                        await self.refresh()
                        await self.refreshed()
                    }
                }
                if running >= settings.concurrency {
                    await withCheckedContinuation { slotWaiter = $0 }
                    continue
                }
                let now = deps.clock.now
                let wake = nextWake(now: now)
                if wake > now.timeIntervalSince1970 {
                    let nap = min(wake - now.timeIntervalSince1970, 0.25)
                    do { try await Task.sleep(for: .milliseconds(Int((nap * 1000).rounded(.up)))) } catch { break }
                    continue
                }
                do { try await deps.pace.acquire() } catch { break }
                guard let job = nextJob(now: deps.clock.now) else { continue }
                running += 1
                countSpent()
                // The slot just taken pays the job's first request; any other it sends (a retry, a
                // token call) waits for a slot of the watcher's pace too.
                let lane = UpstreamLaneBudget(pace: deps.pace, prepaid: 1)
                group.addTask {
                    await UpstreamPriority.$lane.withValue(lane) { await self.perform(job) }
                    await self.finishedOne()
                }
            }
            group.cancelAll()
        }
        deps.logger.info("live watcher stopped")
    }

    /// A read or a probe batch.
    enum Job: Sendable {
        case read(String)
        case probe([String])
    }

    /// When the next job is due (seconds since 1970): the earliest map, or the probe.
    func nextWake(now: Date) -> Double {
        var wake = Double.infinity
        if let top = queue.peek() { wake = top.due }
        if !probeOrder.isEmpty { wake = min(wake, nextProbeAt.timeIntervalSince1970) }
        return wake
    }

    /// The job to run now: the probe when its turn came, otherwise the most overdue map.
    func nextJob(now: Date) -> Job? {
        let seconds = now.timeIntervalSince1970
        if !probeOrder.isEmpty, nextProbeAt <= now {
            let batch = nextProbeBatch()
            let probeRate = max(1e-9, settings.rate * settings.probeShare)
            nextProbeAt = now.addingTimeInterval(1 / probeRate * Double(1 << min(probeFailures, 6)))
            if !batch.isEmpty { return .probe(batch) }
        }
        while let uid = queue.popDue(now: seconds) {
            guard maps[uid] != nil else { continue }
            maps[uid]?.inFlight = true
            return .read(uid)
        }
        return nil
    }

    func perform(_ job: Job) async {
        switch job {
        case .read(let uid): await read(uid)
        case .probe(let batch): await probe(batch)
        }
    }

    func refreshed() { refreshing = false }

    func finishedOne() {
        running -= 1
        slotWaiter?.resume()
        slotWaiter = nil
    }

    /// Counts one request against the budget gauge (requests in the current minute / the budget's).
    func countSpent() {
        let now = deps.clock.now
        if now.timeIntervalSince(minuteStart) >= 60 {
            deps.metrics.watchBudgetUse(Double(spentThisMinute) / max(1e-9, settings.rate * 60))
            minuteStart = now
            spentThisMinute = 0
        }
        spentThisMinute += 1
        requestsStarted += 1
    }

    /// Schedules a map's next read `interval` seconds after `from`.
    func schedule(_ uid: String, after interval: TimeInterval, from: Date) {
        queue.schedule(uid, at: from.timeIntervalSince1970 + interval)
    }

    /// The interval between two reads of a map under the current plan.
    func interval(for state: WatchedMapState, now: Date) -> TimeInterval {
        let rate = state.estimate?.rate(now: now, scales: scales) ?? priorRate
        return 1 / max(1e-12, plan.frequency(rate: rate))
    }

    /// The rate assumed for a map nothing is known about (the estimate's prior mean).
    var priorRate: Double { scales.priorRate }

    // MARK: For tests and diagnostics

    /// How many maps are watched and how many are covered by the probe.
    public func snapshot() -> (maps: Int, probed: Int, running: Int) { (maps.count, probeOrder.count, running) }

    /// The learned rate of a map (records per second), `nil` before its first read.
    public func estimatedRate(mapUid: String) -> Double? {
        maps[mapUid]?.estimate?.rate(now: deps.clock.now, scales: scales)
    }

    /// Seconds until a map's next read.
    public func secondsUntilRead(mapUid: String) -> Double? {
        guard let due = queue.due[mapUid] else { return nil }
        return due - deps.clock.now.timeIntervalSince1970
    }
}
