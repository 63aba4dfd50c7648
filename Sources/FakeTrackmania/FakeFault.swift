/// A failure the fake injects into an endpoint (`POST /_fake/faults`).
public struct FakeFault: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable {
        /// Answer with `status` (default 500) and an error body.
        case status
        /// Answer 429 with `Retry-After: retryAfter` seconds.
        case rateLimit
        /// Wait `seconds` before answering normally (stacks with the other kinds).
        case delay
        /// Start a 200 response and close the connection mid-body.
        case drop
        /// Answer 200 with a body that is not valid JSON.
        case malformed
        /// Answer 200 with `[]` (the position endpoint sometimes does).
        case empty
    }

    /// An endpoint name from ``FakeEndpoint`` (e.g. `live.top`), or `*` for all.
    public var endpoint: String
    public var kind: Kind
    public var status: Int?
    public var retryAfter: Double?
    public var seconds: Double?
    /// How many calls it affects; `nil` until cleared.
    public var count: Int?

    public init(
        endpoint: String, kind: Kind, status: Int? = nil, retryAfter: Double? = nil, seconds: Double? = nil,
        count: Int? = nil
    ) {
        self.endpoint = endpoint
        self.kind = kind
        self.status = status
        self.retryAfter = retryAfter
        self.seconds = seconds
        self.count = count
    }
}

/// The names under which the fake counts calls and matches faults.
public enum FakeEndpoint {
    public static let nadeoLogin = "core.basic"
    public static let nadeoRefresh = "core.refresh"
    public static let top = "live.top"
    public static let position = "live.position"
    public static let mapInfo = "live.mapInfo"
    public static let oauthToken = "oauth.token"
    public static let displayNames = "oauth.displayNames"
    public static let accountIds = "oauth.accountIds"
    public static let exchangeMaps = "tmx.maps"
    public static let exchangeUsers = "tmx.users"
}

/// What the fake has seen (`GET /_fake/stats`).
public struct FakeStats: Sendable, Codable, Equatable {
    /// Calls per endpoint name, faulted ones included.
    public var calls: [String: Int] = [:]
    /// Calls per User-Agent value.
    public var userAgents: [String: Int] = [:]
    /// Calls that carried no User-Agent.
    public var missingUserAgent = 0
    /// The most requests the fake was serving at once.
    public var maxInFlight = 0
    /// Requests being served now.
    public var inFlight = 0

    public init() {}

    /// Calls of one endpoint (0 if none).
    public func count(_ endpoint: String) -> Int { calls[endpoint] ?? 0 }
}
