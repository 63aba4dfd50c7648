import AsyncHTTPClient
import FixtureKit
import Foundation
import LambdaRuntime
import LambdaRuntimeFake
import Logging
import RecordsApp
import RecordsLambda

/// The real application on a fresh SQLite store behind the fake Runtime API and the runtime loop.
struct LambdaTestApp {
    let api: FakeRuntimeAPI
    let runtime: AppRuntime
    let function: RecordsFunction

    static func environment(_ extra: [String: String], folder: URL) -> [String: String] {
        var environment = AppFixtureHost.baseEnvironment(fixturesRoot: FixtureSuite.repositoryFixtures())
        environment["SQLITE_PATH"] = folder.appendingPathComponent("store.sqlite").path
        environment["CRON_SECRET"] = "cron-secret-0123456789abcdef0123"
        // `recordsw lambda` checks what `serve` checks (a JWT secret of at least 32 bytes).
        environment["JWT_SECRET"] = "lambda-test-secret-0123456789abcdef-0123"
        // Ticks do not watch unless a test asks (a turn would otherwise fill each tick's deadline).
        environment["LAMBDA_WATCH_SECONDS"] = "0"
        environment.merge(extra) { _, new in new }
        return environment
    }

    static func with(_ extra: [String: String] = [:], _ body: (LambdaTestApp) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recordsw-lambda-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        var logger = Logger(label: "lambda-test")
        logger.logLevel = .critical
        let config = try AppConfig(environment: environment(extra, folder: folder))
        let runtime = try await AppRuntime.open(config: config, logger: logger)
        _ = try await runtime.database.migrate(logger: logger)
        let api = try await FakeRuntimeAPI.start()
        let function = LambdaApp.makeFunction(runtime: runtime, config: config, logger: logger)
        let loop = RuntimeLoop(client: RuntimeAPIClient(address: api.address, httpClient: .shared), logger: logger)
        let task = Task { try await loop.run(handler: function) }
        let app = LambdaTestApp(api: api, runtime: runtime, function: function)
        do {
            try await body(app)
        } catch {
            task.cancel()
            await api.stop()
            await runtime.close()
            throw error
        }
        task.cancel()
        await api.stop()
        _ = await task.result
        await runtime.close()
    }

    /// Invokes and parses a JSON response document. The default deadline bounds a hang, not speed:
    /// an SQS job's map search once took over 30 s on a loaded 2-core machine.
    func json(_ payload: String, deadlineIn seconds: Double = 120) async throws -> [String: Any] {
        guard case .response(let body) = await api.invoke(Data(payload.utf8), deadlineIn: seconds) else {
            throw Unexpected(description: "expected a response")
        }
        return try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] ?? [:]
    }

    struct Unexpected: Error, CustomStringConvertible { var description: String }

    /// A v2 request event.
    static func v2(
        method: String = "GET", path: String, query: String = "", headers: [String: String] = [:], body: String? = nil,
        base64: Bool = false
    ) -> String {
        var document: [String: Any] = [
            "version": "2.0", "routeKey": "$default", "rawPath": path, "rawQueryString": query, "headers": headers,
            "requestContext": [
                "http": ["method": method, "path": path, "sourceIp": "203.0.113.9", "userAgent": "test"],
                "requestId": "req-1", "stage": "$default",
            ] as [String: Any], "isBase64Encoded": base64,
        ]
        if let body { document["body"] = body }
        return String(decoding: try! JSONSerialization.data(withJSONObject: document), as: UTF8.self)
    }
}
