import Foundation
import HandlerKit
import Logging
import RecordsCore
import Testing

/// The cron routes over a real run (fake Trackmania, SQLite).
struct CronHandlerTests {
    func context(_ body: RequestBody = RequestBody()) -> HandlerContext {
        HandlerContext(requestId: "t", logger: Logger(label: "cron-test"), clock: SystemClock(), body: body)
    }

    @Test func secretsAreCheckedBeforeAnythingStarts() async throws {
        let check = CronSecretCheck(secret: "s3cret")
        let now = Date()
        let bearer = Event(httpMethod: "POST", path: "/", headers: ["authorization": "Bearer s3cret"])
        try await check.verify(bearer, body: RequestBody(), now: now)
        try await check.verify(
            Event(httpMethod: "POST", path: "/", queryStringParameters: ["secret": "s3cret"]), body: RequestBody(),
            now: now)
        try await check.verify(
            Event(httpMethod: "POST", path: "/"), body: RequestBody(JSONObject([("secret", .string("s3cret"))])),
            now: now)
        await #expect(throws: HandlerError(401, "Unauthorized", key: "error")) {
            try await check.verify(
                Event(httpMethod: "POST", path: "/", headers: ["authorization": "Bearer s3cre"]), body: RequestBody(),
                now: now)
        }
        await #expect(throws: HandlerError(401, "Unauthorized", key: "error")) {
            try await CronSecretCheck(secret: nil).verify(bearer, body: RequestBody(), now: now)
        }
        await #expect(throws: HandlerError.badRequest("secret must be a string, not number")) {
            try await check.verify(bearer, body: RequestBody(JSONObject([("secret", .number(1))])), now: now)
        }
    }

    @Test func asyncRunsReportProgressUnderTheirId() async throws {
        try await DailyHarness.with(.sqlite) { h in
            let control = h.coordinator()
            let check = CronSecretCheck(secret: "s3cret")
            let run = RunDailyCronHandler(check: check, control: control)
            let status = GetCronRunHandler(check: check, control: control)
            let headers = ["authorization": "Bearer s3cret"]
            await #expect(throws: HandlerError(400, "async must be 0 or 1", key: "error")) {
                _ = try await run.handle(
                    Event(httpMethod: "POST", path: "/", headers: headers, queryStringParameters: ["async": "yes"]),
                    context: context())
            }
            let started = try await run.handle(
                Event(httpMethod: "POST", path: "/", headers: headers, queryStringParameters: ["async": "1"]),
                context: context())
            #expect(started.statusCode == 202)
            let runId = try #require((try? JSONValue.parse(started.body ?? ""))?.objectValue?["runId"]?.numberValue)
            var state = ""
            for _ in 0..<600 where state != "completed" {
                let answer = try await status.handle(
                    Event(httpMethod: "GET", path: "/", headers: headers, pathParameters: ["id": String(Int(runId))]),
                    context: context())
                state = (try? JSONValue.parse(answer.body ?? ""))?.objectValue?["status"]?.stringValue ?? ""
                if state != "completed" { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(state == "completed")
            #expect(await h.mailer.drain().recipients == ["mappera@example.com"])
            await #expect(throws: HandlerError(404, "Run not found", key: "error")) {
                _ = try await status.handle(
                    Event(httpMethod: "GET", path: "/", headers: headers, pathParameters: ["id": "999"]),
                    context: context())
            }
            let sync = try await run.handle(Event(httpMethod: "POST", path: "/", headers: headers), context: context())
            #expect(sync.statusCode == 200)
            let body = try #require((try? JSONValue.parse(sync.body ?? ""))?.objectValue)
            #expect(body["message"]?.stringValue == "Daily cron completed")
            #expect(body["emailsSent"]?.numberValue == 0)
            #expect(body["totalProcessed"]?.numberValue == 4)
        }
    }
}
