import Foundation

/// `map_search_jobs.status`.
public enum MapSearchJobStatus: String, Sendable, Codable, CaseIterable {
    case pending
    case processing
    case completed
    case failed
}

/// A row of `map_search_jobs`.
public struct MapSearchJob: Sendable, Equatable {
    /// A UUID v4 text.
    public var id: String
    public var username: String
    public var period: String
    public var status: MapSearchJobStatus
    /// Epoch milliseconds, as stored (R4 returns them as strings).
    public var createdAtMillis: Int64
    public var updatedAtMillis: Int64
    /// The result array as JSON text, when completed.
    public var resultJSON: String?
    public var errorMessage: String?
    /// How many times a worker claimed the job.
    public var attempts: Int
    /// The worker holding (or last holding) the job.
    public var workerId: String?
    /// The user who queued it; `nil` for jobs queued before ownership was recorded.
    public var userId: Int?

    public init(
        id: String, username: String, period: String, status: MapSearchJobStatus, createdAtMillis: Int64,
        updatedAtMillis: Int64, resultJSON: String?, errorMessage: String?, attempts: Int, workerId: String?,
        userId: Int? = nil
    ) {
        self.id = id
        self.username = username
        self.period = period
        self.status = status
        self.createdAtMillis = createdAtMillis
        self.updatedAtMillis = updatedAtMillis
        self.resultJSON = resultJSON
        self.errorMessage = errorMessage
        self.attempts = attempts
        self.workerId = workerId
        self.userId = userId
    }
}
