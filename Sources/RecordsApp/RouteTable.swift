import HandlerKit
import Logging
import RecordsCore

/// The one route table, shared by the HTTP server and `LocalInvoke`.
///
/// Each feature lists its routes in its own `RouteTable+<Feature>.swift`; this file only joins them.
/// A route's authentication failures go under the route's error key unless its ``AuthRequirement``
/// names another, and Trackmania failures are answered by the dispatcher, so the lists stay short.
public enum RouteTable {
    /// Every route of the API with its handler, error key and authentication.
    public static func routes(_ deps: AppDependencies) -> [Route] {
        health(deps) + accounts(deps) + watching(deps) + admin(deps) + cron(deps) + metrics(deps)
            + preferences(deps)
    }

    /// The dispatcher over ``routes(_:)`` with the configured CORS policy and the session authenticator.
    public static func dispatcher(_ deps: AppDependencies, logger: Logger) -> Dispatcher {
        var dispatcher = Dispatcher(
            routes: routes(deps),
            policy: HTTPPolicy(
                allowedOriginSetting: deps.config.allowedOrigin,
                strictTransportEverywhere: deps.config.security.strictTransportEverywhere),
            authenticator: SessionAuthenticator(tokens: deps.tokens, sessions: deps.repositories.sessions),
            clock: deps.clock,
            logger: logger)
        dispatcher.metrics = deps.metrics.recorder
        return dispatcher
    }
}
