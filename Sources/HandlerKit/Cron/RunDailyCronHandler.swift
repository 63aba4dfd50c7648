import Foundation
import RecordsCore

/// `POST /api/v1/cron/daily` (R37): runs the daily pipeline, synchronously as the original (the
/// host crontab's curl waits for the counters) or with `?async=1` in the background (202 + run id).
public struct RunDailyCronHandler: Handler {
    let check: CronSecretCheck
    let control: any DailyRunControl

    public init(check: CronSecretCheck, control: any DailyRunControl) {
        self.check = check
        self.control = control
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        try await check.verify(event, body: context.body, now: context.clock.now)
        let background: Bool
        switch event.queryValues("async").last {
        case nil, "0"?: background = false
        case "1"?: background = true
        default: throw HandlerError(400, "async must be 0 or 1", key: "error")
        }
        let outcome = background ? try await control.start() : try await control.runNow(progress: { _ in })
        switch outcome {
        case .busy(let runId):
            throw HandlerError(
                409, "A daily run is already in progress", key: "error",
                extra: JSONObject([("runId", runId.map { JSONValue.number(Double($0)) } ?? JSONValue.null)]))
        case .started(let runId):
            return .json(
                202,
                JSONValue.object(
                    JSONObject([("message", .string("Daily cron started")), ("runId", .number(Double(runId)))])))
        case .finished(let report):
            var object = report.responseObject
            if report.phase == .failed {
                var failure = JSONObject([
                    ("error", .string("Cron failed")), ("details", .string(report.error ?? "internal")),
                ])
                for member in object.members { failure[member.key] = member.value }
                return .json(500, JSONValue.object(failure))
            }
            var body = JSONObject([("message", .string("Daily cron completed"))])
            for member in object.members { body[member.key] = member.value }
            object = body
            return .json(200, JSONValue.object(object))
        }
    }
}
