import PostgresNIO
import RecordsCore
import SQLKit

/// A named lock held as a PostgreSQL session advisory lock on one leased connection for the body's
/// duration; if the holder dies, the server drops the connection and with it the lock.
struct PostgresAdvisoryLock: NamedLock {
    let executor: PostgresExecutor

    /// The first key of the two-key advisory lock space, so our named locks cannot collide with
    /// the migrator's or the transaction locks the repositories take.
    private static let namespace: Int32 = 7_310_100

    func withLock<T: Sendable>(_ name: String, _ body: @Sendable () async throws -> T) async throws -> T? {
        try await StoreErrorMapping.mapping {
            try await executor.client.withConnection { connection in
                let db = connection.sql(queryLogLevel: nil, logger: executor.logger)
                let row = try await db.raw(
                    "SELECT pg_try_advisory_lock(\(bind: Self.namespace), hashtext(\(bind: name))) AS locked"
                ).first()
                guard let row, try row.decode(column: "locked", as: Bool.self) else { return nil }
                do {
                    let value = try await body()
                    try await Self.unlock(name, db)
                    return value
                } catch {
                    try? await Self.unlock(name, db)
                    throw error
                }
            }
        }
    }

    private static func unlock(_ name: String, _ db: any SQLDatabase) async throws {
        try await db.raw("SELECT pg_advisory_unlock(\(bind: namespace), hashtext(\(bind: name)))").run()
    }
}
