import Foundation
import RecordsCore
import SQLKit

/// `NotificationHistoryRepository` over `notification_history`.
struct SQLNotificationHistoryRepository: NotificationHistoryRepository {
    let store: SQLStore

    private var columns: SQLQueryString {
        """
        id, user_id, username, notification_type, status, message, records_found, \
        \(store.dayColumn("processing_date")) AS processing_day, created_at
        """
    }

    func record(_ entry: NewNotificationHistoryEntry, now: Date) async throws -> NotificationHistoryEntry {
        let row = try await store.first(
            """
            INSERT INTO notification_history
                (user_id, username, notification_type, status, message, records_found, processing_date, created_at)
            VALUES (\(bind: entry.userId), \(bind: entry.username), \(bind: entry.kind.rawValue),
                    \(bind: entry.status.rawValue), \(bind: entry.message), \(bind: entry.recordsFound),
                    \(store.day(entry.processingDate)), \(store.time(now)))
            RETURNING \(columns)
            """)
        guard let row else { throw StoreInvariantError(reason: "INSERT … RETURNING gave no row") }
        return try Self.entry(from: row)
    }

    func history(userId: Int, since: String) async throws -> [NotificationHistoryEntry] {
        if let postgres = store.preparing {
            return try await postgres.prepared(HistoryByUserStatement(userId: userId, since: since))
        }
        return try await store.rows(
            """
            SELECT \(columns) FROM notification_history
            WHERE user_id = \(bind: userId) AND processing_date >= \(store.day(since))
            ORDER BY processing_date DESC, created_at, id
            """
        ).map(Self.entry(from:))
    }

    func history(since: String) async throws -> [NotificationHistoryEntry] {
        try await store.rows(
            """
            SELECT \(columns) FROM notification_history
            WHERE processing_date >= \(store.day(since))
            ORDER BY processing_date DESC, created_at, id
            """
        ).map(Self.entry(from:))
    }

    func count(kind: NotificationKind, status: NotificationOutcome) async throws -> Int {
        try await store.first(
            """
            SELECT count(*) AS n FROM notification_history
            WHERE notification_type = \(bind: kind.rawValue) AND status = \(bind: status.rawValue)
            """
        )?.int("n") ?? 0
    }

    static func entry(from row: SQLStoreRow) throws -> NotificationHistoryEntry {
        try entry(
            id: try row.int("id"), userId: try row.int("user_id"), username: try row.string("username"),
            kind: try row.string("notification_type"), status: try row.string("status"),
            message: try row.optionalString("message"), recordsFound: try row.optionalInt("records_found"),
            processingDate: try row.string("processing_day"), createdAt: try row.optionalDate("created_at"))
    }

    /// An entry from its columns as stored, with the original schema's defaults for its nullable ones;
    /// shared by the portable SQL and ``HistoryByUserStatement``.
    static func entry(
        id: Int, userId: Int, username: String, kind: String, status: String, message: String?, recordsFound: Int?,
        processingDate: String, createdAt: Date?
    ) throws -> NotificationHistoryEntry {
        guard let kind = NotificationKind(rawValue: kind), let status = NotificationOutcome(rawValue: status) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: [], debugDescription: "notification_history holds an unknown type or status"))
        }
        return NotificationHistoryEntry(
            id: id, userId: userId, username: username, kind: kind, status: status, message: message,
            recordsFound: recordsFound ?? 0, processingDate: processingDate,
            createdAt: createdAt ?? Date(timeIntervalSince1970: 0))
    }
}
