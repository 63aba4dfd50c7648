import AsyncHTTPClient
import Logging
import RecordsCore

/// Every Trackmania client, built once in the composition root over one shared rate limiter,
/// one concurrency bound and one set of token providers.
public struct TrackmaniaServices: Sendable {
    /// Identity look-ups (TMX users, display names with the database cache, account ids).
    public let directory: any TrackmaniaDirectory
    /// Nadeo Live leaderboards, positions and map info.
    public let leaderboards: any TrackmaniaLeaderboards
    /// Trackmania Exchange map look-ups.
    public let exchange: any ExchangeMaps
    /// The limiter every request passes; exposed so callers can share it with other Trackmania traffic.
    public let rateLimiter: TrackmaniaRateLimiter

    /// Builds the clients.
    /// - Parameters:
    ///   - configuration: Hosts, credentials and limits.
    ///   - httpClient: The process's HTTP client (its lifetime is the caller's).
    ///   - tokens: `api_tokens`, so restarts and other instances share Nadeo and OAuth tokens.
    ///   - displayNames: The display-name cache.
    ///   - clock: Time for cache freshness and token expiry.
    ///   - sharedPace: Send slots shared with other instances on the same database (PostgreSQL), or
    ///     `nil` to pace this process alone.
    ///   - logger: Logger for retries, token renewals and failures (never tokens themselves).
    ///   - metrics: Counts calls by endpoint and outcome, and the limiter's waits.
    public init(
        configuration: TrackmaniaConfiguration,
        httpClient: HTTPClient,
        tokens: any APITokenRepository,
        displayNames: any DisplayNameRepository,
        clock: any WallClock = SystemClock(),
        sharedPace: (any TrackmaniaPaceRepository)? = nil,
        logger: Logger,
        metrics: RecordsMetrics = .disabled
    ) {
        let rateLimiter = TrackmaniaRateLimiter(
            requestsPerSecond: configuration.requestsPerSecond, shared: sharedPace, logger: logger, metrics: metrics)
        let policy = TrackmaniaRetryPolicy(
            maxAttempts: configuration.maxAttempts, baseDelay: configuration.retryBaseDelay,
            maxDelay: max(configuration.retryBaseDelay, .seconds(30)), maxRetryAfter: configuration.maxRetryAfter,
            timeout: configuration.requestTimeout)
        let http = TrackmaniaHTTP(
            client: httpClient, userAgent: configuration.userAgent, rateLimiter: rateLimiter,
            concurrency: TrackmaniaConcurrencyLimiter(limit: configuration.maxConcurrentRequests), policy: policy,
            logger: logger, metrics: metrics)
        let nadeoTokens = NadeoTokenProvider(
            http: http, loginURL: configuration.nadeoLoginURL,
            refreshURL: configuration.nadeoCoreURL + "/v2/authentication/token/refresh",
            basicAuthorization: configuration.nadeoBasicAuthorization, repository: tokens,
            margin: configuration.tokenExpiryMargin, clock: clock, logger: logger)
        let oauthTokens = OAuthTokenProvider(
            http: http, tokenURL: configuration.oauthURL + "/api/access_token", clientId: configuration.oauthClientId,
            clientSecret: configuration.oauthClientSecret, repository: tokens, margin: configuration.tokenExpiryMargin,
            clock: clock, logger: logger)
        let exchange = ExchangeClient(http: http, baseURL: configuration.exchangeURL, logger: logger)
        self.rateLimiter = rateLimiter
        self.exchange = exchange
        self.leaderboards = NadeoLiveClient(http: http, tokens: nadeoTokens, baseURL: configuration.nadeoLiveURL)
        self.directory = TrackmaniaDirectoryService(
            exchange: exchange,
            oauth: TrackmaniaOAuthClient(http: http, tokens: oauthTokens, baseURL: configuration.oauthURL),
            cache: displayNames, cacheLifetime: configuration.displayNameLifetime, clock: clock, logger: logger)
    }
}
