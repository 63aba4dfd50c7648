import HandlerKit

extension RouteTable {
    /// The caller's daily-run outcomes (R27); an admin's answer carries every user's.
    static func history(_ deps: AppDependencies) -> [Route] {
        [
            Route(
                "GET", "/api/v1/notification-history", auth: AuthRequirement.userWithAdminBodies.reusingRecentCheck,
                handler: GetNotificationHistoryHandler(history: deps.repositories.notificationHistory))
        ]
    }
}
