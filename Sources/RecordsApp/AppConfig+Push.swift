import Foundation
import Push
import RecordsCore

/// Push to Discord webhooks and ntfy topics.
///
/// Settings:
/// - `DISCORD_API_URL` (default `https://discord.com/api`): where webhooks are posted
///   (`<base>/webhooks/<id>/<token>`); only tests and benchmarks change it.
/// - `NTFY_URL` (default `https://ntfy.sh`): the ntfy server topics live on.
/// - `PUSH_DISCORD_INTERVAL_MS` (500) and `PUSH_NTFY_INTERVAL_MS` (1000): least time between two posts
///   to one webhook or topic.
/// - `PUSH_RETRY_WINDOW_HOURS` (48): how long an item waits for a channel that is down before it is
///   dropped for that channel.
/// - `PUSH_CONCURRENCY` (8): channels served at once; `PUSH_TIMEOUT_SECONDS` (10): one request's limit;
///   `PUSH_MAX_INLINE_RETRY_SECONDS` (5): a 429 asking for at most this long is waited out in the run.
public struct PushConfig: Sendable, Equatable {
    public var transport: PushConfiguration
    public var settings: PushSettings

    /// Reads and checks the push settings.
    /// - Throws: ``AppConfig/Invalid`` with one line naming the bad setting.
    public init(_ reader: ConfigReader) throws {
        let discord = try Self.baseURL(reader, "DISCORD_API_URL", default: "https://discord.com/api")
        let ntfy = try Self.baseURL(reader, "NTFY_URL", default: "https://ntfy.sh")
        let discordInterval = try reader.integer("PUSH_DISCORD_INTERVAL_MS", default: 500, range: 0...60_000)
        let ntfyInterval = try reader.integer("PUSH_NTFY_INTERVAL_MS", default: 1000, range: 0...600_000)
        let window = try reader.integer("PUSH_RETRY_WINDOW_HOURS", default: 48, range: 1...720)
        let concurrency = try reader.integer("PUSH_CONCURRENCY", default: 8, range: 1...64)
        let timeout = try reader.integer("PUSH_TIMEOUT_SECONDS", default: 10, range: 1...120)
        let inline = try reader.integer("PUSH_MAX_INLINE_RETRY_SECONDS", default: 5, range: 0...60)
        transport = PushConfiguration(
            discordBaseURL: discord, ntfyBaseURL: ntfy, discordInterval: .milliseconds(discordInterval),
            ntfyInterval: .milliseconds(ntfyInterval), requestTimeout: .seconds(timeout),
            maxInlineRetryAfter: .seconds(inline))
        settings = PushSettings(retryWindow: TimeInterval(window) * 3600, concurrency: concurrency)
    }

    /// An `http(s)://host[:port][/path]` base without query, fragment or credentials.
    private static func baseURL(_ reader: ConfigReader, _ name: String, default fallback: String) throws -> String {
        let text = reader.value(name) ?? fallback
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "https" || scheme == "http", let host = components.host, !host.isEmpty,
            components.query == nil, components.fragment == nil, components.user == nil, components.password == nil
        else {
            throw AppConfig.Invalid(description: "\(name) must be an http(s) URL without query or credentials")
        }
        return text
    }
}
