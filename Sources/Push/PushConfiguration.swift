import Foundation

/// Where and how fast the push transport posts (built from `AppConfig.push`).
public struct PushConfiguration: Sendable, Equatable {
    /// Discord's API base (`DISCORD_API_URL`, default `https://discord.com/api`); webhooks are posted to
    /// `<base>/webhooks/<id>/<token>`, whatever host the player's URL named.
    public var discordBaseURL: String
    /// The ntfy server (`NTFY_URL`, default `https://ntfy.sh`); messages are published to its root as JSON.
    public var ntfyBaseURL: String
    /// Least time between two posts to one Discord webhook.
    public var discordInterval: Duration
    /// Least time between two posts to one ntfy topic.
    public var ntfyInterval: Duration
    /// How long one request may take, connection included.
    public var requestTimeout: Duration
    /// A 429 asking to wait at most this long is waited out in place (twice at most); a longer one
    /// defers the post to a later run.
    public var maxInlineRetryAfter: Duration
    /// The `User-Agent` of every request.
    public var userAgent: String
    /// The site the messages link to for a map (`<base>/<mapUid>`), e.g. trackmania.io's leaderboard page.
    public var mapLinkBase: String

    public init(
        discordBaseURL: String = "https://discord.com/api", ntfyBaseURL: String = "https://ntfy.sh",
        discordInterval: Duration = .milliseconds(500), ntfyInterval: Duration = .seconds(1),
        requestTimeout: Duration = .seconds(10), maxInlineRetryAfter: Duration = .seconds(5),
        userAgent: String = "recordsw-push/1.0", mapLinkBase: String = "https://trackmania.io/#/leaderboard"
    ) {
        self.discordBaseURL = Self.trimmed(discordBaseURL)
        self.ntfyBaseURL = Self.trimmed(ntfyBaseURL)
        self.discordInterval = discordInterval
        self.ntfyInterval = ntfyInterval
        self.requestTimeout = requestTimeout
        self.maxInlineRetryAfter = maxInlineRetryAfter
        self.userAgent = userAgent
        self.mapLinkBase = Self.trimmed(mapLinkBase)
    }

    private static func trimmed(_ url: String) -> String {
        var text = url
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
