import HandlerKit

extension RouteTable {
    /// Mapper alerts, driver notifications, map searches and latest records (R3–R8, R17–R21).
    /// Every route needs a signed-in caller (the original left R3, R4 and R17 open).
    static func watching(_ deps: AppDependencies) -> [Route] {
        let repos = deps.repositories
        let watching = deps.watching
        let limiter = RequestLimiter(store: repos.rateLimits)
        let users = "/api/v1/users"
        let driver = "/api/v1/driver"
        let worker = watching.mapSearchWorker
        // R6's frontend reads `message`; authentication failures carry it beside `msg` too.
        let createAlertAuth: AuthRequirement = {
            let failure = HandlerError(
                401, "Unauthorized - invalid or missing token",
                extra: ["message": "Unauthorized - invalid or missing token"])
            return AuthRequirement(level: .user, missing: failure, invalid: failure)
        }()
        // R18 answered `{"error":"Unauthorized"}`.
        let driverSearchAuth: AuthRequirement = {
            let failure = HandlerError(401, "Unauthorized")
            return AuthRequirement(level: .user, missing: failure, invalid: failure)
        }()
        return [
            Route(
                "GET", "\(users)/maps", errorKey: "error", auth: .user,
                handler: StartMapSearchHandler(
                    jobs: repos.mapSearchJobs, limiter: limiter, limits: deps.config.mapSearch.limits,
                    jobQueued: { worker.jobQueued() })),
            Route(
                "GET", "\(users)/maps/status/:jobId", errorKey: "error", auth: .user,
                handler: MapSearchStatusHandler(jobs: repos.mapSearchJobs, limiter: limiter)),
            Route(
                "GET", "\(users)/alerts", auth: AuthRequirement.user.reusingRecentCheck, headers: Route.strictTransport,
                handler: GetAlertsHandler(alerts: repos.alerts)),
            Route(
                "POST", "\(users)/alerts", auth: createAlertAuth, headers: Route.strictTransport,
                handler: CreateAlertHandler(
                    alerts: repos.alerts, sync: watching.alertSync, background: watching.background, limiter: limiter)),
            Route(
                "PUT", "\(users)/alerts/:id", auth: .user, headers: Route.strictTransport,
                handler: UpdateAlertHandler(alerts: repos.alerts, limiter: limiter)),
            Route(
                "DELETE", "\(users)/alerts/:id", auth: .user, headers: Route.strictTransport,
                handler: DeleteAlertHandler(alerts: repos.alerts, limiter: limiter)),
            Route(
                "GET", "/api/v1/records/latest", errorKey: "error", auth: .user,
                handler: LatestRecordsHandler(leaderboards: watching.leaderboards, limiter: limiter)),
            Route(
                "GET", "\(driver)/maps/search", errorKey: "error", auth: driverSearchAuth,
                handler: DriverMapSearchHandler(exchange: watching.exchange, limiter: limiter)),
            Route(
                "GET", "\(driver)/notifications", auth: AuthRequirement.user.reusingRecentCheck,
                headers: Route.strictTransport,
                handler: GetDriverNotificationsHandler(notifications: repos.driverNotifications)),
            Route(
                "POST", "\(driver)/notifications", auth: .user, headers: Route.strictTransport,
                handler: CreateDriverNotificationHandler(
                    notifications: repos.driverNotifications, leaderboards: watching.leaderboards, limiter: limiter)),
            Route(
                "DELETE", "\(driver)/notifications/:id", auth: .user, headers: Route.strictTransport,
                handler: DeleteDriverNotificationHandler(notifications: repos.driverNotifications, limiter: limiter)),
        ]
    }
}
