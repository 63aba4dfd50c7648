import HandlerKit

extension RouteTable {
    /// Mapper alerts: records set on the caller's own maps (R5–R8), answered under `msg` as the original.
    static func alerts(_ deps: AppDependencies) -> [Route] {
        let repos = deps.repositories
        let watching = deps.watching
        let limiter = RequestLimiter(store: repos.rateLimits)
        // R6's frontend reads `message`; authentication failures carry it beside `msg` too.
        let createAlertAuth = signedIn(
            refusing: HandlerError(
                401, "Unauthorized - invalid or missing token",
                extra: ["message": "Unauthorized - invalid or missing token"]))
        return [
            Route(
                "GET", "/api/v1/users/alerts", errorKey: "msg", auth: AuthRequirement.user.reusingRecentCheck,
                headers: Route.strictTransport, handler: GetAlertsHandler(alerts: repos.alerts)),
            Route(
                "POST", "/api/v1/users/alerts", errorKey: "msg", auth: createAlertAuth, headers: Route.strictTransport,
                handler: CreateAlertHandler(
                    alerts: repos.alerts, sync: watching.alertSync, background: watching.background, limiter: limiter)),
            Route(
                "PUT", "/api/v1/users/alerts/:id", errorKey: "msg", auth: .user, headers: Route.strictTransport,
                handler: UpdateAlertHandler(alerts: repos.alerts, limiter: limiter)),
            Route(
                "DELETE", "/api/v1/users/alerts/:id", errorKey: "msg", auth: .user, headers: Route.strictTransport,
                handler: DeleteAlertHandler(alerts: repos.alerts, limiter: limiter)),
        ]
    }
}
