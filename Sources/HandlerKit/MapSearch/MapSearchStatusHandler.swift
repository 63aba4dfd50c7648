import Foundation
import RecordsCore

/// `GET /api/v1/users/maps/status/:jobId` (R4): a queued search's state, with its result once completed.
/// `created_at`/`updated_at` are epoch-millisecond numbers. A job is readable by the user who queued it
/// (and by admins); another user's job answers exactly like an unknown one.
public struct MapSearchStatusHandler: Handler {
    private let jobs: any MapSearchJobRepository
    private let limiter: RequestLimiter

    public init(jobs: any MapSearchJobRepository, limiter: RequestLimiter) {
        self.jobs = jobs
        self.limiter = limiter
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        let caller = try context.requireCaller()
        try await limiter.consume(.mapSearchStatus, key: String(caller.userId), now: context.clock.now)
        let id = (event.pathParameters["jobId"] ?? "").lowercased()
        // Job ids are UUIDs; anything else cannot name a job and never reaches the database.
        guard UUID(uuidString: id) != nil, let job = try await jobs.job(id: id),
            job.userId == nil || job.userId == caller.userId || caller.isAdmin
        else { throw HandlerError.notFound("Job not found") }
        var body: JSONObject = [
            "jobId": .string(job.id), "status": .string(job.status.rawValue), "username": .string(job.username),
            "period": .string(job.period), "created_at": .number(Double(job.createdAtMillis)),
            "updated_at": .number(Double(job.updatedAtMillis)),
        ]
        if job.status == .completed, let text = job.resultJSON {
            body["result"] = try JSONValue.parse(text)
        }
        if job.status == .failed, let message = job.errorMessage {
            body["error"] = .string(message)
        }
        return .json(200, JSONValue.object(body))
    }
}
