import Foundation
import RecordsCore

/// `GET /api/v1/users/maps?username&period` (R3): queues a "newest times" search over a mapper's maps
/// and answers `202 {jobId}` at once; the frontend polls R4. The job is persisted, so it survives a
/// restart, and any instance's worker may run it.
///
/// The queue is bounded (``MapSearchQueueLimits``): asking again for a search the caller already has
/// waiting (same author, ignoring case and spaces, same period) answers that job without counting
/// against the rate limit; beyond the caller's unfinished-search cap or the queue-wide cap the answer
/// is 429 with `Retry-After`.
public struct StartMapSearchHandler: Handler {
    private let jobs: any MapSearchJobRepository
    private let limiter: RequestLimiter
    private let limits: MapSearchQueueLimits
    private let jobQueued: @Sendable (MapSearchJob) async -> Void

    /// - Parameters:
    ///   - jobs: The job queue.
    ///   - limiter: The per-caller limit.
    ///   - limits: The queue's per-user and queue-wide bounds.
    ///   - jobQueued: Announces the new job: wakes this instance's worker (so the job starts without
    ///     waiting for its next poll) or sends it to the deployment's queue (SQS on Lambda).
    public init(
        jobs: any MapSearchJobRepository, limiter: RequestLimiter, limits: MapSearchQueueLimits = .standard,
        jobQueued: @escaping @Sendable (MapSearchJob) async -> Void
    ) {
        self.jobs = jobs
        self.limiter = limiter
        self.limits = limits
        self.jobQueued = jobQueued
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        let caller = try context.requireCaller()
        guard let username = try WatchingInput.single(event, "username") else {
            throw HandlerError.badRequest("Username parameter required")
        }
        guard username.count <= 100, !WatchingInput.hasControlCharacters(username) else {
            throw HandlerError.badRequest("Invalid username")
        }
        let rawPeriod = try WatchingInput.single(event, "period") ?? MapSearchPeriod.day.rawValue
        guard let period = MapSearchPeriod(rawValue: rawPeriod.lowercased()) else {
            throw HandlerError.badRequest("Invalid period. Allowed: \(MapSearchPeriod.allowedList)")
        }
        // A repeated search (a reload, a double click) costs nothing upstream: answer the waiting job
        // before the rate limit is charged.
        if let waiting = try await jobs.unfinishedJobs(userId: caller.userId).first(where: {
            $0.searches(username: username, period: period.rawValue)
        }) {
            return Self.accepted(waiting, repeated: true)
        }
        let reservation = try await WatchingInput.reserveWithRetryAfter(
            limiter, .mapSearch, key: String(caller.userId), now: context.clock.now)
        let outcome: MapSearchEnqueueOutcome
        do {
            outcome = try await jobs.enqueue(
                id: UUID().uuidString.lowercased(), username: username, period: period.rawValue,
                userId: caller.userId, limits: limits, now: context.clock.now)
        } catch {
            try? await limiter.release(reservation)
            throw error
        }
        switch outcome {
        case .queued(let job):
            await jobQueued(job)
            return Self.accepted(job, repeated: false)
        case .existing(let job):
            try await limiter.release(reservation)
            return Self.accepted(job, repeated: true)
        case .userLimitReached:
            try await limiter.release(reservation)
            throw refusal(
                "You have too many map searches waiting (at most \(limits.perUser)). Please wait for one to finish.")
        case .queueFull:
            try await limiter.release(reservation)
            throw refusal("Too many map searches are waiting. Please try again later.")
        }
    }

    private func refusal(_ message: String) -> HandlerError {
        HandlerError(
            429, message, extra: ["retryAfter": .int(limits.retryAfterSeconds)],
            headers: ["Retry-After": String(limits.retryAfterSeconds)])
    }

    static func accepted(_ job: MapSearchJob, repeated: Bool) -> Response {
        .json(
            202,
            [
                "jobId": .string(job.id), "status": .string(job.status.rawValue),
                "message": .string(
                    repeated
                        ? "This map search is already queued. Use the job ID to check status."
                        : "Map search queued. Use the job ID to check status."),
                "estimatedWaitTime": "1–3 minutes",
            ] as JSONValue)
    }
}
