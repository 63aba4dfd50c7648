import Foundation
import RecordsCore

/// `GET /api/v1/users/maps?username&period` (R3): queues a "newest times" search over a mapper's maps
/// and answers `202 {jobId}` at once; the frontend polls R4. The job is persisted, so it survives a
/// restart, and any instance's worker may run it.
public struct StartMapSearchHandler: Handler {
    private let jobs: any MapSearchJobRepository
    private let limiter: RequestLimiter
    private let jobQueued: @Sendable () -> Void

    /// - Parameters:
    ///   - jobs: The job queue.
    ///   - limiter: The per-caller limit.
    ///   - jobQueued: Wakes this instance's worker so the job starts without waiting for its next poll.
    public init(
        jobs: any MapSearchJobRepository, limiter: RequestLimiter, jobQueued: @escaping @Sendable () -> Void
    ) {
        self.jobs = jobs
        self.limiter = limiter
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
        try await WatchingInput.consumeWithRetryAfter(
            limiter, .mapSearch, key: String(caller.userId), now: context.clock.now)
        let job = try await jobs.create(
            id: UUID().uuidString.lowercased(), username: username, period: period.rawValue, userId: caller.userId,
            now: context.clock.now)
        jobQueued()
        return .json(
            202,
            [
                "jobId": .string(job.id), "status": .string(job.status.rawValue),
                "message": "Map search queued. Use the job ID to check status.",
                "estimatedWaitTime": "1–3 minutes",
            ] as JSONValue)
    }
}
