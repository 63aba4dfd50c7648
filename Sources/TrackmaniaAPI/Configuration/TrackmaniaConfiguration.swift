import Foundation

/// Settings of every Trackmania client, read once from the environment.
///
/// Original variable names keep their meaning (`AUTHORIZATION`, `AUTH_API_URL`, `USER_AGENT`, `OCLIENT_ID`,
/// `OCLIENT_SECRET`, `LEAD_API`); new ones default to the real hosts and to Nadeo's etiquette.
public struct TrackmaniaConfiguration: Sendable, Equatable {
    /// Base64 of `login:password` for Nadeo's Basic login (`AUTHORIZATION`, used as-is).
    public var nadeoBasicAuthorization: String?
    /// Nadeo Basic login URL (`AUTH_API_URL`).
    public var nadeoLoginURL: String
    /// Nadeo Core base (`NADEO_CORE_URL`); the refresh endpoint lives there.
    public var nadeoCoreURL: String
    /// Nadeo Live base without `/api` (`LEAD_API`).
    public var nadeoLiveURL: String
    /// api.trackmania.com base (`TRACKMANIA_OAUTH_URL`).
    public var oauthURL: String
    /// Trackmania Exchange base (`TMX_URL`).
    public var exchangeURL: String
    /// OAuth client id (`OCLIENT_ID`).
    public var oauthClientId: String?
    /// OAuth client secret (`OCLIENT_SECRET`).
    public var oauthClientSecret: String?
    /// Sent on every request to every host (`USER_AGENT`).
    public var userAgent: String
    /// Shared outbound rate over all Trackmania hosts (`TRACKMANIA_RATE_LIMIT`, requests per second).
    public var requestsPerSecond: Double
    /// Requests in flight at once (`TRACKMANIA_CONCURRENCY`).
    public var maxConcurrentRequests: Int
    /// Time allowed for one attempt, head and body (`TRACKMANIA_TIMEOUT_SECONDS`).
    public var requestTimeout: Duration
    /// Attempts per call, the first included (`TRACKMANIA_MAX_ATTEMPTS`).
    public var maxAttempts: Int
    /// First back-off after a 5xx or a timeout, doubled per attempt (`TRACKMANIA_RETRY_BASE_SECONDS`).
    public var retryBaseDelay: Duration
    /// Longest `Retry-After` honoured; a longer one fails the call at once (`TRACKMANIA_MAX_RETRY_AFTER_SECONDS`).
    public var maxRetryAfter: Duration
    /// Renew tokens this long before they expire, to absorb clock skew and latency.
    public var tokenExpiryMargin: Duration
    /// How long a cached display name is trusted (`TRACKMANIA_DISPLAY_NAME_TTL_HOURS`).
    public var displayNameLifetime: Duration
    /// The demo world served when no credentials are set (`TRACKMANIA_DEMO_WORLD`); `nil` means the
    /// world bundled with the binary (the `FakeTrackmania` target's `demo-world.json` resource).
    public var demoWorldPath: String?

    /// Nadeo Core, the real host.
    public static let realNadeoCoreURL = "https://prod.trackmania.core.nadeo.online"
    /// Nadeo Live services, the real host.
    public static let realNadeoLiveURL = "https://live-services.trackmania.nadeo.live"
    /// The Trackmania OAuth API, the real host.
    public static let realOAuthURL = "https://api.trackmania.com"
    /// Trackmania Exchange, the real host.
    public static let realExchangeURL = "https://trackmania.exchange"
    /// Used when `USER_AGENT` is unset; operators should set one with a contact, as Nadeo asks.
    public static let defaultUserAgent = "recordsw (Trackmania record watcher; set USER_AGENT with a contact)"

    /// The fake service's demo Nadeo login and OAuth client (also in the bundled demo world).
    public static let demoLogin = "demo-service-account"
    /// The demo Nadeo password.
    public static let demoPassword = "demo-password"
    /// The demo OAuth client id.
    public static let demoClientId = "demo-client"
    /// The demo OAuth client secret.
    public static let demoClientSecret = "demo-secret"

    /// Nadeo's Basic login endpoint under the Core base.
    static let loginPath = "/v2/authentication/token/basic"

    /// The real hosts and Nadeo's etiquette, without credentials: what an empty environment reads as.
    /// (Durations are built from `Double` as ``init(value:)`` builds configured ones, so an unset
    /// variable and its default spelled out compare equal.)
    public init() {
        nadeoBasicAuthorization = nil
        nadeoCoreURL = Self.realNadeoCoreURL
        nadeoLoginURL = Self.realNadeoCoreURL + Self.loginPath
        nadeoLiveURL = Self.realNadeoLiveURL
        oauthURL = Self.realOAuthURL
        exchangeURL = Self.realExchangeURL
        oauthClientId = nil
        oauthClientSecret = nil
        userAgent = Self.defaultUserAgent
        requestsPerSecond = 2
        maxConcurrentRequests = 4
        requestTimeout = .seconds(30.0)
        maxAttempts = 4
        retryBaseDelay = .seconds(1.0)
        maxRetryAfter = .seconds(120.0)
        tokenExpiryMargin = .seconds(60)
        displayNameLifetime = .seconds(3600 * 168.0)
        demoWorldPath = nil
    }

