import Foundation
import Logging
import RecordsCore

/// Brings a database to the current schema: the original tables when they are missing, then every
/// migration not yet recorded in `schema_migrations`, each in its own transaction.
struct Migrator: Sendable {
    let store: SQLStore

    /// The advisory-lock key that serialises migrators of several instances (PostgreSQL).
    private static let lockKey = 7_310_001

    /// Applies what is missing; returns the names applied (`init` for the original schema).
    func migrate(logger: Logger) async throws -> [String] {
        let kind = store.kind
        let initStatements = try SchemaFiles.initStatements(for: kind)
        let migrations = try SchemaFiles.migrations(for: kind)
        var applied: [String] = []

        let createdSchema = try await store.transaction { tx in
            try await Self.serialise(tx)
            try await tx.run(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    name TEXT PRIMARY KEY,
                    applied_at \(unsafeRaw: kind == .postgres ? "TIMESTAMP" : "TEXT") NOT NULL
                )
                """)
            if try await Self.tableExists("users", tx) { return false }
            for statement in initStatements {
                try await tx.run("\(unsafeRaw: statement)")
            }
            return true
        }
        if createdSchema {
            logger.info("created the original schema")
            applied.append("init")
        }

        for migration in migrations {
            let outcome = try await store.transaction { tx -> MigrationOutcome in
                try await Self.serialise(tx)
                let done = try await tx.first(
                    "SELECT name FROM schema_migrations WHERE name = \(bind: migration.name)")
                if done != nil { return .alreadyApplied }
                if let preflight = migration.preflight {
                    let problems = try await preflight(tx)
                    if !problems.isEmpty { return .blocked(problems) }
                }
                for statement in migration.statements {
                    try await tx.run("\(unsafeRaw: statement)")
                }
                try await tx.run(
                    """
                    INSERT INTO schema_migrations (name, applied_at)
                    VALUES (\(bind: migration.name), \(tx.time(Date())))
                    """)
                return .applied
            }
            switch outcome {
            case .applied:
                logger.info("applied migration", metadata: ["migration": .string(migration.name)])
                applied.append(migration.name)
            case .alreadyApplied:
                break
            case .blocked(let problems):
                logger.warning(
                    "migration left pending: fix the data and run `recordsw migrate` again",
                    metadata: [
                        "migration": .string(migration.name),
                        "problems": .array(problems.map { .string($0) }),
                    ])
            }
        }
        return applied
    }

    /// Names recorded in `schema_migrations`, in order.
    func appliedMigrations() async throws -> [String] {
        try await store.rows("SELECT name FROM schema_migrations ORDER BY name").map { try $0.string("name") }
    }

    private enum MigrationOutcome: Sendable {
        case applied
        case alreadyApplied
        case blocked([String])
    }

    /// Makes concurrent migrators (several instances starting at once) take turns; SQLite's
    /// `BEGIN IMMEDIATE` already does.
    private static func serialise(_ tx: SQLTransaction) async throws {
        if tx.kind == .postgres {
            try await tx.run("SELECT pg_advisory_xact_lock(\(bind: lockKey))")
        }
    }

    private static func tableExists(_ name: String, _ tx: SQLTransaction) async throws -> Bool {
        switch tx.kind {
        case .postgres:
            let row = try await tx.first("SELECT to_regclass(\(bind: name)) IS NOT NULL AS present")
            return try row?.bool("present") ?? false
        case .sqlite:
            let row = try await tx.first(
                "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = \(bind: name)")
            return try (row?.int("n") ?? 0) > 0
        }
    }
}
