import Foundation

/// Where a push channel delivers.
public enum PushChannelKind: String, Sendable, Codable, CaseIterable {
    /// A Discord webhook (`https://discord.com/api/webhooks/<id>/<token>`).
    case discord
    /// A topic on the configured ntfy server (`NTFY_URL`).
    case ntfy
}

/// Whether a channel still receives news (`push_channels.status`).
public enum PushChannelStatus: String, Sendable, Codable, CaseIterable {
    case active
    /// The far side told us the channel is gone (Discord 401/403/404, ntfy 401/403): nothing is sent
    /// until the player adds it again.
    case disabled
}

/// A player's push destination (a row of `push_channels`).
///
/// ``target`` is a credential (a Discord webhook URL carries its token): it is never logged and
/// never shown in full; ``hint`` is what pages and logs may show.
public struct PushChannel: Sendable, Equatable {
    public var id: Int
    public var userId: Int
    public var kind: PushChannelKind
    /// The webhook URL (Discord) or the topic name (ntfy), as validated by ``PushTarget``.
    public var target: String
    /// The ntfy access token, when the topic needs one.
    public var accessToken: String?
    /// Which news the channel receives.
    public var news: NewsKinds
    public var status: PushChannelStatus
    /// Why the channel was disabled (e.g. "Discord answered 404: the webhook was deleted").
    public var disabledReason: String?
    public var disabledAt: Date?
    public var createdAt: Date

    public init(
        id: Int, userId: Int, kind: PushChannelKind, target: String, accessToken: String?, news: NewsKinds,
        status: PushChannelStatus, disabledReason: String?, disabledAt: Date?, createdAt: Date
    ) {
        self.id = id
        self.userId = userId
        self.kind = kind
        self.target = target
        self.accessToken = accessToken
        self.news = news
        self.status = status
        self.disabledReason = disabledReason
        self.disabledAt = disabledAt
        self.createdAt = createdAt
    }

    /// A short, safe description of the target: the Discord webhook id without its token, or the topic.
    public var hint: String { PushTarget.hint(kind: kind, target: target) }
}
