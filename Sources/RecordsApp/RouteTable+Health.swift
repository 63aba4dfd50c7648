import HandlerKit

extension RouteTable {
    /// `GET /health` (R1), the readiness check for load balancers and the API description.
    static func health(_ deps: AppDependencies) -> [Route] {
        [
            Route(
                "GET", "/health", errorKey: "error",
                handler: HealthHandler(
                    store: deps.storeKind, environment: deps.config.environmentName, startedAt: deps.startedAt,
                    version: BuildInfo.version)),
            Route("GET", "/health/ready", errorKey: "error", handler: ReadinessHandler(probe: deps.readiness)),
            Route(
                "GET", "/api/v1/openapi.json", errorKey: "error",
                handler: OpenAPIDocumentHandler(document: APIDescription.document)),
        ]
    }
}
