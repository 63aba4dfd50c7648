import Foundation
import HandlerKit

extension RouteTable {
    /// The caller's recent news with its freshness (issue 23, docs/live-watching.md).
    static func news(_ deps: AppDependencies) -> [Route] {
        [
            Route(
                "GET", "/api/v1/users/news", auth: AuthRequirement.user,
                handler: GetNewsHandler(
                    news: deps.repositories.news, displayNames: deps.repositories.displayNames,
                    nameLifetime: TimeInterval(deps.config.trackmania.displayNameLifetime.components.seconds)))
        ]
    }
}
