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

/// Posts to push channels (Discord webhooks, ntfy topics) over HTTP, within each service's limits.
public protocol PushTransport: Sendable {
    /// Sends a short test message, as the preference page's "Send a test" button does.
    /// - Parameters:
    ///   - channel: The channel to test (it may be disabled; the test tells whether it works again).
    ///   - timeZone: The player's IANA zone, for the time shown in the message.
    func sendTest(to channel: PushChannel, timeZone: String) async -> PushOutcome
}
