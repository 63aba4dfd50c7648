import Logging
import RecordsCore
import Storage

extension Database {
    /// Opens the database a configuration names: PostgreSQL for a URL, else the embedded SQLite file.
    /// PostgreSQL does not connect until ``Database/run()``.
    /// - Parameter metrics: Counts PostgreSQL connection leases and lease timeouts.
    public static func open(
        _ setting: AppConfig.DatabaseSetting, logger: Logger, metrics: RecordsMetrics = .disabled
    ) async throws -> Database {
        switch setting {
        case .postgres(let url, let preparedStatements):
            return try Database.postgres(
                url: url, logger: logger, preparedStatements: preparedStatements, metrics: metrics)
        case .sqlite(let path):
            return try await Database.sqlite(path: path, logger: logger)
        }
    }
}
