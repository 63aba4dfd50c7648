import Foundation
import Logging
import Storage
import StoreTestSupport
import Testing

/// The backends, and fresh databases for them, shared with the storage tests (`StoreTestSupport`).
typealias Backend = StoreTestSupport.Backend

/// The visible marker of the PostgreSQL half: skipped, with the reason, when no server is configured;
/// otherwise it checks the server answers.
@Suite struct PostgreSQLReachability {
    @Test(.disabled(if: Backend.postgresSkipReason != nil, Comment(rawValue: Backend.postgresSkipReason ?? "")))
    func postgresServerAnswers() async throws {
        try await DailyStores.with(.postgres) { _ in }
    }
}

/// Fresh migrated databases for the daily-run tests.
enum DailyStores {
    static let logger: Logger = {
        var logger = Logger(label: "recordsw.daily.tests")
        logger.logLevel = .warning
        return logger
    }()

    /// Runs `body` with `instances` handles on one fresh, migrated database (two handles act as two
    /// server instances: two pools, or two connections to one SQLite file).
    static func with(
        _ backend: Backend, instances: Int = 1, _ body: @Sendable ([Database]) async throws -> Void
    ) async throws {
        try await TestStores.with(backend, instances: instances, logger: logger, body)
    }
}
