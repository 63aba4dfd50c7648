import Foundation
import RecordsCore
import SQLKit

/// `AdminConfigRepository` over `admin_config`.
struct SQLAdminConfigRepository: AdminConfigRepository {
    let store: SQLStore

    func value(forKey key: String) async throws -> String? {
        try await store.first("SELECT config_value FROM admin_config WHERE config_key = \(bind: key)")?
            .string("config_value")
    }

    func all() async throws -> [AdminConfigEntry] {
        try await store.rows(
            "SELECT config_key, config_value, description, updated_at FROM admin_config ORDER BY config_key"
        ).map { row in
            AdminConfigEntry(
                key: try row.string("config_key"),
                value: try row.string("config_value"),
                description: try row.optionalString("description"),
                updatedAt: try row.optionalDate("updated_at")
            )
        }
    }

    func set(key: String, value: String, description: String?, now: Date) async throws {
        try await store.run(
            """
            INSERT INTO admin_config (config_key, config_value, description, updated_at)
            VALUES (\(bind: key), \(bind: value), \(bind: description), \(store.time(now)))
            ON CONFLICT (config_key) DO UPDATE SET
                config_value = excluded.config_value,
                description = COALESCE(excluded.description, admin_config.description),
                updated_at = excluded.updated_at
            """)
    }
}
