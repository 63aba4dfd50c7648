import Foundation

/// Sliding-window rate-limit logs kept in the database so that every instance sees one count.
public protocol RateLimitRepository: Sendable {
    /// Atomically: if fewer than `limit` events for `key` happened in `(now - window, now]`,
    /// records one at `now` and returns `true`; otherwise records nothing and returns `false`.
    func consume(key: String, limit: Int, window: Duration, now: Date) async throws -> Bool

    /// How many events for `key` happened in `(now - window, now]`.
    func count(key: String, window: Duration, now: Date) async throws -> Int

    /// Records one event for `key` at `now` without checking a limit.
    func record(key: String, now: Date) async throws

    /// Deletes events older than `before` (housekeeping).
    func prune(before: Date) async throws
}
