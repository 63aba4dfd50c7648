import RecordsApp
import RecordsCore

/// The configured database could not be reached while a command started: one line naming where
/// it was looked for (never the password) and what to check, instead of `Error: unavailable`.
struct DatabaseUnreachable: Error, CustomStringConvertible {
    let description: String

    init(_ setting: AppConfig.DatabaseSetting) {
        switch setting {
        case .postgres:
            description =
                "cannot reach \(setting.location): check that the server is running and accepts connections "
                + "from this host, and the URL in NEON_DB_CONNECTION_STRING or DATABASE_URL (host, port, "
                + "database, user, password, sslmode)"
        case .sqlite:
            description =
                "cannot open \(setting.location): check that its folder exists and is writable by this user "
                + "(SQLITE_PATH)"
        }
    }
}

/// Runs `body`, turning the store's "unavailable" into ``DatabaseUnreachable`` for `config`'s database.
func reachingDatabase<T>(_ config: AppConfig, _ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch StoreError.unavailable {
        throw DatabaseUnreachable(config.database)
    }
}
