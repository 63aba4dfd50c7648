import Foundation
import RecordsCore

/// `GET /api/v1/driver/notifications` (R19): the caller's watched maps, newest first.
public struct GetDriverNotificationsHandler: Handler {
    private let notifications: any DriverNotificationRepository

    public init(notifications: any DriverNotificationRepository) {
        self.notifications = notifications
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        let caller = try context.requireCaller()
        let rows = try await notifications.notifications(userId: caller.userId)
        return .json(200, ["notifications": .array(rows.map(Self.entry))] as JSONValue)
    }

    static func entry(_ row: DriverNotification) -> JSONValue {
        [
            "id": .string(String(row.id)),
            "mapUid": .string(row.mapUid),
            "mapName": .string(row.mapName),
            "currentPosition": .int(row.currentPosition),
            "personalBest": .int(row.personalBest),
            "personalBestFormatted": .string(RecordTime.format(row.personalBest)),
            "status": .string(row.status.rawValue),
            "createdAt": .string(Timestamps.iso8601(row.createdAt)),
            "lastChecked": .string(Timestamps.iso8601(row.lastChecked)),
            "isActive": .bool(row.isActive),
        ]
    }
}
