import Foundation
import Synchronization

/// A ``SessionRepository`` that remembers, for a moment, which sessions it found live, so that the
/// burst of read-only requests a page sends at once costs one session read instead of one each.
///
/// Only ``recentActiveSession(id:now:)`` answers from memory, for at most ``maximumAge`` (measured
/// on the monotonic clock) and never past the session's own expiry; ``activeSession(id:now:)``
/// always reads the database and refreshes the entry. Every way this instance ends a session
/// (logout, a reused refresh token, a password reset) forgets it before the database does, and a
/// read that raced with such an end does not store what it read. Another instance's logout is seen
/// here within ``maximumAge``; routes that write, and admin routes, never use the remembered check.
public final class RecentSessionChecks: SessionRepository {
    private struct Entry {
        var found: SessionWithUser
        var checkedAt: ContinuousClock.Instant
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// Moves on with every forgetting, so a read that started before one does not store its result.
        var epoch: UInt64 = 0
    }

    /// The wrapped repository (the database).
    public let base: any SessionRepository
    /// How long a check may be reused; zero turns the memory off.
    public let maximumAge: Duration
    /// At most this many sessions are remembered; past it, the memory starts again from empty.
    public let capacity: Int
    private let state = Mutex(State())

    /// - Parameters:
    ///   - base: The repository that reads and writes the sessions.
    ///   - maximumAge: How long a check may be reused (`SESSION_CHECK_REUSE_MS`).
    ///   - capacity: How many sessions to remember at most.
    public init(base: any SessionRepository, maximumAge: Duration, capacity: Int = 10_000) {
        self.base = base
        self.maximumAge = maximumAge
        self.capacity = max(1, capacity)
    }

    /// How many sessions are remembered now (for tests).
    public var count: Int { state.withLock { $0.entries.count } }

    public func recentActiveSession(id: String, now: Date) async throws -> SessionWithUser? {
        guard maximumAge > .zero else { return try await base.activeSession(id: id, now: now) }
        let instant = ContinuousClock.now
        let remembered = state.withLock { state -> SessionWithUser? in
            guard let entry = state.entries[id] else { return nil }
            guard instant - entry.checkedAt < maximumAge, entry.found.session.expiresAt > now else {
                state.entries[id] = nil
                return nil
            }
            return entry.found
        }
        if let remembered { return remembered }
        return try await activeSession(id: id, now: now)
    }

    public func activeSession(id: String, now: Date) async throws -> SessionWithUser? {
        guard maximumAge > .zero else { return try await base.activeSession(id: id, now: now) }
        let (epoch, started) = state.withLock { ($0.epoch, ContinuousClock.now) }
        let found = try await base.activeSession(id: id, now: now)
        state.withLock { state in
            guard state.epoch == epoch else { return }
            guard let found else {
                state.entries[id] = nil
                return
            }
            if state.entries.count >= capacity && state.entries[id] == nil { state.entries.removeAll() }
            // Aged from before the read: the database said "live" at some moment after `started`.
            state.entries[id] = Entry(found: found, checkedAt: started)
        }
        return found
    }

    public func create(_ session: LoginSession) async throws {
        try await base.create(session)
    }

    public func touch(id: String, at: Date) async throws -> Bool {
        try await base.touch(id: id, at: at)
    }

    public func rotateRefresh(id: String, presented: Int, now: Date, grace: TimeInterval) async throws
        -> RefreshRotation
    {
        let rotation = try await base.rotateRefresh(id: id, presented: presented, now: now, grace: grace)
        switch rotation {
        case .issue: break
        // A reused refresh token ended the session.
        case .reused, .missing: forget { _ = $0.removeValue(forKey: id) }
        }
        return rotation
    }

    public func hasSession(userId: Int, ipAddress: String, now: Date) async throws -> Bool {
        try await base.hasSession(userId: userId, ipAddress: ipAddress, now: now)
    }

    public func delete(id: String) async throws -> Bool {
        // Before, for reads already in flight; after, for reads that began while the row was going.
        forget { _ = $0.removeValue(forKey: id) }
        defer { forget { _ = $0.removeValue(forKey: id) } }
        return try await base.delete(id: id)
    }

    public func deleteAll(userId: Int) async throws {
        forget { entries in entries = entries.filter { $0.value.found.user.id != userId } }
        defer { forget { entries in entries = entries.filter { $0.value.found.user.id != userId } } }
        try await base.deleteAll(userId: userId)
    }

    public func pruneExpired(now: Date) async throws -> Int {
        try await base.pruneExpired(now: now)
    }

    /// Applies `change` to the remembered sessions and moves the epoch on, so that reads in flight
    /// do not put back what was just forgotten.
    private func forget(_ change: (inout [String: Entry]) -> Void) {
        state.withLock { state in
            change(&state.entries)
            state.epoch &+= 1
        }
    }
}
