import HandlerKit

extension RouteTable {
    /// `GET /health` (R1).
    static func health(_ deps: AppDependencies) -> [Route] {
        [
            Route(
                "GET", "/health", errorKey: "error",
                handler: HealthHandler(
                    store: deps.storeKind, environment: deps.config.environmentName, startedAt: deps.startedAt))
        ]
    }
}
