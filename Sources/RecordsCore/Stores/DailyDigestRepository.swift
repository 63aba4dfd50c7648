import Foundation

/// Reads and writes the daily digests (`daily_emails`) and the pending digest items behind them.
public protocol DailyDigestRepository: Sendable {
    /// Inserts or updates the mapper part of a user's digest for `day` (`YYYY-MM-DD`); the status is kept.
    func saveMapperContent(username: String, email: String, day: String, content: String, now: Date) async throws

    /// Inserts or updates the driver part of a user's digest for `day`, atomically; the status is kept.
    func saveDriverContent(username: String, email: String, day: String, content: String, now: Date) async throws

    /// The digest of a user for `day`, or `nil`.
    func email(username: String, day: String) async throws -> DailyEmail?

    /// The digests of `day` not yet sent, ordered by username.
    func pendingEmails(day: String) async throws -> [DailyEmail]

    /// Marks a digest sent, only if it is still pending. Returns `false` when another sender got there first
    /// (or the row is gone), so a digest is mailed once.
    func markSent(username: String, day: String, now: Date) async throws -> Bool

    /// Queues items, skipping ones whose `(userId, section, dedupeKey)` is already queued or delivered;
    /// returns how many were new.
    func enqueue(_ items: [NewDigestItem], now: Date) async throws -> Int

    /// The user's undelivered items, oldest first.
    func pendingItems(userId: Int) async throws -> [DigestItem]

    /// Marks items delivered.
    func markDelivered(ids: [Int], now: Date) async throws
}
