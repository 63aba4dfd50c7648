import ArgumentParser
import Foundation
import Logging
import RecordsApp

/// `recordsw serve`: runs the HTTP API until SIGTERM/SIGINT.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the HTTP server.",
        discussion: """
            Applies pending migrations, then serves the API (and FRONTEND_DIR, if set) on HOST:PORT until \
            SIGTERM or SIGINT. Without NEON_DB_CONNECTION_STRING or DATABASE_URL it uses the embedded SQLite \
            file (SQLITE_PATH); without Trackmania credentials (AUTHORIZATION, OCLIENT_ID, OCLIENT_SECRET) \
            the built-in demo world. JWT_SECRET is required with PostgreSQL; CRON_SECRET enables \
            POST /api/v1/cron/daily. Every other setting is in the README. Exit codes: 0 stopped by a \
            signal, 69 database unreachable at start-up, 78 a setting is missing or invalid, 1 any other \
            failure.
            """)

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let config = try common.loadConfig()
        try config.validateForServing()
        try await reachingDatabase(config) { try await ServerApp.serve(config: config, logger: makeLogger(config)) }
    }
}
