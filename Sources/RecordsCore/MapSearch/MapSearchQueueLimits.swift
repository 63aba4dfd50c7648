import Foundation

/// Bounds on the persisted map-search queue (docs/security.md, "Map searches").
///
/// A search costs one Trackmania call per map of the author, so the queue is bounded twice: per user
/// (one account cannot line up more work than a few searches) and across all users (a crowd cannot
/// grow the backlog without end). Jobs that are `pending` or `processing` count; finished ones do not.
public struct MapSearchQueueLimits: Sendable, Equatable {
    /// Unfinished searches one user may have (`MAP_SEARCH_MAX_PENDING_PER_USER`, default 3).
    public var perUser: Int
    /// Unfinished searches across all users (`MAP_SEARCH_MAX_PENDING`, default 100).
    public var total: Int
    /// The `Retry-After` of a refusal: about the time one search takes.
    public var retryAfterSeconds: Int

    /// The defaults.
    public static let standard = MapSearchQueueLimits(perUser: 3, total: 100)

    public init(perUser: Int, total: Int, retryAfterSeconds: Int = 60) {
        self.perUser = perUser
        self.total = total
        self.retryAfterSeconds = retryAfterSeconds
    }
}

/// What ``MapSearchJobRepository/enqueue(id:username:period:userId:limits:now:)`` did.
public enum MapSearchEnqueueOutcome: Sendable, Equatable {
    /// A new job was inserted.
    case queued(MapSearchJob)
    /// The user already has an unfinished job for the same search; it is answered instead.
    case existing(MapSearchJob)
    /// The user has ``MapSearchQueueLimits/perUser`` unfinished jobs.
    case userLimitReached
    /// The queue holds ``MapSearchQueueLimits/total`` unfinished jobs.
    case queueFull
}

extension MapSearchJob {
    /// The form two searches are compared in: the TMX author name without surrounding spaces and
    /// case (TMX matches author names case-insensitively), and the period as stored.
    public static func normalizedUsername(_ username: String) -> String {
        username.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// Whether this job searches the same author and period as the given parameters.
    public func searches(username: String, period: String) -> Bool {
        self.period == period && Self.normalizedUsername(self.username) == Self.normalizedUsername(username)
    }
}
