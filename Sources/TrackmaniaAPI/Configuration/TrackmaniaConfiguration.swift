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

    /// Reads the configuration from raw variables, trimming them itself.
    /// - Parameter environment: Process environment (plus `.env`), by variable name.
    /// - Throws: ``TrackmaniaConfigurationError`` when a numeric or URL setting is unusable.
    public init(environment: [String: String]) throws {
        try self.init { name in
            guard let raw = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else {
                return nil
            }
            return raw
        }
    }

    /// Reads the configuration through a settings reader (the server's `ConfigReader`), which owns
    /// trimming and blank-means-unset; this type owns the names, defaults and checks.
    /// - Parameter value: The cleaned value of a variable, or `nil` when unset.
    /// - Throws: ``TrackmaniaConfigurationError`` when a numeric or URL setting is unusable.
    public init(value: (String) -> String?) throws {
        func url(_ name: String, default fallback: String) throws -> String {
            guard let raw = value(name) else { return fallback }
            guard let parsed = URL(string: raw), parsed.scheme == "http" || parsed.scheme == "https" else {
                throw TrackmaniaConfigurationError.invalid(name: name, reason: "not an http(s) URL")
            }
            return raw.hasSuffix("/") ? String(raw.dropLast()) : raw
        }
        func number(_ name: String, default fallback: Double, minimum: Double) throws -> Double {
            guard let raw = value(name) else { return fallback }
            guard let parsed = Double(raw), parsed.isFinite, parsed >= minimum else {
                throw TrackmaniaConfigurationError.invalid(name: name, reason: "expected a number ≥ \(minimum)")
            }
            return parsed
        }

        nadeoBasicAuthorization = value("AUTHORIZATION")
        nadeoCoreURL = try url("NADEO_CORE_URL", default: Self.realNadeoCoreURL)
        nadeoLoginURL = try url("AUTH_API_URL", default: nadeoCoreURL + "/v2/authentication/token/basic")
        nadeoLiveURL = try url("LEAD_API", default: Self.realNadeoLiveURL)
        oauthURL = try url("TRACKMANIA_OAUTH_URL", default: Self.realOAuthURL)
        exchangeURL = try url("TMX_URL", default: Self.realExchangeURL)
        oauthClientId = value("OCLIENT_ID")
        oauthClientSecret = value("OCLIENT_SECRET")
        userAgent = value("USER_AGENT") ?? Self.defaultUserAgent
        requestsPerSecond = try number("TRACKMANIA_RATE_LIMIT", default: 2, minimum: 0.01)
        maxConcurrentRequests = Int(try number("TRACKMANIA_CONCURRENCY", default: 4, minimum: 1))
        requestTimeout = .seconds(try number("TRACKMANIA_TIMEOUT_SECONDS", default: 30, minimum: 0.05))
        maxAttempts = Int(try number("TRACKMANIA_MAX_ATTEMPTS", default: 4, minimum: 1))
        retryBaseDelay = .seconds(try number("TRACKMANIA_RETRY_BASE_SECONDS", default: 1, minimum: 0))
        maxRetryAfter = .seconds(try number("TRACKMANIA_MAX_RETRY_AFTER_SECONDS", default: 120, minimum: 0))
        tokenExpiryMargin = .seconds(60)
        displayNameLifetime = .seconds(
            3600 * (try number("TRACKMANIA_DISPLAY_NAME_TTL_HOURS", default: 168, minimum: 0)))
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
        let basic = Data("\(demoLogin):\(demoPassword)".utf8).base64EncodedString()
        // The keys are fixed and valid, so this cannot throw.
        return try! TrackmaniaConfiguration(environment: [
            "AUTHORIZATION": basic,
            "NADEO_CORE_URL": base + "/core",
            "LEAD_API": base + "/live",
            "TRACKMANIA_OAUTH_URL": base + "/oauth",
            "TMX_URL": base + "/tmx",
            "OCLIENT_ID": demoClientId,
            "OCLIENT_SECRET": demoClientSecret,
            "USER_AGENT": userAgent,
        ])
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
