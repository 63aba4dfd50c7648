import Foundation

/// Persisted login sessions, shared by every server instance.
public protocol SessionRepository: Sendable {
    /// Stores a new session.
    func create(_ session: LoginSession) async throws

    /// The session with its user when the session exists and `expiresAt > now`; one round trip.
    func activeSession(id: String, now: Date) async throws -> SessionWithUser?

    /// Records a refresh. Returns `false` when the session no longer exists.
    func touch(id: String, at: Date) async throws -> Bool

    /// Deletes the session (logout). Returns `true` when a row was removed.
    func delete(id: String) async throws -> Bool

    /// Deletes every session of a user (e.g. after a password reset).
    func deleteAll(userId: Int) async throws

    /// Deletes sessions whose `expiresAt` is at or before `now`; returns how many went.
    func pruneExpired(now: Date) async throws -> Int
}
