import Foundation
import RecordsCore
import SQLKit

/// `AlertRepository` over `alerts` and `alert_maps`.
struct SQLAlertRepository: AlertRepository {
    let store: SQLStore

    static let columns =
        "id, user_id, username, email, created_at, alert_type, map_count, record_filter, updated_at"

    func alerts(userId: Int) async throws -> [Alert] {
        if let postgres = store.preparing {
            return try await postgres.prepared(AlertsByUserStatement(userId: userId))
        }
        return try await store.rows(
            """
            SELECT \(unsafeRaw: Self.columns) FROM alerts WHERE user_id = \(bind: userId)
            ORDER BY created_at DESC, id DESC
            """
        ).map(Self.alert(from:))
    }

    func alert(id: Int) async throws -> Alert? {
        try await store.first("SELECT \(unsafeRaw: Self.columns) FROM alerts WHERE id = \(bind: id)")
            .map(Self.alert(from:))
    }

    func create(_ alert: NewAlert, now: Date) async throws -> Alert {
        let row = try await store.first(
            """
            INSERT INTO alerts (user_id, username, email, created_at, alert_type, map_count, record_filter, updated_at)
            VALUES (\(bind: alert.userId), \(bind: alert.username), \(bind: alert.email), \(store.time(now)),
                    \(bind: alert.alertType.rawValue), \(bind: alert.mapCount), \(bind: alert.recordFilter.rawValue),
                    \(store.time(now)))
            RETURNING \(unsafeRaw: Self.columns)
            """)
        guard let row else { throw StoreInvariantError(reason: "INSERT … RETURNING gave no row") }
        return try Self.alert(from: row)
    }

    func setRecordFilter(alertId: Int, userId: Int, filter: RecordFilter, now: Date) async throws -> Alert? {
        try await store.first(
            """
            UPDATE alerts SET record_filter = \(bind: filter.rawValue), updated_at = \(store.time(now))
            WHERE id = \(bind: alertId) AND user_id = \(bind: userId)
            RETURNING \(unsafeRaw: Self.columns)
            """
        ).map(Self.alert(from:))
    }

    func delete(alertId: Int, userId: Int) async throws -> Bool {
        try await store.transaction { tx in
            let maps = try await tx.rows("SELECT mapid FROM alert_maps WHERE alert_id = \(bind: alertId)")
                .map { try $0.string("mapid") }
            let deleted = try await tx.first(
                "DELETE FROM alerts WHERE id = \(bind: alertId) AND user_id = \(bind: userId) RETURNING id")
            guard deleted != nil else { return false }
            try await Self.deleteOrphanedPositions(maps, tx)
            return true
        }
    }

    func setAlertType(userId: Int, type: AlertType, now: Date) async throws -> [Alert] {
        try await store.transaction { tx in
            let updated = try await tx.rows(
                """
                UPDATE alerts SET alert_type = \(bind: type.rawValue), updated_at = \(tx.time(now))
                WHERE user_id = \(bind: userId)
                RETURNING \(unsafeRaw: Self.columns)
                """
            ).map(Self.alert(from:))
            if type == .accurate, !updated.isEmpty {
                let maps = try await tx.rows(
                    """
                    SELECT DISTINCT am.mapid FROM alert_maps am JOIN alerts a ON a.id = am.alert_id
                    WHERE a.user_id = \(bind: userId)
                    """
                ).map { try $0.string("mapid") }
                try await Self.deleteOrphanedPositions(maps, tx)
            }
            return updated.sorted { $0.id < $1.id }
        }
    }

    func setMapCount(alertId: Int, count: Int, now: Date) async throws {
        try await store.run(
            """
            UPDATE alerts SET map_count = \(bind: count), updated_at = \(store.time(now)) WHERE id = \(bind: alertId)
            """)
    }

    func mapUids(alertId: Int) async throws -> [String] {
        try await store.rows("SELECT mapid FROM alert_maps WHERE alert_id = \(bind: alertId) ORDER BY mapid")
            .map { try $0.string("mapid") }
    }

    func addMaps(alertId: Int, mapUids: [String]) async throws -> Int {
        guard !mapUids.isEmpty else { return 0 }
        return try await store.transaction { tx in
            var inserted = 0
            for uid in Set(mapUids).sorted() {
                let row = try await tx.first(
                    """
                    INSERT INTO alert_maps (alert_id, mapid) VALUES (\(bind: alertId), \(bind: uid))
                    ON CONFLICT (alert_id, mapid) DO NOTHING RETURNING mapid
                    """)
                if row != nil { inserted += 1 }
            }
            return inserted
        }
    }

    func totalMapCount() async throws -> Int {
        try await store.first("SELECT count(*) AS n FROM alert_maps")?.int("n") ?? 0
    }

    func alertsForDailyRun() async throws -> [Alert] {
        try await store.rows(
            """
            SELECT \(unsafeRaw: Self.columns) FROM alerts a
            WHERE a.id = (SELECT min(b.id) FROM alerts b WHERE b.user_id = a.user_id)
            ORDER BY a.user_id
            """
        ).map(Self.alert(from:))
    }

    /// Deletes the probe baselines of `maps` that no inaccurate alert covers any more: `map_positions` is shared
    /// by every alert on a map, so removing one alert must not erase another's baseline (contract §9 #44).
    static func deleteOrphanedPositions(_ maps: [String], _ tx: SQLTransaction) async throws {
        guard !maps.isEmpty else { return }
        try await tx.run(
            """
            DELETE FROM map_positions
            WHERE map_uid IN (\(binds: maps))
              AND NOT EXISTS (
                SELECT 1 FROM alert_maps am JOIN alerts a ON a.id = am.alert_id
                WHERE am.mapid = map_positions.map_uid AND a.alert_type = 'inaccurate')
            """)
    }

    static func alert(from row: SQLStoreRow) throws -> Alert {
        try alert(
            id: try row.int("id"), userId: try row.int("user_id"), username: try row.string("username"),
            email: try row.string("email"), createdAt: try row.optionalDate("created_at"),
            alertType: try row.optionalString("alert_type"), mapCount: try row.optionalInt("map_count"),
            recordFilter: try row.string("record_filter"), updatedAt: try row.optionalDate("updated_at"))
    }

    /// An alert from its columns as stored, with the original schema's defaults for its nullable ones;
    /// shared by the portable SQL and ``AlertsByUserStatement``.
    static func alert(
        id: Int, userId: Int, username: String, email: String, createdAt: Date?, alertType: String?, mapCount: Int?,
        recordFilter: String, updatedAt: Date?
    ) throws -> Alert {
        guard let filter = RecordFilter(rawValue: recordFilter) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: [], debugDescription: "column record_filter holds an unknown value"))
        }
        return Alert(
            id: id, userId: userId, username: username, email: email,
            createdAt: createdAt ?? Date(timeIntervalSince1970: 0),
            alertType: AlertType(rawValue: alertType ?? "accurate") ?? .accurate, mapCount: mapCount ?? 0,
            recordFilter: filter, updatedAt: updatedAt)
    }
}
