import Foundation

/// Reads and writes `push_channels`, always scoped to the owning user.
public protocol PushChannelRepository: Sendable {
    /// The user's channels, oldest first.
    func channels(userId: Int) async throws -> [PushChannel]

    /// Adds a channel, or when the user already has this `(kind, target)` makes it active again with
    /// the given token and news (adding a disabled channel again is how a player re-enables it).
    ///
    /// The limit is checked in the same transaction as the insert, so parallel adds cannot pass it.
    /// - Parameter maxPerKind: How many channels of this kind the user may have (re-adding an existing
    ///   target is always allowed).
    /// - Returns: The stored channel, or `nil` when the user already has `maxPerKind` other channels
    ///   of this kind (nothing is stored).
    func add(
        userId: Int, kind: PushChannelKind, target: String, accessToken: String?, news: NewsKinds, maxPerKind: Int,
        now: Date
    ) async throws -> PushChannel?

    /// Sets which news a channel receives. Returns `false` when the user has no such channel.
    func setNews(channelId: Int, userId: Int, news: NewsKinds) async throws -> Bool

    /// Removes a channel. Returns `false` when the user has no such channel.
    func remove(channelId: Int, userId: Int) async throws -> Bool

    /// Disables a channel the far side reported gone, with the reason shown to the player; a channel
    /// already disabled keeps its first reason and time.
    func disable(channelId: Int, reason: String, now: Date) async throws

    /// Makes a disabled channel active again (a test message went through).
    func reactivate(channelId: Int, userId: Int) async throws -> Bool

    /// The user's channels disabled since the last digest that told them so.
    func unreportedDisabled(userId: Int) async throws -> [PushChannel]

    /// Records that a digest told the user about these disabled channels.
    func markDisabledReported(channelIds: [Int], now: Date) async throws
}
