import Foundation
import PostgresNIO
import RecordsCore

/// A user's alerts (`GET /api/v1/users/alerts` on every MapperAlerts visit), as a named prepared
/// statement decoded by PostgresNIO directly.
///
/// Through SQLKit each of the ten rows' nine cells went through the Codable bridge, which cost more
/// CPU than the request's session check and JSON together; this is the same query as
/// ``SQLAlertRepository/alerts(userId:)``'s portable SQL, which SQLite and `PG_PREPARED_STATEMENTS=off` use.
struct AlertsByUserStatement: PostgresPreparedStatement {
    static let name = "recordsw_alerts_by_user_v1"
    static let sql = """
        SELECT id, user_id, username, email, created_at, alert_type, map_count, record_filter, updated_at
        FROM alerts WHERE user_id = $1 ORDER BY created_at DESC, id DESC
        """
    static let bindingDataTypes: [PostgresDataType] = [.int8]

    typealias Row = Alert

    let userId: Int

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 1)
        bindings.append(userId)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Alert {
        let (id, userId, username, email, createdAt, alertType, mapCount, recordFilter, updatedAt) = try row.decode(
            (Int, Int, String, String, Date?, String?, Int?, String, Date?).self)
        return try SQLAlertRepository.alert(
            id: id, userId: userId, username: username, email: email, createdAt: createdAt, alertType: alertType,
            mapCount: mapCount, recordFilter: recordFilter, updatedAt: updatedAt)
    }
}
