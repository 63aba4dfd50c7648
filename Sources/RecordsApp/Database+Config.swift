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
