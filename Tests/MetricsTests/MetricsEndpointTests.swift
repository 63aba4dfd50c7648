import FixtureKit
import Foundation
import HandlerKit
import Logging
import RecordsApp
import RecordsCore
import Testing

/// `/metrics` through the one dispatcher: the text parses, the requests made before are counted by
/// route template, and nothing identifying (ids, emails, tokens, raw paths) ends up in a label.
@Suite("Metrics endpoint")
struct MetricsEndpointTests {
    static let token = "metrics-test-token-0123456789abcdef"

    /// The real application over a fresh SQLite store, with `extra` settings.
    static func withApp(
        _ extra: [String: String], _ body: (AppRuntime, Dispatcher) async throws -> Void
    ) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recordsw-metrics-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        var environment = AppFixtureHost.baseEnvironment(fixturesRoot: FixtureSuite.repositoryFixtures())
        environment["SQLITE_PATH"] = folder.appendingPathComponent("store.sqlite").path
        environment.merge(extra) { _, new in new }
        var logger = Logger(label: "metrics-test")
        logger.logLevel = .critical
        let runtime = try await AppRuntime.open(config: try AppConfig(environment: environment), logger: logger)
        do {
            _ = try await runtime.database.migrate(logger: logger)
            try await body(runtime, RouteTable.dispatcher(runtime.dependencies, logger: logger))
        } catch {
            await runtime.close()
            throw error
        }
        await runtime.close()
    }

    static func get(_ path: String, authorization: String? = nil) -> Event {
        var event = Event(httpMethod: "GET", path: path)
        if let authorization { event.headers["Authorization"] = authorization }
        return event
    }

    @Test("requests are counted by route template, method and status, with a latency histogram")
    func countsByTemplate() async throws {
        try await Self.withApp(["METRICS_TOKEN": Self.token]) { runtime, dispatcher in
            _ = await dispatcher.dispatch(Self.get("/health"))
            _ = await dispatcher.dispatch(Self.get("/health"))
            // A templated route with an id, an e-mail and a token in places a label could pick them up.
            _ = await dispatcher.dispatch(
                Self.get("/api/v1/users/maps/status/12345", authorization: "Bearer secret-session-token"))
            _ = await dispatcher.dispatch(Self.get("/api/v1/users/someone@example.com/secret-token"))
            _ = await dispatcher.dispatch(Event(httpMethod: "BREW", path: "/health"))
            _ = await dispatcher.dispatch(Event(httpMethod: "BREW", path: "/api/v1/nothing-here"))
            var post = Event(httpMethod: "POST", path: "/api/v1/users/login")
            post.headers["Content-Type"] = "application/json"
            post.body = #"{"email":"someone@example.com","password":"wrong-password-1"}"#
            _ = await dispatcher.dispatch(post)

            let response = await dispatcher.dispatch(Self.get("/metrics", authorization: "Bearer \(Self.token)"))
            #expect(response.statusCode == 200)
            #expect(response.header("Content-Type") == MetricsHandler.contentType)
            let text = try PrometheusText(response.body ?? "")

            #expect(text.value("http_requests_total", ["method": "GET", "route": "/health", "status": "200"]) == 2)
            #expect(
                text.value(
                    "http_requests_total",
                    ["method": "GET", "route": "/api/v1/users/maps/status/:jobId", "status": "401"]) == 1)
            #expect(
                text.value("http_requests_total", ["method": "GET", "route": "unmatched", "status": "404"]) == 1)
            #expect(text.value("http_requests_total", ["method": "other", "route": "unmatched", "status": "404"]) == 1)
            // A served path asked with a method none of its routes has: 405, under the path's template.
            #expect(text.value("http_requests_total", ["method": "other", "route": "/health", "status": "405"]) == 1)
            #expect(
                text.value("http_request_duration_seconds_count", ["method": "GET", "route": "/health"]) == 2)
            #expect(
                text.value(
                    "http_request_duration_seconds_bucket", ["method": "GET", "route": "/health", "le": "+Inf"]) == 2)

            // Route labels are templates of the route table (or `unmatched`), nothing else.
            let templates = Set(RouteTable.routes(runtime.dependencies).map(\.template)).union(["unmatched"])
            let routeLabels = Set(text.samples.compactMap { $0.labels["route"] })
            #expect(routeLabels.isSubset(of: templates), "\(routeLabels.subtracting(templates))")
            // No label carries an id, an e-mail, a token or a raw path.
            for sample in text.samples {
                for value in sample.labels.values {
                    for secret in ["12345", "@", "secret", "wrong-password", Self.token] {
                        #expect(!value.contains(secret), "\(sample.name) carries \(value)")
                    }
                }
            }
        }
    }

    @Test("without the bearer token /metrics answers 401; without METRICS_TOKEN it is hidden (404)")
    func tokenRequired() async throws {
        try await Self.withApp(["METRICS_TOKEN": Self.token]) { _, dispatcher in
            for authorization in [nil, "Bearer", "Bearer \(Self.token)x", "Basic \(Self.token)", Self.token] {
                let response = await dispatcher.dispatch(Self.get("/metrics", authorization: authorization))
                #expect(response.statusCode == 401, "\(authorization ?? "none")")
                #expect(response.body == #"{"error":"Unauthorized"}"#)
            }
            let lowercase = await dispatcher.dispatch(Self.get("/metrics", authorization: "bearer \(Self.token)"))
            #expect(lowercase.statusCode == 200)
        }
        try await Self.withApp([:]) { runtime, dispatcher in
            let response = await dispatcher.dispatch(Self.get("/metrics", authorization: "Bearer \(Self.token)"))
            #expect(response.statusCode == 404)
            #expect(response.body == #"{"error":"Not found"}"#)
            // Nothing configured to read them: nothing is measured.
            #expect(!runtime.dependencies.metrics.recorder.isEnabled)
        }
    }
}
