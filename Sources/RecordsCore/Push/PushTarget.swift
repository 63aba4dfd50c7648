/// Validation of push destinations as players type them.
///
/// Only Discord webhook URLs on `discord.com` / `discordapp.com` over https are accepted, reduced to
/// their webhook id and token: the server then posts to its configured Discord base URL with those
/// two parts, so a stored target can never make it contact another host.
public enum PushTarget {
    /// Why a value was refused; ``message`` is shown to the player.
    public struct Invalid: Error, Sendable, Equatable {
        public var message: String
        public init(_ message: String) { self.message = message }
    }

    /// The longest webhook URL or access token accepted.
    public static let maxLength = 256

    /// A Discord webhook reduced to its parts.
    public struct DiscordWebhook: Sendable, Equatable {
        /// The webhook's snowflake id (digits).
        public var id: String
        /// The webhook's secret token.
        public var token: String

        /// The canonical URL stored in `push_channels.target`.
        public var canonicalURL: String { "https://discord.com/api/webhooks/\(id)/\(token)" }
    }

    /// Parses a Discord webhook URL: `https://discord.com/api/webhooks/<id>/<token>` (or
    /// `discordapp.com`, optionally `/api/v<N>/webhooks/…`), nothing else: no other host, no
    /// `http`, no port, no credentials, no query or fragment.
    /// - Throws: ``Invalid`` with a message for the player.
    public static func discordWebhook(_ raw: String) throws(Invalid) -> DiscordWebhook {
        let text = raw.trimmingWhitespace()
        guard !text.isEmpty else { throw Invalid("Enter the Discord webhook URL.") }
        guard text.utf8.count <= maxLength else { throw Invalid("That webhook URL is too long.") }
        let prefixHTTPS = "https://"
        guard text.lowercased().hasPrefix(prefixHTTPS) else {
            throw Invalid("A Discord webhook URL starts with https://discord.com/api/webhooks/.")
        }
        let rest = text.dropFirst(prefixHTTPS.count)
        guard !rest.contains("?"), !rest.contains("#") else {
            throw Invalid("A Discord webhook URL has no query or fragment.")
        }
        var parts = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        let host = parts.removeFirst().lowercased()
        guard host == "discord.com" || host == "discordapp.com" else {
            throw Invalid("Only Discord webhooks (discord.com or discordapp.com) are accepted.")
        }
        if parts.last == "" { parts.removeLast() }
        guard parts.first == "api" else { throw Invalid("That is not a Discord webhook URL.") }
        parts.removeFirst()
        if let version = parts.first, version.hasPrefix("v"), version.count > 1,
            version.dropFirst().allSatisfy(\.isASCIIDigit)
        {
            parts.removeFirst()
        }
        guard parts.count == 3, parts[0] == "webhooks" else { throw Invalid("That is not a Discord webhook URL.") }
        let id = parts[1]
        let token = parts[2]
        guard (15...25).contains(id.count), id.allSatisfy(\.isASCIIDigit) else {
            throw Invalid("The webhook id in that URL is not valid.")
        }
        guard (20...100).contains(token.count), token.allSatisfy(\.isTokenCharacter) else {
            throw Invalid("The webhook token in that URL is not valid.")
        }
        return DiscordWebhook(id: id, token: token)
    }

    /// Parses an ntfy topic name: 1–64 characters of letters, digits, `_` and `-` (ntfy's own rule).
    public static func ntfyTopic(_ raw: String) throws(Invalid) -> String {
        let topic = raw.trimmingWhitespace()
        guard !topic.isEmpty else { throw Invalid("Enter the ntfy topic.") }
        guard topic.count <= 64, topic.allSatisfy(\.isTokenCharacter) else {
            throw Invalid("An ntfy topic is 1 to 64 letters, digits, '_' or '-'.")
        }
        return topic
    }

    /// Parses an optional ntfy access token (empty means none): printable ASCII without spaces.
    public static func ntfyAccessToken(_ raw: String?) throws(Invalid) -> String? {
        guard let token = raw?.trimmingWhitespace(), !token.isEmpty else { return nil }
        guard token.utf8.count <= maxLength, token.allSatisfy(\.isTokenCharacter) else {
            throw Invalid("An ntfy access token is letters, digits, '_' or '-' (at most 256).")
        }
        return token
    }

    /// What may be shown of a target: the Discord webhook id (never its token), or the ntfy topic.
    public static func hint(kind: PushChannelKind, target: String) -> String {
        switch kind {
        case .discord:
            guard let webhook = try? discordWebhook(target) else { return "Discord webhook" }
            return "Discord webhook …\(webhook.id.suffix(6))"
        case .ntfy:
            return "ntfy topic \(target)"
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
    fileprivate var isTokenCharacter: Bool { isASCII && (isLetter || isNumber || self == "_" || self == "-") }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}
