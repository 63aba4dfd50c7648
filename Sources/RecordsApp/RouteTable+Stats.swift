import HandlerKit

extension RouteTable {
    /// The landing page's public counters (R32).
    static func stats(_ deps: AppDependencies) -> [Route] {
        [
            Route(
                "GET", "/api/v1/stats",
                handler: GetSiteStatsHandler(
                    stats: SiteStatsCache(reports: deps.repositories.reports, maximumAge: deps.config.statsMaxAge)))
        ]
    }
}
