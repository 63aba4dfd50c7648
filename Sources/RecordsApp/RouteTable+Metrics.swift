import HandlerKit

extension RouteTable {
    /// `GET /metrics`: Prometheus metrics for holders of `METRICS_TOKEN` (404 when it is unset).
    static func metrics(_ deps: AppDependencies) -> [Route] {
        let metrics = deps.metrics
        return [
            Route(
                "GET", "/metrics",
                handler: MetricsHandler(token: deps.config.metrics.token, exposition: { metrics.exposition() }))
        ]
    }
}
