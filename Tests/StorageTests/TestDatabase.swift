import Foundation
import Logging
import PostgresNIO
import RecordsCore
import SQLKit
import StoreTestSupport
import Testing

@testable import Storage

/// The backends, and fresh databases for them, shared with the daily-run tests (`StoreTestSupport`).
typealias Backend = StoreTestSupport.Backend

/// The visible marker of the PostgreSQL half: skipped, with the reason, when no server is configured;
/// otherwise it checks the server answers.
@Suite struct PostgreSQLReachability {
    @Test(.disabled(if: Backend.postgresSkipReason != nil, Comment(rawValue: Backend.postgresSkipReason ?? "")))
    func postgresServerAnswers() async throws {
        try await TestDatabase.with(.postgres) { _ in }
    }
}

/// The storage tests' shapes of ``TestStores/with(_:instances:migrate:leaseTimeout:preparedStatements:logger:prepare:_:)``.
enum TestDatabase {
    static let logger: Logger = {
        var logger = Logger(label: "recordsw.storage.tests")
        logger.logLevel = .warning
        return logger
    }()

    /// Runs `body` with a migrated, empty database of `backend`, removed afterwards.
    static func with(
        _ backend: Backend, migrate: Bool = true, leaseTimeout: Duration = .seconds(5), preparedStatements: Bool = true,
        prepare: (@Sendable (Database) async throws -> Void)? = nil,
        _ body: @Sendable (Database) async throws -> Void
    ) async throws {
        try await TestStores.with(
            backend, migrate: migrate, leaseTimeout: leaseTimeout, preparedStatements: preparedStatements,
            logger: logger, prepare: prepare
        ) { try await body($0[0]) }
    }

    /// Runs `body` with two `Database` values on one fresh database, as two server instances would have:
    /// two pools (PostgreSQL) or two connections to one file (SQLite).
    static func withTwoInstances(
        _ backend: Backend, _ body: @Sendable (Database, Database) async throws -> Void
    ) async throws {
        try await TestStores.with(backend, instances: 2, logger: logger) { try await body($0[0], $0[1]) }
    }

    /// Runs `body` while the database's pool runs, and stops the pool afterwards.
    static func running(_ database: Database, _ body: @Sendable (Database) async throws -> Void) async throws {
        try await TestStores.running([database]) { try await body($0[0]) }
    }

    static var postgresURL: String? { TestStores.postgresURL }
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
