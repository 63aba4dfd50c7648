import RecordsCore

/// `GET /api/v1/cron/runs/latest`: the last daily run's state and counters (same secret as the cron
/// call), so a crontab or a monitor can ask how the last run went without knowing its id.
public struct GetLatestCronRunHandler: Handler {
    let check: CronSecretCheck
    let control: any DailyRunControl

    public init(check: CronSecretCheck, control: any DailyRunControl) {
        self.check = check
        self.control = control
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        try await check.verify(event, body: context.body, now: context.clock.now)
        guard let (run, report) = try await control.latestStatus() else {
            throw HandlerError(404, "No daily run yet", key: "error")
        }
        return CronRunStatus.response(run: run, report: report)
    }
}