    /// Reads the configuration through the server's one settings reader (`ConfigReader` in
    /// `RecordsApp`), which owns trimming and blank-means-unset; this type owns the names, defaults
    /// (``init()``) and checks.
    /// - Parameter value: The cleaned value of a variable, or `nil` when unset.
    /// - Throws: ``TrackmaniaConfigurationError`` when a numeric or URL setting is unusable.
    public init(value: (String) -> String?) throws {
        self.init()
        func url(_ name: String, default fallback: String) throws -> String {
            guard let raw = value(name) else { return fallback }
            guard let parsed = URL(string: raw), parsed.scheme == "http" || parsed.scheme == "https" else {
                throw TrackmaniaConfigurationError.invalid(name: name, reason: "not an http(s) URL")
            }
            return raw.hasSuffix("/") ? String(raw.dropLast()) : raw
        }
        func number(_ name: String, minimum: Double) throws -> Double? {
            guard let raw = value(name) else { return nil }
            guard let parsed = Double(raw), parsed.isFinite, parsed >= minimum else {
                throw TrackmaniaConfigurationError.invalid(name: name, reason: "expected a number ≥ \(minimum)")
            }
            return parsed
        }

        nadeoBasicAuthorization = value("AUTHORIZATION")
        nadeoCoreURL = try url("NADEO_CORE_URL", default: nadeoCoreURL)
        nadeoLoginURL = try url("AUTH_API_URL", default: nadeoCoreURL + Self.loginPath)
        nadeoLiveURL = try url("LEAD_API", default: nadeoLiveURL)
        oauthURL = try url("TRACKMANIA_OAUTH_URL", default: oauthURL)
        exchangeURL = try url("TMX_URL", default: exchangeURL)
        oauthClientId = value("OCLIENT_ID")
        oauthClientSecret = value("OCLIENT_SECRET")
        userAgent = value("USER_AGENT") ?? userAgent
        requestsPerSecond = try number("TRACKMANIA_RATE_LIMIT", minimum: 0.01) ?? requestsPerSecond
        maxConcurrentRequests =
            try number("TRACKMANIA_CONCURRENCY", minimum: 1).map { Int($0) } ?? maxConcurrentRequests
        requestTimeout = try number("TRACKMANIA_TIMEOUT_SECONDS", minimum: 0.05).map { .seconds($0) } ?? requestTimeout
        maxAttempts = try number("TRACKMANIA_MAX_ATTEMPTS", minimum: 1).map { Int($0) } ?? maxAttempts
        retryBaseDelay = try number("TRACKMANIA_RETRY_BASE_SECONDS", minimum: 0).map { .seconds($0) } ?? retryBaseDelay
        maxRetryAfter =
            try number("TRACKMANIA_MAX_RETRY_AFTER_SECONDS", minimum: 0).map { .seconds($0) } ?? maxRetryAfter
        displayNameLifetime =
            try number("TRACKMANIA_DISPLAY_NAME_TTL_HOURS", minimum: 0).map { .seconds(3600 * $0) }
            ?? displayNameLifetime
        demoWorldPath = value("TRACKMANIA_DEMO_WORLD")
    }

    /// Whether the Nadeo login and the OAuth client are both configured; without them the server
    /// runs against the demo world.
    public var hasCredentials: Bool {
        nadeoBasicAuthorization != nil && oauthClientId != nil && oauthClientSecret != nil
    }

    /// Every service at one fake base URL (path prefixes `/core`, `/live`, `/oauth`, `/tmx`), with the
    /// fake's demo credentials.
    /// - Parameters:
    ///   - fakeBaseURL: e.g. `http://127.0.0.1:50123`.
    ///   - userAgent: The User-Agent to send.
    /// - Returns: A configuration with default limits; adjust fields for tests.
    public static func pointingAt(fakeBaseURL: String, userAgent: String) -> TrackmaniaConfiguration {
        let base = fakeBaseURL.hasSuffix("/") ? String(fakeBaseURL.dropLast()) : fakeBaseURL
        var configuration = TrackmaniaConfiguration()
        configuration.nadeoBasicAuthorization = Data("\(demoLogin):\(demoPassword)".utf8).base64EncodedString()
        configuration.nadeoCoreURL = base + "/core"
        configuration.nadeoLoginURL = base + "/core" + Self.loginPath
        configuration.nadeoLiveURL = base + "/live"
        configuration.oauthURL = base + "/oauth"
        configuration.exchangeURL = base + "/tmx"
        configuration.oauthClientId = demoClientId
        configuration.oauthClientSecret = demoClientSecret
        configuration.userAgent = userAgent
        return configuration
    }
}

/// A Trackmania setting that cannot be used.
public enum TrackmaniaConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalid(name: String, reason: String)

    public var description: String {
        switch self {
        case .invalid(let name, let reason): "\(name): \(reason)"
        }
    }
}
