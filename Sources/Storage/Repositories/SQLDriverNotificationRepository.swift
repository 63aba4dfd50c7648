import Foundation
import RecordsCore
import SQLKit

/// `DriverNotificationRepository` over `driver_notifications`.
struct SQLDriverNotificationRepository: DriverNotificationRepository {
    let store: SQLStore

    static let columns = """
        id, user_id, map_uid, map_name, current_position, personal_best, status, is_active, created_at, \
        updated_at, last_checked
        """

    func notifications(userId: Int) async throws -> [DriverNotification] {
        if let postgres = store.preparing {
            return try await postgres.prepared(DriverNotificationsByUserStatement(userId: userId))
        }
        return try await store.rows(
            """
            SELECT \(unsafeRaw: Self.columns) FROM driver_notifications WHERE user_id = \(bind: userId)
            ORDER BY created_at DESC, id DESC
            """
        ).map(Self.notification(from:))
    }

    func create(_ notification: NewDriverNotification, now: Date) async throws -> DriverNotification {
        let row = try await store.first(
            """
            INSERT INTO driver_notifications
                (user_id, map_uid, map_name, current_position, personal_best, status, is_active,
                 created_at, updated_at, last_checked)
            VALUES (\(bind: notification.userId), \(bind: notification.mapUid), \(bind: notification.mapName),
                    \(bind: notification.position), \(bind: notification.personalBest), 'active', TRUE,
                    \(store.time(now)), \(store.time(now)), \(store.time(now)))
            RETURNING \(unsafeRaw: Self.columns)
            """)
        guard let row else { throw StoreInvariantError(reason: "INSERT … RETURNING gave no row") }
        return try Self.notification(from: row)
    }

    func delete(id: Int, userId: Int) async throws -> Bool {
        try await store.first(
            "DELETE FROM driver_notifications WHERE id = \(bind: id) AND user_id = \(bind: userId) RETURNING id"
        ) != nil
    }

    func watchers() async throws -> [DriverWatcher] {
        try await store.rows(
            """
            SELECT u.id, u.username, u.email, u.tm_username, u.tm_account_id FROM users u
            WHERE EXISTS (
                SELECT 1 FROM driver_notifications dn WHERE dn.user_id = u.id AND dn.is_active = TRUE)
            ORDER BY u.id
            """
        ).map { row in
            DriverWatcher(
                userId: try row.int("id"),
                username: try row.optionalString("username"),
                email: try row.string("email"),
                tmUsername: try row.optionalString("tm_username"),
                tmAccountId: try row.optionalString("tm_account_id")
            )
        }
    }

    func recordCheck(
        id: Int, position: Int, personalBest: Int, status: DriverNotificationStatus, now: Date
    ) async throws -> Bool {
        try await store.first(
            """
            UPDATE driver_notifications SET current_position = \(bind: position),
                personal_best = \(bind: personalBest), status = \(bind: status.rawValue),
                updated_at = \(store.time(now)), last_checked = \(store.time(now))
            WHERE id = \(bind: id) RETURNING id
            """
        ) != nil
    }

    func markChecked(ids: [Int], now: Date) async throws {
        guard !ids.isEmpty else { return }
        try await store.run(
            "UPDATE driver_notifications SET last_checked = \(store.time(now)) WHERE id IN (\(binds: ids))")
    }

    func count() async throws -> Int {
        try await store.first("SELECT count(*) AS n FROM driver_notifications")?.int("n") ?? 0
    }

    static func notification(from row: SQLStoreRow) throws -> DriverNotification {
        notification(
            id: try row.int("id"), userId: try row.int("user_id"), mapUid: try row.string("map_uid"),
            mapName: try row.string("map_name"), position: try row.int("current_position"),
            personalBest: try row.int("personal_best"), status: try row.optionalString("status"),
            isActive: try row.isNull("is_active") ? nil : row.bool("is_active"),
            createdAt: try row.optionalDate("created_at"), updatedAt: try row.optionalDate("updated_at"),
            lastChecked: try row.optionalDate("last_checked"))
    }

    /// A notification from its columns as stored, with the original schema's defaults for its nullable
    /// ones; shared by the portable SQL and ``DriverNotificationsByUserStatement``.
    static func notification(
        id: Int, userId: Int, mapUid: String, mapName: String, position: Int, personalBest: Int, status: String?,
        isActive: Bool?, createdAt: Date?, updatedAt: Date?, lastChecked: Date?
    ) -> DriverNotification {
        let epoch = Date(timeIntervalSince1970: 0)
        return DriverNotification(
            id: id, userId: userId, mapUid: mapUid, mapName: mapName, currentPosition: position,
            personalBest: personalBest, status: DriverNotificationStatus(rawValue: status ?? "active") ?? .active,
            isActive: isActive ?? true, createdAt: createdAt ?? epoch, updatedAt: updatedAt ?? epoch,
            lastChecked: lastChecked ?? epoch)
    }
}
