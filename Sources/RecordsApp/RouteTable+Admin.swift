import HandlerKit
import RecordsCore

extension RouteTable {
    /// The admin page, feedback, notification history, site stats and the test routes (R22–R36).
    ///
    /// Admin routes answer authentication failures as the original's admin handlers did (`error`
    /// key, `Authorization header required` / `Invalid token` / `Admin access required`); the role
    /// is read from the database on every request by the one authenticator.
    static func admin(_ deps: AppDependencies) -> [Route] {
        let repos = deps.repositories
        let admin = "/api/v1/admin"
        let feedback = "/api/v1/feedback"
        let daily = deps.config.dailyRun
        // Listed with the values in effect while a key has no row: the configured ones.
        let settings = AdminSettings.registry(
            maxNewRecordsPerMap: daily.maxNewRecordsPerMap, inaccurateThreshold: daily.inaccurateThreshold,
            dailyTopN: daily.topN)
        return [
            Route(
                "GET", "\(admin)/config", errorKey: "error", auth: .admin,
                handler: GetAdminConfigHandler(config: repos.adminConfig, settings: settings)),
            Route(
                "PUT", "\(admin)/config", errorKey: "error", auth: .admin,
                handler: UpdateAdminConfigHandler(config: repos.adminConfig, settings: settings)),
            Route(
                "GET", "\(admin)/users", errorKey: "error", auth: .admin,
                handler: GetAdminUsersHandler(reports: repos.reports)),
            Route(
                "PUT", "\(admin)/users/alert-type", errorKey: "error", auth: .admin,
                handler: UpdateUserAlertTypeHandler(
                    users: repos.users, alerts: repos.alerts, sync: deps.watching.alertSync,
                    background: deps.watching.background)),
            Route(
                "GET", "\(admin)/daily-overview", errorKey: "error", auth: .admin,
                handler: GetDailyOverviewHandler(history: repos.notificationHistory, alerts: repos.alerts)),
            Route(
                "GET", "/api/v1/notification-history", errorKey: "error",
                auth: AuthRequirement.userWithAdminBodies.reusingRecentCheck,
                handler: GetNotificationHistoryHandler(history: repos.notificationHistory)),
            Route(
                "GET", feedback, errorKey: "error", auth: .feedback(.admin),
                handler: ListFeedbackHandler(feedback: repos.feedback)),
            Route(
                "POST", feedback, errorKey: "error", auth: .feedback(.user), headers: Route.strictTransport,
                handler: SubmitFeedbackHandler(
                    feedback: repos.feedback, limiter: RequestLimiter(store: repos.rateLimits))),
            Route(
                "PUT", "\(feedback)/:id/read", errorKey: "error", auth: .feedback(.admin),
                handler: MarkFeedbackReadHandler(feedback: repos.feedback)),
            Route(
                "DELETE", "\(feedback)/:id", errorKey: "error", auth: .feedback(.admin),
                handler: DeleteFeedbackHandler(feedback: repos.feedback)),
            Route(
                "GET", "/api/v1/stats", errorKey: "error",
                handler: GetSiteStatsHandler(
                    stats: SiteStatsCache(reports: repos.reports, maximumAge: deps.config.statsMaxAge))),
            Route("GET", "/api/v1/test", errorKey: "message", handler: TestHandler()),
            Route("POST", "/api/v1/test", errorKey: "message", handler: TestHandler()),
            Route(
                "GET", "/api/v1/test-advanced", errorKey: "message", auth: TestAdvancedHandler.authentication,
                handler: TestAdvancedHandler()),
            Route(
                "POST", "/api/v1/test-advanced", errorKey: "message", auth: TestAdvancedHandler.authentication,
                handler: TestAdvancedHandler()),
        ]
    }
}
