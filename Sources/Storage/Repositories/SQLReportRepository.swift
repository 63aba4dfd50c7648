import Foundation
import RecordsCore
import SQLKit

/// `ReportRepository`: read-only aggregates for the admin and stats routes.
struct SQLReportRepository: ReportRepository {
    let store: SQLStore

    func adminUserSummaries() async throws -> [AdminUserSummary] {
        // The most recent alert per user (ties to the higher id), and per-user counts, in one statement.
        try await store.rows(
            """
            SELECT u.id, u.username, u.email, u.tm_username, u.created_at,
                   a.id AS alert_id, a.alert_type, a.created_at AS alert_created_at, a.map_count,
                   (SELECT count(*) FROM driver_notifications dn WHERE dn.user_id = u.id) AS driver_count
            FROM users u
            LEFT JOIN alerts a ON a.id = (
                SELECT b.id FROM alerts b WHERE b.user_id = u.id ORDER BY b.created_at DESC, b.id DESC LIMIT 1)
            ORDER BY u.created_at DESC, u.id DESC
            """
        ).map { row in
            let alertId = try row.optionalInt("alert_id")
            return AdminUserSummary(
                id: try row.int("id"),
                username: try row.optionalString("username"),
                email: try row.string("email"),
                tmUsername: try row.optionalString("tm_username"),
                createdAt: try row.optionalDate("created_at") ?? Date(timeIntervalSince1970: 0),
                alertType: alertId == nil ? nil : AlertType(rawValue: try row.optionalString("alert_type") ?? ""),
                alertId: alertId,
                alertCreatedAt: try row.optionalDate("alert_created_at"),
                mapCount: try row.optionalInt("map_count") ?? 0,
                driverNotificationsCount: try row.int("driver_count")
            )
        }
    }

    func siteStats() async throws -> SiteStats {
        // Sent mapper alerts come from the trigger-kept counter (migration 0013): counting
        // notification_history would cost more with every email ever sent. users (capped by
        // max_users_registration) and driver_notifications stay small enough to count.
        let row = try await store.first(
            """
            SELECT (SELECT count(*) FROM users) AS users,
                   (SELECT COALESCE(max(value), 0) FROM site_counters WHERE name = 'mapper_alerts_sent')
                       AS alerts_sent,
                   (SELECT count(*) FROM driver_notifications) AS watched
            """)
        guard let row else { throw StoreInvariantError(reason: "aggregate query gave no row") }
        return SiteStats(
            totalUsers: try row.int("users"),
            totalAlertsSent: try row.int("alerts_sent"),
            mapsBeingWatched: try row.int("watched")
        )
    }
}
