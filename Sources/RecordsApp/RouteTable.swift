import HandlerKit
import Logging
import RecordsCore

/// The one route table, shared by the HTTP server and `LocalInvoke`.
public enum RouteTable {
    /// Every route of the API with its handler, error key and authentication.
    public static func routes(_ deps: AppDependencies) -> [Route] {
        [
            Route(
                "GET", "/health", errorKey: "error",
                handler: HealthHandler(
                    store: deps.storeKind, environment: deps.config.environmentName, startedAt: deps.startedAt))
        ]
    }

    /// The dispatcher over ``routes(_:)`` with the configured CORS policy.
    public static func dispatcher(_ deps: AppDependencies, logger: Logger) -> Dispatcher {
        Dispatcher(
            routes: routes(deps),
            policy: HTTPPolicy(allowedOriginSetting: deps.config.allowedOrigin),
            authenticator: nil,
            clock: deps.clock,
            logger: logger)
    }
}
