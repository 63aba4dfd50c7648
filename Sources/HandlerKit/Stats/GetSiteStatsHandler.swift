import Foundation
import RecordsCore

/// `GET /api/v1/stats` (R32): the landing page's public counters, in one query that reads a
/// trigger-kept counter instead of counting the notification history (see `docs/admin.md`).
public struct GetSiteStatsHandler: Handler {
    private let reports: any ReportRepository

    public init(reports: any ReportRepository) {
        self.reports = reports
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        let stats = try await reports.siteStats()
        return .json(
            200,
            [
                "total_users": .int(stats.totalUsers), "total_alerts_sent": .int(stats.totalAlertsSent),
                "maps_being_watched": .int(stats.mapsBeingWatched),
            ] as JSONValue)
    }
}
