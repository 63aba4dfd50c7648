import Foundation
import PostgresNIO
import RecordsCore

/// A user's notification history since a day (`GET /api/v1/notification-history`, the strip of
/// MapperAlerts), as a named prepared statement decoded by PostgresNIO directly; the same query as
/// the portable SQL of ``SQLNotificationHistoryRepository/history(userId:since:)`` (see
/// ``AlertsByUserStatement`` for why).
///
/// The first day is read through a sub-select so that the planner cannot see its value: given the
/// value, PostgreSQL found a custom plan cheaper than the generic one (whose row estimate for an
/// unknown range is a third of the user's rows) and planned every execution again, which cost more
/// than running the query. Both plans are the same index scan on (user_id, processing_date).
/// The day is read as a `date` and written as `YYYY-MM-DD` here: `to_char` cost PostgreSQL about
/// a microsecond per row.
struct HistoryByUserStatement: PostgresPreparedStatement {
    static let name = "recordsw_history_by_user_v3"
    static let sql = """
        SELECT id, user_id, username, notification_type, status, message, records_found, processing_date, created_at
        FROM notification_history
        WHERE user_id = $1 AND processing_date >= (SELECT CAST($2 AS date))
        ORDER BY processing_date DESC, created_at, id
        """
    static let bindingDataTypes: [PostgresDataType] = [.int8, .text]

    typealias Row = NotificationHistoryEntry

    let userId: Int
    /// `YYYY-MM-DD`, UTC.
    let since: String

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 2)
        bindings.append(userId)
        bindings.append(since)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> NotificationHistoryEntry {
        let (id, userId, username, kind, status, message, recordsFound, day, createdAt) = try row.decode(
            (Int, Int, String, String, String, String?, Int?, Date, Date?).self)
        return try SQLNotificationHistoryRepository.entry(
            id: id, userId: userId, username: username, kind: kind, status: status, message: message,
            recordsFound: recordsFound, processingDate: Timestamps.utcDay(day), createdAt: createdAt)
    }
}
