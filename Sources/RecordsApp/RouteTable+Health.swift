import HandlerKit

extension RouteTable {
    /// `GET /health` (R1) and the readiness check for load balancers.
    static func health(_ deps: AppDependencies) -> [Route] {
        [
            Route(
                "GET", "/health",
                handler: HealthHandler(
                    store: deps.storeKind, environment: deps.config.environmentName, startedAt: deps.startedAt,
                    version: BuildInfo.version)),
            Route("GET", "/health/ready", handler: ReadinessHandler(probe: deps.readiness)),
        ]
    }
}
