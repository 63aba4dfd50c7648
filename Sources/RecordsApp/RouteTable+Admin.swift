import HandlerKit
import RecordsCore

extension RouteTable {
    /// The admin page's settings, users and daily overview (R22–R26).
    ///
    /// Admin routes answer authentication failures as the original's admin handlers did (`error`
    /// key, `Authorization header required` / `Invalid token` / `Admin access required`); the role
    /// is read from the database on every request by the one authenticator.
    static func admin(_ deps: AppDependencies) -> [Route] {
        let repos = deps.repositories
        let daily = deps.config.dailyRun
        // Listed with the values in effect while a key has no row: the configured ones.
        let settings = AdminSettings.registry(
            maxNewRecordsPerMap: daily.maxNewRecordsPerMap, inaccurateThreshold: daily.inaccurateThreshold,
            dailyTopN: daily.topN)
        return [
            Route(
                "GET", "/api/v1/admin/config", auth: .admin,
                handler: GetAdminConfigHandler(config: repos.adminConfig, settings: settings)),
            Route(
                "PUT", "/api/v1/admin/config", auth: .admin,
                handler: UpdateAdminConfigHandler(config: repos.adminConfig, settings: settings)),
            Route("GET", "/api/v1/admin/users", auth: .admin, handler: GetAdminUsersHandler(reports: repos.reports)),
            Route(
                "PUT", "/api/v1/admin/users/alert-type", auth: .admin,
                handler: UpdateUserAlertTypeHandler(
                    users: repos.users, alerts: repos.alerts, sync: deps.watching.alertSync,
                    background: deps.watching.background)),
            Route(
                "GET", "/api/v1/admin/daily-overview", auth: .admin,
                handler: GetDailyOverviewHandler(history: repos.notificationHistory, alerts: repos.alerts)),
        ]
    }
}
