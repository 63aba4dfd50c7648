import Foundation
import Logging
import PostgresNIO
import Testing

// Internal to Storage: the URL parsing the server uses (test builds are compiled for testing).
@testable import Storage

/// The two databases the storage, daily-run and security tests run against.
public enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    public var testDescription: String { rawValue }

    /// The backends a parameterized test runs on here: PostgreSQL only when `scripts/test-postgres.sh`
    /// configured a server, or under CI (where its absence is recorded as a failure). Outside CI without a
    /// server the PostgreSQL cases are not generated at all, so the output never counts them as passed;
    /// each target's `PostgreSQLReachability` shows the skip and its reason.
    public static var testable: [Backend] {
        TestStores.postgresURL != nil || ProcessInfo.processInfo.environment["CI"] != nil ? allCases : [.sqlite]
    }

    /// Why the PostgreSQL half does not run here, or `nil` when it does.
    public static var postgresSkipReason: String? {
        testable.contains(.postgres)
            ? nil
            : "PostgreSQL not reachable: RECORDSW_TEST_POSTGRES_URL is not set (run through scripts/test-postgres.sh); "
                + "the PostgreSQL cases of this target are skipped"
    }
}

/// Fresh databases for tests: a new temp file on SQLite, a new database on the PostgreSQL server that
/// `scripts/test-postgres.sh` started (`RECORDSW_TEST_POSTGRES_URL`), removed afterwards.
public enum TestStores {
    public static var postgresURL: String? {
        ProcessInfo.processInfo.environment["RECORDSW_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether the backend can run here. PostgreSQL without a server is a failure under CI and a skip otherwise.
    public static func available(_ backend: Backend) -> Bool {
        guard backend == .postgres, postgresURL == nil else { return true }
        if ProcessInfo.processInfo.environment["CI"] != nil {
            Issue.record("RECORDSW_TEST_POSTGRES_URL is not set: run the tests through scripts/test-postgres.sh")
        }
        return false
    }

    /// Runs `body` with `instances` handles on one fresh database (several handles act as several server
    /// instances: one pool each on PostgreSQL, one connection each to the same SQLite file), whose pools
    /// run meanwhile.
    /// - Parameters:
    ///   - migrate: Apply the migrations (through the first handle) before `body`.
    ///   - leaseTimeout: The first handle's lease timeout (PostgreSQL).
    ///   - preparedStatements: Whether the first handle uses prepared statements (PostgreSQL).
    ///   - prepare: Runs on the first handle before the migrations.
    public static func with(
        _ backend: Backend, instances: Int = 1, migrate: Bool = true, leaseTimeout: Duration = .seconds(5),
        preparedStatements: Bool = true, logger: Logger, prepare: (@Sendable (Database) async throws -> Void)? = nil,
        _ body: @Sendable ([Database]) async throws -> Void
    ) async throws {
        guard available(backend) else { return }
        @Sendable func setUp(_ databases: [Database]) async throws {
            try await prepare?(databases[0])
            if migrate { _ = try await databases[0].migrate(logger: logger) }
            try await body(databases)
        }
        switch backend {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("recordsw-tests-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let path = directory.appendingPathComponent("test.db").path
            var databases: [Database] = []
            do {
                for _ in 0..<instances { databases.append(try await Database.sqlite(path: path, logger: logger)) }
                try await setUp(databases)
            } catch {
                for database in databases { try? await database.shutdown() }
                throw error
            }
            for database in databases { try await database.shutdown() }
        case .postgres:
            let name = try await createDatabase(logger: logger)
            do {
                var databases = [
                    try Database.postgres(
                        url: try url(database: name), logger: logger, leaseTimeout: leaseTimeout,
                        preparedStatements: preparedStatements)
                ]
                for _ in 1..<max(1, instances) {
                    databases.append(try Database.postgres(url: try url(database: name), logger: logger))
                }
                try await running(databases, setUp)
            } catch {
                try? await dropDatabase(name, logger: logger)
                throw error
            }
            try await dropDatabase(name, logger: logger)
        }
    }

    /// Creates an empty database with a fresh name on the test server; returns its name.
    public static func createDatabase(logger: Logger) async throws -> String {
        let name = "recordsw_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await admin("CREATE DATABASE \(name)", logger: logger)
        return name
    }

    /// Drops a database made by ``createDatabase(logger:)``, closing what still uses it.
    public static func dropDatabase(_ name: String, logger: Logger) async throws {
        try await admin("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", logger: logger)
    }

    /// Runs `body` while the databases' pools run, and stops the pools afterwards.
    public static func running(
        _ databases: [Database], _ body: @Sendable ([Database]) async throws -> Void
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for database in databases { group.addTask { try await database.run() } }
            do {
                try await body(databases)
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
        }
    }

    /// The test server URL with another database name.
    public static func url(database: String) throws -> String {
        let base = try #require(postgresURL)
        var components = try #require(URLComponents(string: base))
        components.path = "/" + database
        return try #require(components.string)
    }

    /// Runs SQL on the test server's maintenance database (creating and dropping test databases).
    public static func admin(_ sql: String, logger: Logger) async throws {
        let configuration = try PostgresURL.configuration(from: url(database: "postgres"))
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        }
    }
}
