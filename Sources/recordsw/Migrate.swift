import ArgumentParser
import Foundation
import Logging
import RecordsApp
import Storage

/// `recordsw migrate`: creates the schema if missing and applies pending migrations.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply database migrations and exit.",
        discussion: """
            Uses NEON_DB_CONNECTION_STRING or DATABASE_URL, else the SQLite file at SQLITE_PATH. Exit codes: \
            0 up to date, 69 database unreachable, 78 a setting is invalid, 1 a migration failed.
            """)

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let config = try common.loadConfig()
        let logger = makeLogger(config)
        let applied = try await withDatabase(config, logger: logger) { database in
            try await database.migrate(logger: logger)
        }
        print(applied.isEmpty ? "database is up to date" : "applied: \(applied.joined(separator: ", "))")
    }
}

/// Opens the configured database, runs its pool while `body` runs, and closes it.
func withDatabase<T: Sendable>(
    _ config: AppConfig, logger: Logger, _ body: @escaping @Sendable (Database) async throws -> T
) async throws -> T {
    let database = try await reachingDatabase(config) { try await Database.open(config.database, logger: logger) }
    return try await reachingDatabase(config) { try await run(database, body) }
}

/// Runs `body` while the pool of `database` runs, then shuts it down.
private func run<T: Sendable>(
    _ database: Database, _ body: @escaping @Sendable (Database) async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask {
            try await database.run()
            return nil
        }
        defer { group.cancelAll() }
        do {
            let result = try await body(database)
            try await database.shutdown()
            return result
        } catch {
            try? await database.shutdown()
            throw error
        }
    }
}
