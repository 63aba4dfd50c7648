import Foundation
import Logging
import Testing

@testable import RecordsApp

@Suite("Configuration")
struct AppConfigTests {
    @Test("the embedded default: no database URL means SQLite under var/, JWT_SECRET optional")
    func embeddedDefault() throws {
        let config = try AppConfig(environment: [:])
        #expect(config.database == .sqlite(path: "var/recordsw.sqlite"))
        #expect(config.port == 3000)
        #expect(config.trustedProxyHops == 1)
        #expect(config.environmentName == "development")
        try config.validateForServing()
    }

    @Test("a database URL needs JWT_SECRET; the environment wins over .env")
    func production() throws {
        let config = try AppConfig(
            environment: ["NEON_DB_CONNECTION_STRING": "postgres://u@h/db?sslmode=require", "PORT": "8080"],
            dotEnv: ["PORT": "9000", "DATABASE_URL": "postgres://other"])
        #expect(config.database == .postgres(url: "postgres://u@h/db?sslmode=require", preparedStatements: true))
        #expect(config.port == 8080)
        let unprepared = try AppConfig(environment: ["DATABASE_URL": "postgres://x", "PG_PREPARED_STATEMENTS": "off"])
        #expect(unprepared.database == .postgres(url: "postgres://x", preparedStatements: false))
        #expect(throws: AppConfig.Invalid.self) { try config.validateForServing() }
        #expect(throws: Never.self) {
            try AppConfig(environment: [
                "DATABASE_URL": "postgres://x", "JWT_SECRET": String(repeating: "s", count: 32),
            ])
            .validateForServing()
        }
    }

    @Test("the statement deadline and the shutdown drain: defaults, settings, and bad values")
    func deadlines() throws {
        let defaults = try AppConfig(environment: [:]).deadlines
        #expect(defaults.statementTimeout == .seconds(10))
        #expect(defaults.shutdownDrain == .seconds(20))
        let set = try AppConfig(environment: ["PG_STATEMENT_TIMEOUT_SECONDS": "3", "SHUTDOWN_DRAIN_SECONDS": "7"])
        #expect(set.deadlines == AppConfig.Deadlines(statementTimeout: .seconds(3), shutdownDrain: .seconds(7)))
        for (name, value) in [
            ("PG_STATEMENT_TIMEOUT_SECONDS", "0"), ("PG_STATEMENT_TIMEOUT_SECONDS", "soon"),
            ("SHUTDOWN_DRAIN_SECONDS", "0"), ("SHUTDOWN_DRAIN_SECONDS", "-5"),
        ] {
            #expect(throws: AppConfig.Invalid.self, "\(name)=\(value)") { try AppConfig(environment: [name: value]) }
        }
    }

    @Test("bad values name the setting")
    func invalid() {
        for (name, value) in [
            ("PORT", "http"), ("PORT", "70000"), ("TRUSTED_PROXY_HOPS", "-1"), ("LOG_LEVEL", "loud"),
            ("PG_PREPARED_STATEMENTS", "maybe"),
        ] {
            #expect {
                try AppConfig(environment: [name: value])
            } throws: { error in
                (error as? AppConfig.Invalid)?.description.hasPrefix(name) == true
            }
        }
    }

    @Test(".env parsing: comments, export, quotes, inline comments")
    func dotEnv() {
        let values = DotEnv.parse(
            """
            # comment
            export JWT_SECRET="a b#c"
            PORT=3001 # inline
            EMPTY=
            ALLOWED_ORIGIN='http://x, http://y'
            not a line
            """)
        #expect(values["JWT_SECRET"] == "a b#c")
        #expect(values["PORT"] == "3001")
        #expect(values["EMPTY"] == "")
        #expect(values["ALLOWED_ORIGIN"] == "http://x, http://y")
        #expect(values.count == 4)
    }
}

@Suite("Runtime start-up")
struct AppRuntimeStartupTests {
    @Test("without TRACKMANIA_DEMO_WORLD the server serves the world bundled with the binary, from any directory")
    func bundledDemoWorld() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "recordsw-start-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = try AppConfig(environment: [
            "SQLITE_PATH": directory.appendingPathComponent("db.sqlite").path
        ])
        #expect(config.trackmania.demoWorldPath == nil)
        let runtime = try await AppRuntime.open(config: config, logger: Logger(label: "test"))
        do {
            #expect(runtime.demoTrackmania != nil)
            let users = try await runtime.trackmania.directory.searchExchangeUsers(name: "Hefest")
            #expect(users.users.contains { $0.name == "Hefest" })
            await runtime.close()
        } catch {
            await runtime.close()
            throw error
        }
    }

    @Test("a missing demo world stops start-up with one clear line and leaves no store open")
    func missingDemoWorld() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "recordsw-start-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = try AppConfig(environment: [
            "SQLITE_PATH": directory.appendingPathComponent("db.sqlite").path,
            "TRACKMANIA_DEMO_WORLD": directory.appendingPathComponent("missing.json").path,
        ])
        // An open SQLite connection left behind would trip SQLiteNIO's deinit assertion in this debug build.
        await #expect {
            _ = try await AppRuntime.open(config: config, logger: Logger(label: "test"))
        } throws: { error in
            (error as? AppConfig.Invalid)?.description.contains("TRACKMANIA_DEMO_WORLD") == true
        }
    }
}
