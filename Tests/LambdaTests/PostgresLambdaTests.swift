import Foundation
import LambdaRuntimeFake
import Logging
import RecordsApp
import RecordsLambda
import StoreTestSupport
import Testing

/// `recordsw lambda` as deployed (a PostgreSQL database, `LambdaApp.run` opening the pool and
/// migrating at init), one execution environment serving every kind of event in turn.
@Suite("Lambda on PostgreSQL")
struct PostgresLambdaTests {
    /// The response document's status and parsed JSON body.
    static func answer(_ api: FakeRuntimeAPI, _ payload: String) async throws -> (Int, [String: Any]) {
        guard case .response(let text) = await api.invoke(Data(payload.utf8), deadlineIn: 120) else {
            throw LambdaTestApp.Unexpected(description: "expected a response")
        }
        let document = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
        let body = (document["body"] as? String).flatMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        return (document["statusCode"] as? Int ?? 0, body ?? document)
    }

    @Test("one environment on PostgreSQL: migrations at init, requests, an SQS job and a scheduled tick")
    func oneEnvironment() async throws {
        guard TestStores.available(.postgres) else { return }
        let logger = Logger(label: "pg-lambda", factory: { _ in SwiftLogNoOpLogHandler() })
        let database = try await TestStores.createDatabase(logger: logger)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recordsw-pg-lambda-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        var environment = LambdaTestApp.environment(
            ["DATABASE_URL": try TestStores.url(database: database)], folder: folder)
        environment["SQLITE_PATH"] = nil
        let api = try await FakeRuntimeAPI.start()
        let run = Task {
            try await LambdaApp.run(runtimeAPI: api.address, logger: logger) { try AppConfig(environment: environment) }
        }
        do {
            let (ready, _) = try await Self.answer(api, LambdaTestApp.v2(path: "/health/ready"))
            #expect(ready == 200)
            let json = ["content-type": "application/json"]
            let (registered, _) = try await Self.answer(
                api,
                LambdaTestApp.v2(
                    method: "POST", path: "/api/v1/users/register", headers: json,
                    body: #"{"username":"pg_lambda","email":"pg-lambda@example.com","password":"correct-horse-1"}"#))
            #expect(registered == 201)
            let (loggedIn, session) = try await Self.answer(
                api,
                LambdaTestApp.v2(
                    method: "POST", path: "/api/v1/users/login", headers: json,
                    body: #"{"email":"pg-lambda@example.com","password":"correct-horse-1"}"#))
            #expect(loggedIn == 200)
            let bearer = ["authorization": "Bearer \(session["access_token"] as? String ?? "")"]
            let (queued, job) = try await Self.answer(
                api,
                LambdaTestApp.v2(
                    path: "/api/v1/users/maps", query: "username=RavageRunner&period=1d", headers: bearer))
            #expect(queued == 202)
            let jobId = try #require(job["jobId"] as? String)
            let batch = #"{"Records":[{"messageId":"m1","body":"\#(jobId)","eventSource":"aws:sqs"}]}"#
            let (_, worked) = try await Self.answer(api, batch)
            #expect((worked["batchItemFailures"] as? [Any])?.isEmpty == true)
            let (polled, status) = try await Self.answer(
                api, LambdaTestApp.v2(path: "/api/v1/users/maps/status/\(jobId)", headers: bearer))
            #expect(polled == 200)
            #expect(status["status"] as? String == "completed")
            let (_, tick) = try await Self.answer(api, SlicedDailyRunTests.tick)
            #expect(tick["dailyRun"] as? String == "completed")
        } catch {
            Issue.record(error)
        }
        run.cancel()
        await api.stop()
        _ = await run.result
        try await TestStores.dropDatabase(database, logger: logger)
    }
}
