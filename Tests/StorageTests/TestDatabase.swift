import Foundation
import Logging
import PostgresNIO
import RecordsCore
import SQLKit
import Testing

@testable import Storage

/// The two databases every conformance test runs against.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// The backends a parameterized test runs on here: PostgreSQL only when `scripts/test-postgres.sh`
    /// configured a server, or under CI (where its absence is recorded as a failure). Outside CI without a
    /// server the PostgreSQL cases are not generated at all, so the output never counts them as passed;
    /// ``PostgreSQLReachability`` shows the skip and its reason.
    static var testable: [Backend] {
        TestDatabase.postgresURL != nil || ProcessInfo.processInfo.environment["CI"] != nil ? allCases : [.sqlite]
    }

    /// Why the PostgreSQL half does not run here, or `nil` when it does.
    static var postgresSkipReason: String? {
        testable.contains(.postgres)
            ? nil
            : "PostgreSQL not reachable: RECORDSW_TEST_POSTGRES_URL is not set (run through scripts/test-postgres.sh); "
                + "the PostgreSQL cases of this target are skipped"
    }
}

/// The visible marker of the PostgreSQL half: skipped, with the reason, when no server is configured;
/// otherwise it checks the server answers.
@Suite struct PostgreSQLReachability {
    @Test(.disabled(if: Backend.postgresSkipReason != nil, Comment(rawValue: Backend.postgresSkipReason ?? "")))
    func postgresServerAnswers() async throws {
        try await TestDatabase.with(.postgres) { _ in }
    }
}

/// Fresh databases for tests: a new temp file on SQLite, a new database on the PostgreSQL server that
/// `scripts/test-postgres.sh` started (`RECORDSW_TEST_POSTGRES_URL`).
enum TestDatabase {
    static let logger: Logger = {
        var logger = Logger(label: "recordsw.storage.tests")
        logger.logLevel = .warning
        return logger
    }()

    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["RECORDSW_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether the backend can run here. PostgreSQL without a server is a failure under CI and a skip otherwise.
    static func available(_ backend: Backend) -> Bool {
        guard backend == .postgres, postgresURL == nil else { return true }
        if ProcessInfo.processInfo.environment["CI"] != nil {
            Issue.record("RECORDSW_TEST_POSTGRES_URL is not set: run the tests through scripts/test-postgres.sh")
        }
        return false
    }

    /// Runs `body` with a migrated, empty database of `backend`, removed afterwards.
    static func with(
        _ backend: Backend, migrate: Bool = true, leaseTimeout: Duration = .seconds(5), preparedStatements: Bool = true,
        prepare: (@Sendable (Database) async throws -> Void)? = nil,
        _ body: @Sendable (Database) async throws -> Void
    ) async throws {
        guard available(backend) else { return }
        switch backend {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("recordsw-tests-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let database = try await Database.sqlite(
                path: directory.appendingPathComponent("test.db").path, logger: logger)
            do {
                try await prepare?(database)
                if migrate { _ = try await database.migrate(logger: logger) }
                try await body(database)
            } catch {
                try? await database.shutdown()
                throw error
            }
            try await database.shutdown()
        case .postgres:
            let name = try await createPostgresDatabase()
            do {
                let database = try Database.postgres(
                    url: url(database: name), logger: logger, leaseTimeout: leaseTimeout,
                    preparedStatements: preparedStatements)
                try await running(database) { database in
                    try await prepare?(database)
                    if migrate { _ = try await database.migrate(logger: logger) }
                    try await body(database)
                }
            } catch {
                try? await dropPostgresDatabase(name)
                throw error
            }
            try await dropPostgresDatabase(name)
        }
    }

    /// Runs `body` with two `Database` values on one fresh database, as two server instances would have:
    /// two pools (PostgreSQL) or two connections to one file (SQLite).
    static func withTwoInstances(
        _ backend: Backend, _ body: @Sendable (Database, Database) async throws -> Void
    ) async throws {
        guard available(backend) else { return }
        switch backend {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("recordsw-tests-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let path = directory.appendingPathComponent("test.db").path
            let first = try await Database.sqlite(path: path, logger: logger)
            let second = try await Database.sqlite(path: path, logger: logger)
            do {
                _ = try await first.migrate(logger: logger)
                try await body(first, second)
            } catch {
                try? await first.shutdown()
                try? await second.shutdown()
                throw error
            }
            try await first.shutdown()
            try await second.shutdown()
        case .postgres:
            let name = try await createPostgresDatabase()
            do {
                let first = try Database.postgres(url: url(database: name), logger: logger)
                let second = try Database.postgres(url: url(database: name), logger: logger)
                try await running(first) { first in
                    try await running(second) { second in
                        _ = try await first.migrate(logger: logger)
                        try await body(first, second)
                    }
                }
            } catch {
                try? await dropPostgresDatabase(name)
                throw error
            }
            try await dropPostgresDatabase(name)
        }
    }

    /// Runs `body` while the database's pool runs, and stops the pool afterwards.
    static func running(
        _ database: Database, _ body: @Sendable (Database) async throws -> Void
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await database.run() }
            do {
                try await body(database)
            } catch {
                group.cancelAll()
                throw error
            }
            group.cancelAll()
        }
    }

    /// The test server URL with another database name.
    static func url(database: String) throws -> String {
        let base = try #require(postgresURL)
        var components = try #require(URLComponents(string: base))
        components.path = "/" + database
        return try #require(components.string)
    }

    /// Runs SQL as the superuser on the server's maintenance database.
    static func adminExecute(_ sql: String, database: String = "postgres") async throws {
        let configuration = try PostgresURL.configuration(from: url(database: database))
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        }
    }

    static func createPostgresDatabase() async throws -> String {
        let name = "recordsw_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try await adminExecute("CREATE DATABASE \(name)")
        return name
    }

    static func dropPostgresDatabase(_ name: String) async throws {
        try await adminExecute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }
}

/// Fixed instants with whole milliseconds, so round trips compare exactly on both databases.
enum TestClock {
    /// 2025-11-23T05:00:12.345Z.
    static let base = Date(timeIntervalSince1970: 1_763_874_012.345)

    static func at(_ offset: TimeInterval) -> Date { base.addingTimeInterval(offset) }
}

/// Asserts two instants agree to the millisecond (PostgreSQL keeps microseconds, doubles do not).
func expectSameInstant(_ lhs: Date?, _ rhs: Date?, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let lhs, let rhs else {
        #expect(lhs == nil && rhs == nil, sourceLocation: sourceLocation)
        return
    }
    #expect(abs(lhs.timeIntervalSince(rhs)) < 0.001, "\(lhs) vs \(rhs)", sourceLocation: sourceLocation)
}

extension Database {
    /// Registers a user without a cap, for tests that need one.
    func makeUser(_ name: String, email: String? = nil, now: Date = TestClock.base) async throws -> User {
        let outcome = try await repositories.users.register(
            NewUser(username: name, email: email ?? "\(name)@example.com", passwordHash: "hash-\(name)"),
            maxUsers: 10_000, now: now)
        guard case .created(let user) = outcome else {
            Issue.record("could not create \(name): \(outcome)")
            throw StoreInvariantError(reason: "test user not created")
        }
        return user
    }

    /// Runs raw SQL (test setup only).
    func execute(_ sql: String) async throws {
        try await store.run("\(unsafeRaw: sql)")
    }
}
