import FixtureKit
import Foundation
import LambdaRuntime
import LambdaRuntimeFake
import Logging
import RecordsApp
import RecordsCore
import RecordsLambda
import Testing

/// The real application behind the runtime loop: each bad input is a clear answer or error call,
/// and the next invocation is served.
@Suite("Lambda function")
struct FunctionTests {
    static let health = LambdaTestApp.v2(path: "/health")

    @Test("a malformed payload and an unknown event shape are Runtime.UnknownEvent; the loop goes on")
    func unknownShapes() async throws {
        try await LambdaTestApp.with { app in
            for payload in [
                "not json at all", #"{"hello":"world"}"#, "[1,2,3]", #"{"Records":[{"eventSource":"aws:s3"}]}"#,
            ] {
                guard case .error(let type, let body) = await app.api.invoke(Data(payload.utf8)) else {
                    Issue.record("\(payload): expected an error call")
                    continue
                }
                #expect(type == "Runtime.UnknownEvent", "\(payload)")
                #expect(body.contains("errorMessage"))
            }
            // A known shape missing what it needs (an SQS record without a body).
            let broken = #"{"Records":[{"eventSource":"aws:sqs","messageId":"m1"}]}"#
            guard case .error(let type, let body) = await app.api.invoke(Data(broken.utf8)) else {
                Issue.record("expected an error call")
                return
            }
            #expect(type == "Runtime.UnknownEvent")
            #expect(body.contains("Records.0.body"))
            let health = try await app.json(Self.health)
            #expect(health["statusCode"] as? Int == 200)
        }
    }

    @Test("the captured API Gateway v1 event is answered in the v1 shape")
    func capturedV1() async throws {
        let fixture = FixtureFile.captured
        try await LambdaTestApp.with { app in
            let answer = try await app.json(fixture)
            #expect(answer["statusCode"] as? Int == 200)
            let headers = answer["headers"] as? [String: String] ?? [:]
            #expect(headers["Content-Type"] == "application/json; charset=utf-8")
            // Reached over HTTPS (X-Forwarded-Proto), as `serve` behind a TLS proxy answers.
            #expect(headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains")
            #expect(answer["isBase64Encoded"] as? Bool == false)
            #expect((answer["body"] as? String)?.contains(#""status":"OK""#) == true)
        }
    }

    @Test("a v2 body over 1 MB is 413 with the route's error key, nothing stored")
    func bodyTooLarge() async throws {
        try await LambdaTestApp.with { app in
            let big = String(repeating: "a", count: 1_048_577)
            let body = #"{"username":"big","email":"big@example.com","password":"\#(big)"}"#
            let answer = try await app.json(
                LambdaTestApp.v2(
                    method: "POST", path: "/api/v1/users/register", headers: ["content-type": "application/json"],
                    body: body))
            #expect(answer["statusCode"] as? Int == 413)
            #expect((answer["body"] as? String)?.contains("Request body too large") == true)
            let base64 = Data(body.utf8).base64EncodedString()
            let encoded = try await app.json(
                LambdaTestApp.v2(
                    method: "POST", path: "/api/v1/users/register", headers: ["content-type": "application/json"],
                    body: base64, base64: true))
            #expect(encoded["statusCode"] as? Int == 413)
            #expect(try await app.runtime.dependencies.repositories.users.count() == 0)
        }
    }

    @Test("a base64 body that is not base64 is 400, nothing stored")
    func invalidBase64() async throws {
        try await LambdaTestApp.with { app in
            let answer = try await app.json(
                LambdaTestApp.v2(
                    method: "POST", path: "/api/v1/users/register", headers: ["content-type": "application/json"],
                    body: "%%%not base64%%%", base64: true))
            #expect(answer["statusCode"] as? Int == 400)
            #expect((answer["body"] as? String)?.contains("not valid base64") == true)
            #expect(try await app.runtime.dependencies.repositories.users.count() == 0)
            // A valid base64 body is decoded and handled as over HTTP.
            let valid = try await app.json(
                LambdaTestApp.v2(
                    method: "POST", path: "/api/v1/users/login", headers: ["content-type": "application/json"],
                    body: Data(#"{"email":"nobody@example.com","password":"wrong-password-1"}"#.utf8)
                        .base64EncodedString(), base64: true))
            #expect(valid["statusCode"] as? Int == 401 || valid["statusCode"] as? Int == 400)
        }
    }

    @Test("an SQS record that is not a job id is a batch item failure; the rest of the batch is not")
    func sqsBadRecord() async throws {
        try await LambdaTestApp.with { app in
            let unknownJob = UUID().uuidString.lowercased()
            let batch = """
                {"Records":[
                  {"messageId":"m-bad","receiptHandle":"r1","body":"drop table jobs","eventSource":"aws:sqs"},
                  {"messageId":"m-gone","receiptHandle":"r2","body":"\(unknownJob)","eventSource":"aws:sqs"}
                ]}
                """
            let answer = try await app.json(batch)
            let failures = answer["batchItemFailures"] as? [[String: String]] ?? []
            #expect(failures.map { $0["itemIdentifier"] } == ["m-bad"])
            #expect(try await app.json(Self.health)["statusCode"] as? Int == 200)
        }
    }

    @Test("an SQS record naming a queued job runs it to completion")
    func sqsRunsJob() async throws {
        try await LambdaTestApp.with { app in
            let repositories = app.runtime.dependencies.repositories
            let job = try await repositories.mapSearchJobs.create(
                id: UUID().uuidString.lowercased(), username: "RavageRunner", period: "1d", userId: nil, now: Date())
            let batch = #"{"Records":[{"messageId":"m1","body":"\#(job.id)","eventSource":"aws:sqs"}]}"#
            let answer = try await app.json(batch)
            #expect((answer["batchItemFailures"] as? [Any])?.isEmpty == true)
            let stored = try #require(try await repositories.mapSearchJobs.job(id: job.id))
            #expect(stored.status == .completed)
            #expect(stored.resultJSON?.contains("RavageRunner's Bravo Mesa") == true)
        }
    }

    @Test("a scheduled tick runs the daily work, then leaves the completed day alone")
    func scheduledTick() async throws {
        try await LambdaTestApp.with { app in
            let tick =
                #"{"version":"0","id":"e1","detail-type":"Scheduled Event","source":"aws.events","time":"2026-12-07T06:15:00Z","resources":["arn:aws:events:eu-west-1:123456789012:rule/recordsw-tick"],"detail":{}}"#
            let first = try await app.json(tick, deadlineIn: 180)
            #expect(first["dailyRun"] as? String == "completed")
            let second = try await app.json(tick, deadlineIn: 180)
            #expect(second["dailyRun"] as? String == "done-today")
            #expect(second["runId"] as? Int == first["runId"] as? Int)
        }
    }
}

/// Fixture files read by the tests.
enum FixtureFile {
    static var captured: String {
        let url = FixtureSuite.repositoryFixtures().appendingPathComponent("health/apigateway-v1-captured-event.json")
        let document = (try? JSONSerialization.jsonObject(with: Data(contentsOf: url))) as? [String: Any]
        let event = document?["event"] ?? [:]
        return String(decoding: (try? JSONSerialization.data(withJSONObject: event)) ?? Data(), as: UTF8.self)
    }
}
