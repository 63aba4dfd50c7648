import Foundation
import RecordsCore

/// `GET /api/v1/stats` (R32): the landing page's public counters, in one query that reads a
/// trigger-kept counter instead of counting the notification history, reused for a few seconds
/// (see `docs/admin.md`).
public struct GetSiteStatsHandler: Handler {
    private let stats: SiteStatsCache

    public init(stats: SiteStatsCache) {
        self.stats = stats
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        let stats = try await stats.current()
        return .json(
            200,
            [
                "total_users": .int(stats.totalUsers), "total_alerts_sent": .int(stats.totalAlertsSent),
                "maps_being_watched": .int(stats.mapsBeingWatched),
            ] as JSONValue)
    }
}
