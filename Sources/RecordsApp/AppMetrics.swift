import Prometheus
import RecordsCore

/// The server's metrics: one Prometheus registry, built once in the composition root, and the
/// recorder the components report to.
///
/// Every component gets ``recorder`` (a swift-metrics factory over ``registry``) explicitly, so tests
/// build their own without touching swift-metrics' process-wide bootstrap.
public struct AppMetrics: Sendable {
    /// Holds every series; rendered by `/metrics`.
    public let registry: PrometheusCollectorRegistry
    /// What the dispatcher, the Trackmania clients, the database, the daily run and the map-search
    /// worker report to; ``RecordsMetrics/disabled`` when metrics are off.
    public let recorder: RecordsMetrics

    /// - Parameter enabled: Whether anything is recorded (`METRICS_TOKEN` or `METRICS_PORT` set).
    public init(enabled: Bool) {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        // The live watcher's detection delay spans minutes to a day, far beyond request-time buckets.
        factory.durationHistogramBuckets[RecordsMetrics.watchDetectionDelayLabel] =
            RecordsMetrics.watchDetectionDelayBuckets
        recorder = enabled ? RecordsMetrics(factory: factory) : .disabled
    }

    /// The current metrics in the Prometheus text format.
    public func exposition() -> String {
        registry.emitToString()
    }
}
