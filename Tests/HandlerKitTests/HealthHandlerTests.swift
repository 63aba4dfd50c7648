import Foundation
import Logging
import RecordsCore
import Testing

@testable import HandlerKit

@Suite("Health handler")
struct HealthHandlerTests {
    struct PinnedClock: WallClock {
        var now: Date
    }

    @Test(
        "the pre-built body is exactly what the JSON writer gives for the same values",
        arguments: [(StoreKind.sqlite, "development", "v1.1.0"), (.postgres, "prod \"eu\"/1", "a39851f-dirty")])
    func body(store: StoreKind, environment: String, version: String) async throws {
        let handler = HealthHandler(
            store: store, environment: environment, startedAt: .now - .seconds(90), version: version)
        let now = Date(timeIntervalSince1970: 1_795_471_449.5)
        let context = HandlerContext(
            requestId: "r1", logger: Logger(label: "test"), clock: PinnedClock(now: now))
        let response = try await handler.handle(Event(httpMethod: "GET", path: "/health"), context: context)
        #expect(response.statusCode == 200)
        #expect(response.header("content-type") == Response.jsonContentType)
        let body = try #require(response.body)
        let parsed = try JSONValue.parse(body)
        let uptime = try #require(parsed.value(at: "uptime")?.numberValue)
        #expect(uptime >= 90 && uptime < 3600)
        let expected: JSONValue = [
            "status": "OK", "timestamp": "2026-11-23T22:04:09.500Z", "uptime": .number(uptime),
            "environment": .string(environment), "version": .string(version),
            "services": [
                "backend": "healthy", "postgres": .string(store == .postgres ? "configured" : "not_configured"),
                "store": .string(store.rawValue),
            ],
        ]
        #expect(body == expected.jsonText(sortedKeys: true))
    }
}
