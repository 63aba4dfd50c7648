import Foundation
import Logging
import RecordsCore
import SQLKit

/// The query layer shared by every repository: runs parameterised SQL through the executor and writes the
/// few values whose SQL differs between PostgreSQL and SQLite (timestamps, dates, JSON).
struct SQLStore: Sendable {
    let executor: any SQLExecutor
    let logger: Logger
    /// The PostgreSQL executor when named prepared statements are allowed; `nil` on SQLite and when
    /// they are turned off, where repositories use their portable SQL instead.
    let preparing: PostgresExecutor?

    init(executor: any SQLExecutor, logger: Logger) {
        self.executor = executor
        self.logger = logger
        let postgres = executor as? PostgresExecutor
        preparing = postgres?.preparedStatements == true ? postgres : nil
    }

    var kind: StoreKind { executor.kind }

    /// This store without the PostgreSQL statement deadline, for migrations: rewriting a large table
    /// may take longer than any request should wait.
    var withoutStatementDeadline: SQLStore {
        guard var postgres = executor as? PostgresExecutor else { return self }
        postgres.statementTimeout = nil
        return SQLStore(executor: postgres, logger: logger)
    }

    /// The rows of one statement, in one round trip on PostgreSQL.
    func rows(_ query: SQLQueryString) async throws -> [SQLStoreRow] {
        let kind = self.kind
        return try await executor.withDatabase { db in
            try await db.raw(query).all().map { SQLStoreRow(row: $0, kind: kind) }
        }
    }

    /// The first row of one statement, or `nil`.
    func first(_ query: SQLQueryString) async throws -> SQLStoreRow? {
        try await rows(query).first
    }

    /// Runs a statement that returns no rows.
    func run(_ query: SQLQueryString) async throws {
        try await executor.withDatabase { db in try await db.raw(query).run() }
    }

    /// Runs `body` in a transaction.
    func transaction<T: Sendable>(_ body: @escaping @Sendable (SQLTransaction) async throws -> T) async throws -> T {
        let kind = self.kind
        return try await executor.withTransaction { db in try await body(SQLTransaction(db: db, kind: kind)) }
    }

    // MARK: Dialect-specific fragments

    /// A timestamp value for a `timestamp without time zone` column holding UTC wall-clock time.
    func time(_ date: Date) -> SQLQueryString { Self.time(date, kind: kind) }

    /// A `YYYY-MM-DD` value for a `date` column.
    func day(_ day: String) -> SQLQueryString { Self.day(day, kind: kind) }

    /// JSON text for a `jsonb` column.
    func json(_ text: String) -> SQLQueryString { Self.json(text, kind: kind) }

    /// Reads a `date` column as `YYYY-MM-DD` text.
    func dayColumn(_ column: String) -> SQLQueryString { Self.dayColumn(column, kind: kind) }

    static func time(_ date: Date, kind: StoreKind) -> SQLQueryString {
        switch kind {
        // The bind is a timestamptz; converting it explicitly keeps the session time zone out of it.
        case .postgres: "(\(bind: date) AT TIME ZONE 'UTC')"
        case .sqlite: "\(bind: UTCTimestamp.format(date))"
        }
    }

    static func day(_ day: String, kind: StoreKind) -> SQLQueryString {
        switch kind {
        case .postgres: "CAST(\(bind: day) AS date)"
        case .sqlite: "\(bind: day)"
        }
    }

    static func json(_ text: String, kind: StoreKind) -> SQLQueryString {
        switch kind {
        case .postgres: "CAST(\(bind: text) AS jsonb)"
        case .sqlite: "\(bind: text)"
        }
    }

    static func dayColumn(_ column: String, kind: StoreKind) -> SQLQueryString {
        switch kind {
        case .postgres: "to_char(\(unsafeRaw: column), 'YYYY-MM-DD')"
        case .sqlite: "\(unsafeRaw: column)"
        }
    }
}

/// One connection inside a transaction, with the same helpers as ``SQLStore``.
struct SQLTransaction: Sendable {
    let db: any SQLDatabase
    let kind: StoreKind

    func rows(_ query: SQLQueryString) async throws -> [SQLStoreRow] {
        try await db.raw(query).all().map { SQLStoreRow(row: $0, kind: kind) }
    }

    func first(_ query: SQLQueryString) async throws -> SQLStoreRow? {
        try await rows(query).first
    }

    func run(_ query: SQLQueryString) async throws {
        try await db.raw(query).run()
    }

    func time(_ date: Date) -> SQLQueryString { SQLStore.time(date, kind: kind) }
    func day(_ day: String) -> SQLQueryString { SQLStore.day(day, kind: kind) }
    func json(_ text: String) -> SQLQueryString { SQLStore.json(text, kind: kind) }
    func dayColumn(_ column: String) -> SQLQueryString { SQLStore.dayColumn(column, kind: kind) }
}

/// A result row with typed accessors that hide how each database returns a type.
struct SQLStoreRow: Sendable {
    let row: any SQLRow
    let kind: StoreKind

    func isNull(_ column: String) throws -> Bool {
        try row.decodeNil(column: column)
    }

    func int(_ column: String) throws -> Int {
        try row.decode(column: column, as: Int.self)
    }

    func int64(_ column: String) throws -> Int64 {
        try row.decode(column: column, as: Int64.self)
    }

    func optionalInt(_ column: String) throws -> Int? {
        try isNull(column) ? nil : int(column)
    }

    func string(_ column: String) throws -> String {
        try row.decode(column: column, as: String.self)
    }

    func optionalString(_ column: String) throws -> String? {
        try isNull(column) ? nil : string(column)
    }

    func bool(_ column: String) throws -> Bool {
        switch kind {
        case .postgres: try row.decode(column: column, as: Bool.self)
        case .sqlite: try int(column) != 0
        }
    }

    func date(_ column: String) throws -> Date {
        switch kind {
        case .postgres:
            return try row.decode(column: column, as: Date.self)
        case .sqlite:
            let text = try string(column)
            guard let date = UTCTimestamp.parse(text) else {
                throw DecodingError.dataCorrupted(
                    .init(codingPath: [], debugDescription: "column \(column) is not a timestamp"))
            }
            return date
        }
    }

    func optionalDate(_ column: String) throws -> Date? {
        try isNull(column) ? nil : date(column)
    }

    /// Decodes a text column into a `RawRepresentable` enum.
    func value<E: RawRepresentable>(_ column: String, as type: E.Type) throws -> E where E.RawValue == String {
        let raw = try string(column)
        guard let value = E(rawValue: raw) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: [], debugDescription: "column \(column) holds an unknown value"))
        }
        return value
    }
}
