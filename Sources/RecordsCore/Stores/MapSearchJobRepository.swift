import Foundation

/// Reads and writes `map_search_jobs`; jobs can be claimed by several server instances at once.
public protocol MapSearchJobRepository: Sendable {
    /// Inserts a pending job queued by `userId` (`nil`: no owner recorded).
    func create(id: String, username: String, period: String, userId: Int?, now: Date) async throws -> MapSearchJob

    /// Inserts a pending job queued by `userId` unless the queue's bounds say otherwise, atomically
    /// across parallel requests and instances: the user's unfinished job for the same search
    /// (``MapSearchJob/searches(username:period:)``) is answered instead of a new one, and a user at
    /// ``MapSearchQueueLimits/perUser`` or a queue at ``MapSearchQueueLimits/total`` unfinished jobs
    /// gets a refusal.
    func enqueue(
        id: String, username: String, period: String, userId: Int, limits: MapSearchQueueLimits, now: Date
    ) async throws -> MapSearchEnqueueOutcome

    /// The user's unfinished (`pending` or `processing`) jobs, oldest first.
    func unfinishedJobs(userId: Int) async throws -> [MapSearchJob]

    /// The job with this id, or `nil`.
    func job(id: String) async throws -> MapSearchJob?

    /// Claims this job for `worker` when it is pending, or processing without news for `staleAfter`
    /// (its worker died). Exactly one of several concurrent claimers gets it; the others get `nil`.
    func claim(id: String, worker: String, staleAfter: Duration, now: Date) async throws -> MapSearchJob?

    /// Claims the next claimable job (same rule as `claim(id:)`), skipping jobs other workers are claiming.
    /// Users take turns: the job goes to the user served least recently (whose latest claimed or finished
    /// job is oldest; never served comes first), and among their jobs to the oldest. One user's burst
    /// therefore cannot hold back another user's search.
    func claimNext(worker: String, staleAfter: Duration, now: Date) async throws -> MapSearchJob?

    /// Refreshes `updated_at` so the job is not considered stale. Returns `false` when `worker` no longer holds it.
    func heartbeat(id: String, worker: String, now: Date) async throws -> Bool

    /// Stores the result. Returns `false` when `worker` no longer holds the job (it was reclaimed).
    func complete(id: String, worker: String, resultJSON: String, now: Date) async throws -> Bool

    /// Stores the failure. Returns `false` when `worker` no longer holds the job.
    func fail(id: String, worker: String, message: String, now: Date) async throws -> Bool

    /// Deletes finished jobs last updated before `before`; returns how many went.
    func prune(before: Date) async throws -> Int
}

extension MapSearchJobRepository {
    /// Inserts a pending job without an owner.
    public func create(id: String, username: String, period: String, now: Date) async throws -> MapSearchJob {
        try await create(id: id, username: username, period: period, userId: nil, now: now)
    }
}
