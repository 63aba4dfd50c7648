/// Every repository the server uses, built once in the composition root over one database.
public struct Repositories: Sendable {
    public var users: any UserRepository
    public var sessions: any SessionRepository
    public var adminConfig: any AdminConfigRepository
    public var rateLimits: any RateLimitRepository
    public var apiTokens: any APITokenRepository
    public var displayNames: any DisplayNameRepository

    public init(
        users: any UserRepository,
        sessions: any SessionRepository,
        adminConfig: any AdminConfigRepository,
        rateLimits: any RateLimitRepository,
        apiTokens: any APITokenRepository,
        displayNames: any DisplayNameRepository
    ) {
        self.users = users
        self.sessions = sessions
        self.adminConfig = adminConfig
        self.rateLimits = rateLimits
        self.apiTokens = apiTokens
        self.displayNames = displayNames
    }
}
