import HandlerKit
import Logging
import RecordsCore

/// The one route table, shared by the HTTP server and `LocalInvoke`.
public enum RouteTable {
    /// Every route of the API with its handler, error key and authentication.
    public static func routes(_ deps: AppDependencies) -> [Route] {
        health(deps) + accounts(deps)
    }

    /// The dispatcher over ``routes(_:)`` with the configured CORS policy and the session authenticator.
    public static func dispatcher(_ deps: AppDependencies, logger: Logger) -> Dispatcher {
        Dispatcher(
            routes: routes(deps),
            policy: HTTPPolicy(allowedOriginSetting: deps.config.allowedOrigin),
            authenticator: SessionAuthenticator(tokens: deps.tokens, sessions: deps.repositories.sessions),
            clock: deps.clock,
            logger: logger)
    }

    static func health(_ deps: AppDependencies) -> [Route] {
        [
            Route(
                "GET", "/health", errorKey: "error",
                handler: HealthHandler(
                    store: deps.storeKind, environment: deps.config.environmentName, startedAt: deps.startedAt))
        ]
    }

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
                "POST", "\(users)/refresh", handler: RefreshTokenHandler(sessions: repos.sessions, tokens: deps.tokens)),
            Route("POST", "\(users)/logout", handler: LogoutHandler(sessions: repos.sessions, tokens: deps.tokens)),
            Route("GET", "\(users)/profile", auth: .user(key: "msg"), handler: GetUserProfileHandler()),
            Route(
                "POST", "\(users)/accountNames", errorKey: "error", auth: .user(key: "error"),
                handler: AccountNamesHandler(directory: deps.directory)),
            Route(
                "GET", "\(users)/tm-username", errorKey: "error", auth: .user(key: "error"),
                handler: GetTmUsernameHandler()),
            Route(
                "POST", "\(users)/tm-username", errorKey: "error", auth: .user(key: "error"),
                handler: VerifyTmUsernameHandler(directory: deps.directory, users: repos.users)),
        ]
    }
}
