import HandlerKit

extension RouteTable {
    /// Driver notifications: the caller's own top-5 positions, and the map search to pick them (R18–R21).
    static func driver(_ deps: AppDependencies) -> [Route] {
        let repos = deps.repositories
        let watching = deps.watching
        let limiter = RequestLimiter(store: repos.rateLimits)
        // R18 answered `{"error":"Unauthorized"}`.
        let driverSearchAuth = signedIn(refusing: HandlerError(401, "Unauthorized"))
        return [
            Route(
                "GET", "/api/v1/driver/maps/search", auth: driverSearchAuth,
                handler: DriverMapSearchHandler(exchange: watching.exchange, limiter: limiter)),
            Route(
                "GET", "/api/v1/driver/notifications", errorKey: "msg", auth: AuthRequirement.user.reusingRecentCheck,
                headers: Route.strictTransport,
                handler: GetDriverNotificationsHandler(notifications: repos.driverNotifications)),
            Route(
                "POST", "/api/v1/driver/notifications", errorKey: "msg", auth: .user, headers: Route.strictTransport,
                handler: CreateDriverNotificationHandler(
                    notifications: repos.driverNotifications, leaderboards: watching.leaderboards, limiter: limiter)),
            Route(
                "DELETE", "/api/v1/driver/notifications/:id", errorKey: "msg", auth: .user,
                headers: Route.strictTransport,
                handler: DeleteDriverNotificationHandler(notifications: repos.driverNotifications, limiter: limiter)),
        ]
    }
}
