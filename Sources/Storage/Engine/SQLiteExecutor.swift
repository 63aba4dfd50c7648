import Logging
import RecordsCore
import SQLKit
import SQLiteKit
import SQLiteNIO

/// Runs SQL on the one connection to the SQLite file, one statement or transaction at a time.
///
/// Queries are never logged: SQLKit's query log carries every bind (password hashes, emails, access
/// tokens, webhook URLs), which no log level may show (docs/security.md).
struct SQLiteExecutor: SQLExecutor {
    let connection: SQLiteConnection
    let mutex = AsyncMutex()

    var kind: StoreKind { .sqlite }

    /// Opens (creating if needed) the database file and sets the pragmas every connection needs.
    static func open(path: String, logger: Logger) async throws -> SQLiteExecutor {
        let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        let db = connection.sql(queryLogLevel: nil)
        // Foreign keys are off by default in SQLite; the schema's ON DELETE CASCADE relies on them.
        try await db.raw("PRAGMA foreign_keys = ON").run()
        try await db.raw("PRAGMA journal_mode = WAL").run()
        // Another process (e.g. `recordsw migrate`) may hold the write lock for a moment.
        try await db.raw("PRAGMA busy_timeout = 5000").run()
        return SQLiteExecutor(connection: connection)
    }

    func withDatabase<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let connection = self.connection
        return try await StoreErrorMapping.mapping {
            try await mutex.withLock { try await body(connection.sql(queryLogLevel: nil)) }
        }
    }

    func withTransaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    {
        let connection = self.connection
        return try await StoreErrorMapping.mapping {
            try await mutex.withLock {
                let db = connection.sql(queryLogLevel: nil)
                try await Self.control("BEGIN IMMEDIATE", on: db)
                do {
                    let value = try await body(db)
                    try await Self.control("COMMIT", on: db)
                    return value
                } catch {
                    try? await Self.control("ROLLBACK", on: db)
                    throw error
                }
            }
        }
    }

    func close() async throws {
        let connection = self.connection
        try await mutex.withLock { try await connection.close() }
    }
}
