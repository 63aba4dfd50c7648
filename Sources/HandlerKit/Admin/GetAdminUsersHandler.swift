import Foundation
import RecordsCore

/// `GET /api/v1/admin/users` (R24): every user with their most recent alert, newest user first.
public struct GetAdminUsersHandler: Handler {
    private let reports: any ReportRepository

    public init(reports: any ReportRepository) {
        self.reports = reports
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        _ = try context.requireCaller()
        let users: [JSONValue] = try await reports.adminUserSummaries().map { user in
            [
                "id": .int(user.id),
                "username": .string(user.username),
                "email": .string(user.email),
                "tm_username": .string(user.tmUsername),
                "created_at": .string(Timestamps.iso8601(user.createdAt)),
                "alert_type": .string(user.alertType?.rawValue ?? "none"),
                "alert_id": user.alertId.map(JSONValue.int) ?? .null,
                "map_count": .int(user.mapCount),
                "driver_notifications_count": .int(user.driverNotificationsCount),
                "alert_created_at": .string(user.alertCreatedAt.map(Timestamps.iso8601)),
            ]
        }
        return .json(
            200,
            [
                "message": "Users retrieved successfully", "users": .array(users), "total_users": .int(users.count),
            ] as JSONValue)
    }
}
