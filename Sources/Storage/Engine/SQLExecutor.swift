import RecordsCore
import SQLKit

/// Runs SQL on one of the two databases: a leased pooled connection (PostgreSQL) or the single
/// serialised connection (SQLite). Every error leaving it is already mapped to `StoreError` where one applies.
protocol SQLExecutor: Sendable {
    /// Which database this is.
    var kind: StoreKind { get }

    /// Runs `body` on one connection, outside a transaction.
    func withDatabase<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T

    /// Runs `body` in a transaction on one connection; commits when it returns, rolls back when it throws.
    /// On SQLite the transaction is `BEGIN IMMEDIATE`, so it holds the write lock from the start.
    func withTransaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T

    /// Closes connections that are not owned by a running pool.
    func close() async throws
}

extension SQLExecutor {
    /// Runs a transaction's `BEGIN`, `COMMIT` or `ROLLBACK` even when the calling task is cancelled
    /// (a scheduled Lambda slice at its deadline, a server stopping): a cancelled task's statement may
    /// fail before it reaches the database, and a connection left inside its transaction refuses
    /// every later `BEGIN` on SQLite (the one connection) or keeps its locks on PostgreSQL.
    static func control(_ statement: SQLQueryString, on db: any SQLDatabase) async throws {
        try await Task.detached { try await db.raw(statement).run() }.value
    }
}
