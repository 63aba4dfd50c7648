import Foundation
import Logging
import PostgresNIO
import RecordsCore
import Testing

@testable import Storage

/// The two databases every daily-run test runs against.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// The backends a parameterized test runs on here: PostgreSQL only when `scripts/test-postgres.sh`
    /// configured a server, or under CI (where its absence is recorded as a failure). Outside CI without a
    /// server the PostgreSQL cases are not generated at all, so the output never counts them as passed;
    /// ``PostgreSQLReachability`` shows the skip and its reason.
    static var testable: [Backend] {
        TestStores.postgresURL != nil || ProcessInfo.processInfo.environment["CI"] != nil ? allCases : [.sqlite]
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
        try await TestStores.with(.postgres) { _ in }
    }
}

/// Fresh migrated databases: a temp SQLite file, or a new database on the server `scripts/test-postgres.sh`
/// started (`RECORDSW_TEST_POSTGRES_URL`).
enum TestStores {
    static let logger: Logger = {
        var logger = Logger(label: "recordsw.daily.tests")
        logger.logLevel = .warning
        return logger
    }()

    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["RECORDSW_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether the backend can run here; PostgreSQL without a server fails under CI and is skipped otherwise.
    static func available(_ backend: Backend) -> Bool {
        guard backend == .postgres, postgresURL == nil else { return true }
        if ProcessInfo.processInfo.environment["CI"] != nil {
            Issue.record("RECORDSW_TEST_POSTGRES_URL is not set: run the tests through scripts/test-postgres.sh")
        }
        return false
    }

    /// Runs `body` with `instances` handles on one fresh, migrated database (two handles act as two
    /// server instances: two pools, or two connections to one SQLite file).
    static func with(
        _ backend: Backend, instances: Int = 1, _ body: @Sendable ([Database]) async throws -> Void
    ) async throws {
        guard available(backend) else { return }
        switch backend {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("recordsw-daily-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let path = directory.appendingPathComponent("test.db").path
            var databases: [Database] = []
            for _ in 0..<instances { databases.append(try await Database.sqlite(path: path, logger: logger)) }
            do {
                _ = try await databases[0].migrate(logger: logger)
                try await body(databases)
            } catch {
                for database in databases { try? await database.shutdown() }
                throw error
            }
            for database in databases { try await database.shutdown() }
        case .postgres:
            let name = "recordsw_daily_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            try await admin("CREATE DATABASE \(name)")
            do {
                var databases: [Database] = []
                for _ in 0..<instances {
                    databases.append(try Database.postgres(url: try url(database: name), logger: logger))
                }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for database in databases { group.addTask { try await database.run() } }
                    do {
                        _ = try await databases[0].migrate(logger: logger)
                        try await body(databases)
                    } catch {
                        group.cancelAll()
                        throw error
                    }
                    group.cancelAll()
                }
            } catch {
                try? await admin("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
                throw error
            }
            try await admin("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        }
    }

    static func url(database: String) throws -> String {
        let base = try #require(postgresURL)
        var components = try #require(URLComponents(string: base))
        components.path = "/" + database
        return try #require(components.string)
    }

    static func admin(_ sql: String) async throws {
        let configuration = try PostgresURL.configuration(from: url(database: "postgres"))
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        }
    }
}
