import Foundation
import RecordsCore

/// `GET /api/v1/cron/runs/:id` and `GET /api/v1/cron/runs/latest`: a daily run's state and counters
/// so far (same secret as the cron call); `latest` is the last run started, so a crontab or a monitor
/// can ask how the last run went without knowing its id.
public struct GetCronRunHandler: Handler {
    let check: CronSecretCheck
    let control: any DailyRunControl

    public init(check: CronSecretCheck, control: any DailyRunControl) {
        self.check = check
        self.control = control
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        try await check.verify(event, body: context.body, now: context.clock.now)
        let raw = event.pathParameters["id"] ?? ""
        if raw.lowercased() == "latest" {
            guard let (run, report) = try await control.latestStatus() else {
                throw HandlerError(404, "No daily run yet", key: "error")
            }
            return CronRunStatus.response(run: run, report: report)
        }
        guard let id = Int(raw), id > 0, id <= Int(Int32.max) else {
            throw HandlerError(400, "Run id must be a positive integer", key: "error")
        }
        guard let (run, report) = try await control.status(runId: id) else {
            throw HandlerError(404, "Run not found", key: "error")
        }
        return CronRunStatus.response(run: run, report: report)
    }
}
