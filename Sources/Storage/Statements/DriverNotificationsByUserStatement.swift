import Foundation
import PostgresNIO
import RecordsCore

/// A user's driver notifications (`GET /api/v1/driver/notifications`, the DriverPage), as a named
/// prepared statement decoded by PostgresNIO directly; the same query as the portable SQL of
/// ``SQLDriverNotificationRepository/notifications(userId:)`` (see ``AlertsByUserStatement`` for why).
struct DriverNotificationsByUserStatement: PostgresPreparedStatement {
    static let name = "recordsw_driver_notifications_by_user_v1"
    static let sql = """
        SELECT id, user_id, map_uid, map_name, current_position, personal_best, status, is_active, created_at,
               updated_at, last_checked
        FROM driver_notifications WHERE user_id = $1 ORDER BY created_at DESC, id DESC
        """
    static let bindingDataTypes: [PostgresDataType] = [.int8]

    typealias Row = DriverNotification

    let userId: Int

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(userId)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> DriverNotification {
        let (
            id, userId, mapUid, mapName, position, personalBest, status, isActive, createdAt, updatedAt, lastChecked
        ) = try row.decode((Int, Int, String, String, Int, Int, String?, Bool?, Date?, Date?, Date?).self)
        return SQLDriverNotificationRepository.notification(
            id: id, userId: userId, mapUid: mapUid, mapName: mapName, position: position, personalBest: personalBest,
            status: status, isActive: isActive, createdAt: createdAt, updatedAt: updatedAt, lastChecked: lastChecked)
    }
}
