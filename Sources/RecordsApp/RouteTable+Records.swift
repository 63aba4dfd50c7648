import HandlerKit

extension RouteTable {
    /// A map's latest world records (R17); it needs a signed-in caller (the original left it open).
    static func records(_ deps: AppDependencies) -> [Route] {
        [
            Route(
                "GET", "/api/v1/records/latest", auth: .user,
                handler: LatestRecordsHandler(
                    leaderboards: deps.watching.leaderboards,
                    limiter: RequestLimiter(store: deps.repositories.rateLimits)
                ))
        ]
    }
}
