import Foundation
import Logging
import RecordsCore
import Storage

extension Database {
    /// Opens the database a configuration names: PostgreSQL for a URL, else the embedded SQLite file.
    /// PostgreSQL does not connect until ``Database/run()``.
    /// - Parameters:
    ///   - metrics: Counts PostgreSQL connection leases and lease timeouts.
    ///   - statementTimeout: How long a leased PostgreSQL connection may be used (`PG_STATEMENT_TIMEOUT_SECONDS`).
    public static func open(
        _ setting: AppConfig.DatabaseSetting, logger: Logger, metrics: RecordsMetrics = .disabled,
        statementTimeout: Duration = Database.defaultStatementTimeout
    ) async throws -> Database {
        switch setting {
        case .postgres(let url, let preparedStatements):
            return try Database.postgres(
                url: url, logger: logger, statementTimeout: statementTimeout, preparedStatements: preparedStatements,
                metrics: metrics)
        case .sqlite(let path):
            return try await Database.sqlite(path: path, logger: logger)
        }
    }
}

extension AppConfig.DatabaseSetting {
    /// Where the data is, for messages: the PostgreSQL host, port, database and user (never the
    /// password), or the SQLite file.
    public var location: String {
        switch self {
        case .sqlite(let path):
            return "the SQLite file \(path)"
        case .postgres(let url, _):
            guard let parts = URLComponents(string: url), let host = parts.host, !host.isEmpty else {
                return "the PostgreSQL database (the URL could not be read)"
            }
            let database = parts.path.split(separator: "/").first.map(String.init) ?? parts.user ?? "postgres"
            var text = "the PostgreSQL database \(database) at \(host):\(parts.port ?? 5432)"
            if let user = parts.user, !user.isEmpty { text += " as \(user)" }
            return text
        }
    }
}
