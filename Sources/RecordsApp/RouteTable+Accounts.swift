import HandlerKit

extension RouteTable {
    /// Registration, sessions, the profile and the Trackmania identity (R2, R9–R16).
    static func accounts(_ deps: AppDependencies) -> [Route] {
        let repos = deps.repositories
        let limiter = RequestLimiter(store: repos.rateLimits)
        let issuer = SessionIssuer(sessions: repos.sessions, tokens: deps.tokens)
        let users = "/api/v1/users"
        return [
            Route(
                "GET", "\(users)/search", errorKey: "error", headers: Route.strictTransport,
                handler: UserSearchHandler(directory: deps.directory, limiter: limiter)),
            Route(
                "POST", "\(users)/login", headers: Route.strictTransport,
                handler: LoginHandler(users: repos.users, sessions: issuer, hasher: deps.hasher, limiter: limiter)),
            Route(
                "POST", "\(users)/register", headers: Route.strictTransport,
                handler: RegisterHandler(
                    users: repos.users, adminConfig: repos.adminConfig, hasher: deps.hasher, limiter: limiter)),
            Route(
                "POST", "\(users)/refresh",
                handler: RefreshTokenHandler(
                    sessions: repos.sessions, tokens: deps.tokens,
                    idleTimeout: deps.config.security.sessionIdleTimeout)),
            Route("POST", "\(users)/logout", handler: LogoutHandler(sessions: repos.sessions, tokens: deps.tokens)),
            Route("GET", "\(users)/profile", auth: .user, handler: GetUserProfileHandler()),
            Route(
                "POST", "\(users)/accountNames", errorKey: "error", auth: .user,
                handler: AccountNamesHandler(directory: deps.directory, limiter: limiter)),
            Route("GET", "\(users)/tm-username", errorKey: "error", auth: .user, handler: GetTmUsernameHandler()),
            Route(
                "POST", "\(users)/tm-username", errorKey: "error", auth: .user,
                handler: VerifyTmUsernameHandler(directory: deps.directory, users: repos.users, limiter: limiter)),
        ]
    }
}
