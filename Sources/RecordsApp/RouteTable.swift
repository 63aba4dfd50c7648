import HandlerKit
import Logging
import RecordsCore

/// The one route table, shared by the HTTP server and `LocalInvoke`.
///
/// Each feature lists its routes with their full paths in its own `RouteTable+<Feature>.swift`, named
/// like its handler folder under `Sources/HandlerKit/` and its fixture folder under `Fixtures/`, so a
/// grep for a path finds the route, the handler and the fixtures; this file only joins them. Errors go
/// under `error` unless a route names another key, and a route's authentication failures under the
/// route's key unless its ``AuthRequirement`` names another; Trackmania failures are answered by the
/// dispatcher, so the lists stay short.
public enum RouteTable {
    /// Every route of the API with its handler, error key and authentication.
    public static func routes(_ deps: AppDependencies) -> [Route] {
        // The order the table always had: the router tries routes in this order.
        home(deps) + health(deps) + docs(deps) + accounts(deps) + mapSearch(deps) + alerts(deps) + records(deps)
            + driver(deps) + admin(deps) + history(deps) + feedback(deps) + stats(deps) + diagnostics(deps)
            + cron(deps) + metrics(deps) + selfHelp(deps) + preferences(deps) + news(deps)
    }

    /// The dispatcher over ``routes(_:)`` with the configured CORS policy and the session authenticator.
    public static func dispatcher(_ deps: AppDependencies, logger: Logger) -> Dispatcher {
        Dispatcher(
            routes: routes(deps),
            policy: HTTPPolicy(
                allowedOriginSetting: deps.config.allowedOrigin,
                strictTransportEverywhere: deps.config.security.strictTransportEverywhere),
            authenticator: SessionAuthenticator(tokens: deps.tokens, sessions: deps.repositories.sessions),
            clock: deps.clock,
            logger: logger,
            metrics: deps.metrics.recorder)
    }

    /// A signed-in caller, refused with `failure` whether the token is missing or invalid (routes
    /// whose original answered both alike, in its own words).
    static func signedIn(refusing failure: HandlerError) -> AuthRequirement {
        AuthRequirement(level: .user, missing: failure, invalid: failure)
    }
}
