import HandlerKit

extension RouteTable {
    /// The daily run's cron call and its progress (R37 and `GET /api/v1/cron/runs/:id`, where the id
    /// may be `latest`).
    static func cron(_ deps: AppDependencies) -> [Route] {
        guard let control = deps.dailyRun else { return [] }
        let check = CronSecretCheck(
            secret: deps.config.cronSecret, limiter: RequestLimiter(store: deps.repositories.rateLimits))
        return [
            Route(
                "POST", "/api/v1/cron/daily",
                handler: RunDailyCronHandler(check: check, control: control)),
            Route(
                "GET", "/api/v1/cron/runs/:id",
                handler: GetCronRunHandler(check: check, control: control)),
        ]
    }
}
