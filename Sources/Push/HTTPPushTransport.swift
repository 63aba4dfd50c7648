import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import RecordsCore

/// Posts to Discord webhooks and ntfy topics over HTTP, with its own client that follows no
/// redirects. Never logs a webhook URL, token or ntfy access token: only the channel id and hint.
public struct HTTPPushTransport: PushTransport {
    public let configuration: PushConfiguration
    private let client: HTTPClient
    private let pacer = PushPacer()
    private let logger: Logger

    /// Creates the transport and its HTTP client; call ``shutdown()`` when done.
    public init(configuration: PushConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        var http = HTTPClient.Configuration(redirectConfiguration: .disallow)
        http.timeout = .init(connect: .seconds(5), read: .seconds(configuration.requestTimeout.components.seconds))
        // The far sides are few; a small pool per host is plenty.
        http.connectionPool = .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: 16)
        self.client = HTTPClient(
            eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: http,
            backgroundActivityLogger: logger.forLibraries)
    }

    /// Closes the HTTP client.
    public func shutdown() async throws {
        try await client.shutdown()
    }

    // MARK: PushTransport

    public func sendTest(to channel: PushChannel, timeZone: String) async -> PushOutcome {
        let body: Data
        switch channel.kind {
        case .discord:
            body = DiscordRenderer(mapLinkBase: configuration.mapLinkBase).test(timeZone: timeZone, now: Date())
        case .ntfy:
            body = NtfyRenderer(mapLinkBase: configuration.mapLinkBase).test(
                topic: channel.target, timeZone: timeZone, now: Date())
        }
        return await send(PushPost(itemIds: [], body: body), to: channel).outcome
    }

    public func posts(for news: PushNews, to channel: PushChannel) -> [PushPost] {
        switch channel.kind {
        case .discord: DiscordRenderer(mapLinkBase: configuration.mapLinkBase).posts(for: news)
        case .ntfy: NtfyRenderer(mapLinkBase: configuration.mapLinkBase).posts(for: news, topic: channel.target)
        }
    }

    public func send(_ post: PushPost, to channel: PushChannel) async -> PushPostOutcome {
        var log = logger
        log[metadataKey: "push-channel"] = .stringConvertible(channel.id)
        log[metadataKey: "push-target"] = .string(channel.hint)
        let request: HTTPClientRequest
        let key: String
        let interval: Duration
        switch channel.kind {
        case .discord:
            guard let webhook = try? PushTarget.discordWebhook(channel.target) else {
                return .gone(reason: "The stored Discord webhook URL is not valid; add it again.")
            }
            key = "discord:\(webhook.id)"
            interval = configuration.discordInterval
            var made = HTTPClientRequest(
                url: "\(configuration.discordBaseURL)/webhooks/\(webhook.id)/\(webhook.token)?wait=true")
            made.method = .POST
            request = made
        case .ntfy:
            key = "ntfy:\(channel.target)"
            interval = configuration.ntfyInterval
            // JSON is published to the server's root: `https://ntfy.sh/`, or the base's own path.
            let base = configuration.ntfyBaseURL
            let hasPath = !(URLComponents(string: base)?.path ?? "").isEmpty
            var made = HTTPClientRequest(url: hasPath ? base : base + "/")
            made.method = .POST
            if let token = channel.accessToken { made.headers.add(name: "Authorization", value: "Bearer \(token)") }
            request = made
        }
        var attempt = 0
        while true {
            attempt += 1
            do {
                try await pacer.waitTurn(key, interval: interval)
            } catch {
                return .retryLater(retryAfter: nil, reason: "cancelled")
            }
            var outgoing = request
            outgoing.headers.add(name: "User-Agent", value: configuration.userAgent)
            outgoing.headers.add(name: "Content-Type", value: "application/json")
            outgoing.body = .bytes(ByteBuffer(bytes: post.body))
            let outcome = await exchange(outgoing, kind: channel.kind, key: key)
            if case .retryLater(let retryAfter?, _) = outcome, attempt < 3,
                retryAfter <= Self.seconds(configuration.maxInlineRetryAfter)
            {
                // A short 429: wait it out here (the pacer holds the key) and try again.
                log.debug("push rate limited; waiting", metadata: ["retry-after": .stringConvertible(retryAfter)])
                continue
            }
            return outcome
        }
    }

    // MARK: HTTP

    private func exchange(_ request: HTTPClientRequest, kind: PushChannelKind, key: String) async -> PushPostOutcome {
        let service = kind == .discord ? "Discord" : "ntfy"
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await client.execute(
                request, timeout: .seconds(configuration.requestTimeout.components.seconds))
            body = try await response.body.collect(upTo: 64 * 1024)
        } catch {
            return Self.classify(error, service: service)
        }
        let status = Int(response.status.code)
        if let remaining = response.headers.first(name: "X-RateLimit-Remaining").flatMap(Int.init), remaining <= 0,
            let reset = response.headers.first(name: "X-RateLimit-Reset-After").flatMap(Double.init), reset > 0
        {
            await pacer.hold(key, for: .milliseconds(Int64(reset * 1000)))
        }
        switch status {
        case 200..<300:
            return .delivered
        case 429:
            let retryAfter = Self.retryAfter(headers: response.headers, body: body)
            if let retryAfter { await pacer.hold(key, for: .milliseconds(Int64(retryAfter * 1000))) }
            return .retryLater(retryAfter: retryAfter, reason: "\(service) answered 429 (rate limited)")
        case 401, 403, 404:
            if kind == .discord {
                return .gone(reason: "Discord answered \(status): the webhook was deleted or its token revoked.")
            }
            if status != 404 { return .gone(reason: "ntfy answered \(status): the topic needs a valid access token.") }
            return .rejected(reason: "ntfy refused the message (404)")
        case 400, 413, 422:
            return .rejected(reason: "\(service) refused the message (\(status)\(Self.discordCode(body)))")
        case 500...:
            return .retryLater(retryAfter: nil, reason: "\(service) answered \(status)")
        default:
            return .retryLater(retryAfter: nil, reason: "\(service) answered \(status) (not followed)")
        }
    }

    /// Errors before the request could leave are safe to retry; after that the post may have arrived.
    static func classify(_ error: any Error, service: String) -> PushPostOutcome {
        if let http = error as? HTTPClientError {
            switch http {
            case .connectTimeout, .getConnectionFromPoolTimeout, .tlsHandshakeTimeout:
                return .retryLater(retryAfter: nil, reason: "\(service) unreachable (connect timeout)")
            case .readTimeout, .deadlineExceeded:
                return .inDoubt(reason: "\(service) did not answer in time")
            case .remoteConnectionClosed:
                return .inDoubt(reason: "\(service) closed the connection before answering")
            default:
                return .inDoubt(reason: "\(service) request failed")
            }
        }
        if error is NIOConnectionError || error is ChannelError {
            return .retryLater(retryAfter: nil, reason: "\(service) unreachable")
        }
        if let io = error as? IOError, [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH].contains(io.errnoCode) {
            return .retryLater(retryAfter: nil, reason: "\(service) unreachable")
        }
        return .inDoubt(reason: "\(service) request failed")
    }

    /// Seconds to wait after a 429: Discord's JSON `retry_after`, else the `Retry-After` header.
    static func retryAfter(headers: HTTPHeaders, body: ByteBuffer) -> Double? {
        if let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
            let value = (object["retry_after"] as? NSNumber)?.doubleValue, value >= 0
        {
            return value
        }
        if let value = headers.first(name: "Retry-After").flatMap(Double.init), value >= 0 { return value }
        if let value = headers.first(name: "X-RateLimit-Reset-After").flatMap(Double.init), value >= 0 {
            return value
        }
        return nil
    }

    /// `, code 50035` for a Discord error body, empty otherwise.
    static func discordCode(_ body: ByteBuffer) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
            let code = (object["code"] as? NSNumber)?.intValue
        else { return "" }
        return ", code \(code)"
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
