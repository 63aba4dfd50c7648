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

    // MARK: The daily run's atomic steps

    /// Advances a map's baselines, stamps the map checked and queues the digest items this check
    /// produced, in one transaction: a crash leaves either all of it or none, so a re-run neither
    /// loses the change (the baseline did not move) nor reports it twice (it did, with its items).
    /// - Returns: How many items were new (items already queued or delivered are skipped).
    func commitMapCheck(mapUid: String, baselines: [RecordBaseline], items: [NewDigestItem], now: Date) async throws
        -> Int

    /// When each of the given maps was last checked by ``commitMapCheck(mapUid:baselines:items:now:)``;
    /// maps never checked are absent.
    func lastChecks(mapUids: [String]) async throws -> [String: Date]

    /// Stores what the daily run observed for one driver notification (position, best score, status,
    /// `last_checked`) and queues the items it produced, in one transaction.
    /// - Returns: `false` when the notification is gone (nothing is queued then).
    func commitDriverCheck(
        notificationId: Int, position: Int, personalBest: Int, status: DriverNotificationStatus,
        items: [NewDigestItem], now: Date
    ) async throws -> Bool

    /// Ids of users with undelivered items, ascending.
    func usersWithPendingItems() async throws -> [Int]

    /// Records a delivered digest: marks the items delivered and the user's `daily_emails` row of
    /// `day` sent (creating it with the delivered content when missing), in one transaction.
    func recordDelivery(
        itemIds: [Int], username: String, email: String, day: String, mapperContent: String, driverContent: String,
        now: Date
    ) async throws
}
