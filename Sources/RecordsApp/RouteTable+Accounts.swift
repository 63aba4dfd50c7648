import HandlerKit

extension RouteTable {
    /// Registration, sessions, the profile and the Trackmania identity (R2, R9–R16).
    ///
    /// The routes the original answered with `msg` say so; the others keep the default `error`.
    static func accounts(_ deps: AppDependencies) -> [Route] {
        let repos = deps.repositories
        let limiter = RequestLimiter(store: repos.rateLimits)
        let issuer = SessionIssuer(sessions: repos.sessions, tokens: deps.tokens)
        return [
            Route(
                "GET", "/api/v1/users/search", headers: Route.strictTransport,
                handler: UserSearchHandler(directory: deps.directory, limiter: limiter)),
            Route(
                "POST", "/api/v1/users/login", errorKey: "msg", headers: Route.strictTransport,
                handler: LoginHandler(users: repos.users, sessions: issuer, hasher: deps.hasher, limiter: limiter)),
            Route(
                "POST", "/api/v1/users/register", errorKey: "msg", headers: Route.strictTransport,
                handler: RegisterHandler(
                    users: repos.users, adminConfig: repos.adminConfig, hasher: deps.hasher, limiter: limiter,
                    confirmation: deps.config.selfHelp.emailConfirmation ? deps.selfHelp : nil)),
            Route(
                "POST", "/api/v1/users/refresh", errorKey: "msg",
                handler: RefreshTokenHandler(
                    sessions: repos.sessions, tokens: deps.tokens,
                    idleTimeout: deps.config.security.sessionIdleTimeout)),
            Route(
                "POST", "/api/v1/users/logout", errorKey: "msg",
                handler: LogoutHandler(sessions: repos.sessions, tokens: deps.tokens)),
            Route("GET", "/api/v1/users/profile", errorKey: "msg", auth: .user, handler: GetUserProfileHandler()),
            Route(
                "POST", "/api/v1/users/accountNames", auth: .user,
                handler: AccountNamesHandler(directory: deps.directory, limiter: limiter)),
            Route("GET", "/api/v1/users/tm-username", auth: .user, handler: GetTmUsernameHandler()),
            Route(
                "POST", "/api/v1/users/tm-username", auth: .user,
                handler: VerifyTmUsernameHandler(directory: deps.directory, users: repos.users, limiter: limiter)),
        ]
    }
}
