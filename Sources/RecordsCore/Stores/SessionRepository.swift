import Foundation

/// Persisted login sessions, shared by every server instance.
public protocol SessionRepository: Sendable {
    /// Stores a new session.
    func create(_ session: LoginSession) async throws

    /// The session with its user when the session exists and `expiresAt > now`; one round trip.
    func activeSession(id: String, now: Date) async throws -> SessionWithUser?

    /// Like ``activeSession(id:now:)``, but may answer from a check of the same session made moments
    /// ago (see ``RecentSessionChecks``); for read-only routes that use nothing of the user but its id.
    func recentActiveSession(id: String, now: Date) async throws -> SessionWithUser?

    /// Records a refresh. Returns `false` when the session no longer exists.
    func touch(id: String, at: Date) async throws -> Bool

    /// Atomically moves the session's refresh-token generation on, for a refresh that presented a
    /// token of generation `presented` (see ``RefreshRotation``); records the refresh as an access.
    /// - Parameters:
    ///   - grace: How long after a rotation the previous generation is still accepted.
    func rotateRefresh(id: String, presented: Int, now: Date, grace: TimeInterval) async throws -> RefreshRotation

    /// Whether `userId` has a live session opened from `ipAddress` (a known address of the account).
    func hasSession(userId: Int, ipAddress: String, now: Date) async throws -> Bool

    /// Deletes the session (logout). Returns `true` when a row was removed.
    func delete(id: String) async throws -> Bool

    /// Deletes every session of a user (e.g. after a password reset).
    func deleteAll(userId: Int) async throws

    /// Deletes sessions whose `expiresAt` is at or before `now`; returns how many went.
    func pruneExpired(now: Date) async throws -> Int
}

extension SessionRepository {
    /// Without a cache in front, every check reads the database.
    public func recentActiveSession(id: String, now: Date) async throws -> SessionWithUser? {
        try await activeSession(id: id, now: now)
    }
}

/// What a refresh did to its session's refresh-token generation.
public enum RefreshRotation: Sendable, Equatable {
    /// The presented token was current (the session moved to `generation`), or of the previous
    /// generation within the grace window (the session stays at `generation`): issue a token of
    /// `generation`.
    case issue(generation: Int)
    /// The presented token was superseded before the grace window: it was used twice, so someone
    /// else may hold it. The session has been deleted.
    case reused
    /// The session does not exist.
    case missing
}
