import Foundation
import RecordsCore

/// `GET /api/v1/cron/runs/:id`: a daily run's state and counters so far (same secret as the cron call).
public struct GetCronRunHandler: Handler {
    let check: CronSecretCheck
    let control: any DailyRunControl

    public init(check: CronSecretCheck, control: any DailyRunControl) {
        self.check = check
        self.control = control
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        try await check.verify(event, body: context.body, now: context.clock.now)
        guard let raw = event.pathParameters["id"], let id = Int(raw), id > 0, id <= Int(Int32.max) else {
            throw HandlerError(400, "Run id must be a positive integer", key: "error")
        }
        guard let (run, report) = try await control.status(runId: id) else {
            throw HandlerError(404, "Run not found", key: "error")
        }
        return CronRunStatus.response(run: run, report: report)
    }
}
