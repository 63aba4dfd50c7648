import Foundation

/// Where one (push channel, digest item) pair stands in the push ledger (`push_deliveries.status`).
public enum PushDeliveryStatus: String, Sendable, Codable, CaseIterable {
    /// Recorded just before the post left; found by a later run only when a crash cut the post short.
    case sending
    /// The far side accepted it.
    case sent
    /// Not delivered yet; a later run tries again (not before `next_attempt_at`).
    case retry
    /// A crash cut the post short: it may have arrived, so it is never sent again.
    case inDoubt = "in_doubt"
    /// Given up for this channel: the retry window passed, or the far side refused the message.
    case dropped
    /// The channel does not take this kind of news.
    case skipped
}

/// An active push channel with what its owner chose for the dates shown.
public struct PushDestination: Sendable, Equatable {
    public var channel: PushChannel
    /// The owner's IANA zone (`user_preferences.time_zone`, `UTC` without a row).
    public var timeZone: String

    public init(channel: PushChannel, timeZone: String) {
        self.channel = channel
        self.timeZone = timeZone
    }
}

/// A digest item waiting for one channel, with its earlier attempts.
public struct PushPendingItem: Sendable, Equatable {
    public var item: DigestItem
    /// Posts that carried it before (0 for a new item).
    public var attempts: Int

    public init(item: DigestItem, attempts: Int) {
        self.item = item
        self.attempts = attempts
    }
}

/// A row of the push ledger, for tests and diagnostics.
public struct PushDeliveryRecord: Sendable, Equatable {
    public var channelId: Int
    public var itemId: Int
    public var status: PushDeliveryStatus
    public var attempts: Int
    public var nextAttemptAt: Date?
    public var lastError: String?

    public init(
        channelId: Int, itemId: Int, status: PushDeliveryStatus, attempts: Int, nextAttemptAt: Date?,
        lastError: String?
    ) {
        self.channelId = channelId
        self.itemId = itemId
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
    }
}

/// The push ledger (`push_deliveries`): which digest item went to which push channel.
///
/// An item is due for a channel when it belongs to the channel's owner, was queued after the channel
/// was added, and has no ledger row for the channel, or a `retry` row whose time has come. Every
/// post is recorded as `sending` before it leaves, so nothing is ever sent twice to a channel.
public protocol PushDeliveryRepository: Sendable {
    /// Turns rows left `sending` by a run that stopped mid-post into `in_doubt`.
    /// - Returns: How many posts' items were in doubt (items, not posts).
    func settleInterrupted(now: Date) async throws -> Int

    /// Active channels with at least one due item, by channel id, with their owners' time zones.
    func destinationsWithDueItems(now: Date) async throws -> [PushDestination]

    /// The items due for a channel, oldest first (at most `limit`).
    func dueItems(channel: PushChannel, now: Date, limit: Int) async throws -> [PushPendingItem]

    /// Records that a post carrying `itemIds` is about to leave (`sending`, one more attempt).
    func markSending(channelId: Int, itemIds: [Int], now: Date) async throws

    /// Records the final or waiting state of items for a channel (`sent`, `retry` with `nextAttemptAt`,
    /// `dropped`, `skipped`, `in_doubt`), with a short reason for failures.
    func mark(
        channelId: Int, itemIds: [Int], status: PushDeliveryStatus, nextAttemptAt: Date?, reason: String?, now: Date
    ) async throws

    /// Removes the ledger rows of items that were never delivered to a channel (a post the far side
    /// refused because the channel is gone), so the items are due again if the player re-enables it.
    func forget(channelId: Int, itemIds: [Int]) async throws

    /// Disables an active channel with the reason shown to the player.
    /// - Returns: `false` when it was not active (already disabled or removed).
    func disableChannel(id: Int, reason: String, now: Date) async throws -> Bool

    /// The ledger rows of a channel, by item id (tests, diagnostics).
    func deliveries(channelId: Int) async throws -> [PushDeliveryRecord]

    /// Adds an active channel without validation, for seeding benchmarks and tests (the preference
    /// page owns channel management).
    /// - Returns: The new channel's id.
    func insertChannel(
        userId: Int, kind: PushChannelKind, target: String, accessToken: String?, news: NewsKinds, now: Date
    ) async throws -> Int
}
