import Foundation

/// What happened to one post to a push channel.
public enum PushOutcome: Sendable, Equatable {
    /// The far side accepted it.
    case delivered
    /// Not now (429, 5xx, timeout, connection refused): try again later, after `retryAfter` seconds
    /// when the far side said so.
    case retryLater(retryAfter: Double?, reason: String)
    /// The channel is gone (Discord 401/403/404, ntfy 401/403): disable it and tell the player.
    case gone(reason: String)
}

/// What happened to one post of the daily run's news, finer than ``PushOutcome``: the ledger must
/// know whether a failed post may have arrived anyway.
public enum PushPostOutcome: Sendable, Equatable {
    /// The far side accepted it.
    case delivered
    /// It certainly did not arrive (429, 5xx, connection refused): send it again on a later run,
    /// not before `retryAfter` seconds when the far side said so.
    case retryLater(retryAfter: Double?, reason: String)
    /// The channel is gone (Discord 401/403/404, ntfy 401/403): disable it.
    case gone(reason: String)
    /// The far side refused this message for good (Discord 400, ntfy 400/413): sending it again
    /// would be refused again.
    case rejected(reason: String)
    /// The request left but no answer came (read timeout, connection cut): it may have arrived, so
    /// it is never sent again.
    case inDoubt(reason: String)

    /// The coarser outcome the preference page shows.
    public var outcome: PushOutcome {
        switch self {
        case .delivered: .delivered
        case .retryLater(let retryAfter, let reason): .retryLater(retryAfter: retryAfter, reason: reason)
        case .gone(let reason): .gone(reason: reason)
        case .rejected(let reason), .inDoubt(let reason): .retryLater(retryAfter: nil, reason: reason)
        }
    }
}

/// Posts to push channels (Discord webhooks, ntfy topics) over HTTP, within each service's limits.
public protocol PushTransport: Sendable {
    /// Sends a short test message, as the preference page's "Send a test" button does.
    /// - Parameters:
    ///   - channel: The channel to test (it may be disabled; the test tells whether it works again).
    ///   - timeZone: The player's IANA zone, for the time shown in the message.
    func sendTest(to channel: PushChannel, timeZone: String) async -> PushOutcome

    /// Renders news for a kind of channel as the posts that carry it, each within the service's
    /// limits (long news is split over several posts, an over-long single item is shortened).
    /// Every item id of `news` appears in exactly one post.
    func posts(for news: PushNews, to channel: PushChannel) -> [PushPost]

    /// Sends one post, honouring the channel's pacing and the far side's rate limits (it may wait).
    func send(_ post: PushPost, to channel: PushChannel) async -> PushPostOutcome
}
