import Foundation
import Logging

/// Works the persisted map-search queue (`map_search_jobs`): claims one job at a time, runs it and
/// stores the result. Several instances may run a worker on one PostgreSQL database: a claim hands a
/// job to exactly one of them, and a job whose worker died (no heartbeat for ``Settings/staleAfter``)
/// is claimed again, by another instance or after a restart.
public struct MapSearchWorker: Sendable {
    /// Timing of the worker.
    public struct Settings: Sendable {
        /// A `processing` job without a heartbeat for this long is considered abandoned.
        public var staleAfter: Duration = .seconds(120)
        /// How often a running job proves its worker is alive.
        public var heartbeatInterval: Duration = .seconds(20)
        /// How often the queue is looked at without being woken (jobs queued by other instances,
        /// abandoned jobs).
        public var pollInterval: Duration = .seconds(5)
        /// Finished jobs are deleted this long after they finished.
        public var retention: Duration = .seconds(24 * 3600)
        /// How often finished jobs are pruned.
        public var pruneInterval: Duration = .seconds(3600)
        /// A job claimed this many times without finishing (it keeps killing its worker) is failed.
        public var maxAttempts = 3

        public init() {}
    }

    /// The text stored when Trackmania could not be reached for the map list.
    public static let upstreamFailureMessage = "Trackmania services could not be reached, please try again later"

    private let jobs: any MapSearchJobRepository
    private let runner: MapSearchRunner
    private let clock: any WallClock
    private let logger: Logger
    /// Identifies this process's claims (`map_search_jobs.worker_id`).
    public let workerId: String
    public let settings: Settings
    /// Counts finished jobs by state.
    public let metrics: RecordsMetrics
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    public init(
        jobs: any MapSearchJobRepository, runner: MapSearchRunner, clock: any WallClock, logger: Logger,
        workerId: String = "worker-\(UUID().uuidString.lowercased())", settings: Settings = Settings(),
        metrics: RecordsMetrics = .disabled
    ) {
        self.jobs = jobs
        self.runner = runner
        self.clock = clock
        self.logger = logger
        self.workerId = workerId
        self.settings = settings
        self.metrics = metrics
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Tells the worker a job was queued, so it does not wait for the next poll.
    public func jobQueued() {
        wake.yield()
    }

    /// Works the queue until the task is cancelled. Call once per worker.
    public func run() async {
        let poll = settings.pollInterval
        let wake = self.wake
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: poll)
                    wake.yield()
                }
            }
            var lastPrune: Date?
            // The first pass comes with the first poll (the schema is migrated meanwhile); it picks up
            // jobs a previous process left behind.
            for await _ in wakeups {
                if Task.isCancelled { break }
                let now = clock.now
                if lastPrune.map({ now.timeIntervalSince($0) >= Self.seconds(settings.pruneInterval) }) ?? true {
                    await prune(now: now)
                    lastPrune = now
                }
                await drain()
            }
            group.cancelAll()
        }
    }

    /// Runs claimable jobs until none is left (or the task is cancelled).
    /// - Returns: How many jobs this call worked on.
    @discardableResult
    public func drain() async -> Int {
        var count = 0
        while !Task.isCancelled, await runNext() {
            count += 1
        }
        return count
    }

    /// Claims and runs one job.
    /// - Returns: Whether there was a job.
    public func runNext() async -> Bool {
        let job: MapSearchJob
        do {
            guard
                let claimed = try await jobs.claimNext(
                    worker: workerId, staleAfter: settings.staleAfter, now: clock.now)
            else { return false }
            job = claimed
        } catch {
            logger.warning("could not claim a map search job", metadata: ["error": "\(type(of: error))"])
            return false
        }
        await process(job)
        return true
    }

    /// Claims and runs the job with this id (an SQS message on Lambda names it).
    /// - Returns: `false` when it is not claimable: unknown, finished, or held by a live worker.
    /// - Throws: Store failures while claiming (the message is then retried).
    public func run(jobId: String) async throws -> Bool {
        guard
            let job = try await jobs.claim(id: jobId, worker: workerId, staleAfter: settings.staleAfter, now: clock.now)
        else { return false }
        await process(job)
        return true
    }

    /// Deletes jobs finished longer than ``Settings/retention`` ago.
    public func prune(now: Date) async {
        do {
            let removed = try await jobs.prune(before: now.addingTimeInterval(-Self.seconds(settings.retention)))
            if removed > 0 { logger.info("pruned finished map search jobs", metadata: ["count": "\(removed)"]) }
        } catch {
            logger.warning("could not prune map search jobs", metadata: ["error": "\(type(of: error))"])
        }
    }

    private enum Outcome: Sendable {
        case finished([JSONValue])
        case failed(String)
        /// Another worker holds the job now; this one must not write.
        case lost

        var metricState: String {
            switch self {
            case .finished: "completed"
            case .failed: "failed"
            case .lost: "lost"
            }
        }
    }

    private func process(_ job: MapSearchJob) async {
        var metadata: Logger.Metadata = ["job": "\(job.id)", "attempt": "\(job.attempts)"]
        let outcome: Outcome
        if job.attempts > settings.maxAttempts {
            outcome = .failed("The search was interrupted too many times")
        } else if let period = MapSearchPeriod(rawValue: job.period) {
            outcome = await runWithHeartbeat(job, period: period)
        } else {
            outcome = .failed("Unknown period \(job.period)")
        }
        metrics.mapSearchJob(state: outcome.metricState)
        do {
            switch outcome {
            case .finished(let result):
                let stored = try await jobs.complete(
                    id: job.id, worker: workerId, resultJSON: JSONValue.array(result).jsonText(), now: clock.now)
                metadata["maps"] = "\(result.count)"
                logger.info(
                    stored ? "map search completed" : "map search result dropped: job reclaimed", metadata: metadata)
            case .failed(let message):
                _ = try await jobs.fail(id: job.id, worker: workerId, message: message, now: clock.now)
                logger.info("map search failed", metadata: metadata)
            case .lost:
                logger.warning("map search job was reclaimed by another worker", metadata: metadata)
            }
        } catch {
            // The job stays `processing` and is claimed again once stale.
            metadata["error"] = "\(type(of: error))"
            logger.warning("could not store a map search outcome", metadata: metadata)
        }
    }

    /// Runs the search while a heartbeat keeps the claim fresh; stops if the claim is lost.
    private func runWithHeartbeat(_ job: MapSearchJob, period: MapSearchPeriod) async -> Outcome {
        let interval = settings.heartbeatInterval
        return await withTaskGroup(of: Outcome?.self) { group in
            group.addTask {
                do {
                    return .finished(try await runner.search(username: job.username, period: period, now: clock.now))
                } catch is TrackmaniaError {
                    return .failed(Self.upstreamFailureMessage)
                } catch is CancellationError {
                    return nil
                } catch {
                    logger.warning(
                        "map search failed unexpectedly", metadata: ["job": "\(job.id)", "error": "\(type(of: error))"])
                    return .failed("The search failed, please try again later")
                }
            }
            group.addTask {
                while !Task.isCancelled {
                    do {
                        try await Task.sleep(for: interval)
                        if try await !jobs.heartbeat(id: job.id, worker: workerId, now: clock.now) { return .lost }
                    } catch is CancellationError {
                        return nil
                    } catch {
                        // A failed heartbeat is retried; the claim goes stale only after `staleAfter`.
                        continue
                    }
                }
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .lost
        }
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        let parts = duration.components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }
}
