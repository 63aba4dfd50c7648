import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import RecordsApp
import RecordsCore
import Testing

/// The `METRICS_PORT` listener over real HTTP on loopback.
@Suite("Metrics listener")
struct MetricsListenerTests {
    @Test("serves /metrics without a token on 127.0.0.1, and nothing else")
    func servesOverLoopback() async throws {
        let metrics = AppMetrics(enabled: true)
        metrics.recorder.httpRequest(method: "GET", route: "/health", status: 200, duration: .milliseconds(3))
        var logger = Logger(label: "metrics-listener-test")
        logger.logLevel = .critical
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let app = MetricsListener.makeApplication(
            metrics: metrics, port: 0, logger: logger, onServerRunning: { _ = portSink.yield($0) })
        let server = Task { try await app.runService(gracefulShutdownSignals: []) }
        defer { server.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())

        let response = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: "http://127.0.0.1:\(port)/metrics"), timeout: .seconds(10))
        #expect(response.status.code == 200)
        #expect(response.headers.first(name: "Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
        let body = String(buffer: try await response.body.collect(upTo: 1 << 20))
        let text = try PrometheusText(body)
        #expect(text.value("http_requests_total", ["method": "GET", "route": "/health", "status": "200"]) == 1)

        let other = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: "http://127.0.0.1:\(port)/health"), timeout: .seconds(10))
        #expect(other.status.code == 404)
    }
}
