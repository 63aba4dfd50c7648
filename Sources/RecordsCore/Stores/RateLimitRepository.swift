import Foundation

/// Sliding-window rate-limit logs kept in the database so that every instance sees one count.
public protocol RateLimitRepository: Sendable {
    /// Atomically: if fewer than `limit` events for `key` happened after `now - window`,
    /// records one at `now` and returns `true`; otherwise records nothing and returns `false`.
    func consume(key: String, limit: Int, window: Duration, now: Date) async throws -> Bool

    /// Atomically, as ``consume(key:limit:window:now:)``, but answers the recorded event's id, so that
    /// the caller can ``release(id:)`` it when the attempt turns out not to count (a login that
    /// succeeded). `nil` when the limit is reached. Shared by every instance on one database.
    func reserve(key: String, limit: Int, window: Duration, now: Date) async throws -> Int64?

    /// Removes one event recorded by ``reserve(key:limit:window:now:)``.
    func release(id: Int64) async throws

    /// How many events for `key` happened after `now - window`.
    ///
    /// Events stamped later than `now` count too: parallel requests read the clock before they
    /// queue for the bucket, so one may record an instant later than another's `now`.
    func count(key: String, window: Duration, now: Date) async throws -> Int

    /// Records one event for `key` at `now` without checking a limit.
    func record(key: String, now: Date) async throws

    /// Deletes events older than `before` (housekeeping).
    func prune(before: Date) async throws
}
