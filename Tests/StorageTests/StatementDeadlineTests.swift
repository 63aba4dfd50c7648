import Foundation
import PostgresNIO
import RecordsCore
import StoreTestSupport
import Synchronization
import Testing

@testable import Storage

extension StorageSuite {
    /// The deadline on a leased connection's use: what ends a query PostgresNIO never answers.
    @Suite struct StatementDeadlineTests {
        /// Runs `operation` in a task of its own and waits for it at most `limit`: a call that hangs
        /// makes the test fail instead of hanging the run (the stuck task is left behind).
        static func outcome<T: Sendable>(
            within limit: Duration, _ operation: @escaping @Sendable () async throws -> T
        ) async -> Result<T, any Error>? {
            let finished = Shared<CheckedContinuation<Result<T, any Error>?, Never>?>(nil)
            return await withCheckedContinuation { continuation in
                finished.withLock { $0 = continuation }
                Task {
                    let result: Result<T, any Error>
                    do { result = .success(try await operation()) } catch { result = .failure(error) }
                    finished.withLock { $0.take() }?.resume(returning: result)
                }
                Task {
                    try? await Task.sleep(for: limit)
                    finished.withLock { $0.take() }?.resume(returning: nil)
                }
            }
        }

        @Test(.disabled(if: Backend.postgresSkipReason != nil, Comment(rawValue: Backend.postgresSkipReason ?? "")))
        func aQueryOnAConnectionClosedUnderItEndsAtTheDeadline() async throws {
            let url = try #require(TestDatabase.postgresURL)
            let database = try Database.postgres(url: url, logger: TestDatabase.logger, statementTimeout: .seconds(1))
            try await TestDatabase.running(database) { db in
                let executor = try #require(db.store.executor as? PostgresExecutor)
                let logger = TestDatabase.logger
                let started = ContinuousClock.now
                // What a server going away does to a connection between its lease and its query: once the
                // channel has closed, PostgresNIO drops what is written to it without failing the query.
                let result = await Self.outcome(within: .seconds(20)) {
                    try await executor.leased { connection in
                        try await connection.close()
                        return try await connection.query("SELECT 1", logger: logger).collect().count
                    }
                }
                let elapsed = ContinuousClock.now - started
                let ended = try #require(result, "the query on the closed connection never ended")
                #expect(throws: StoreError.unavailable) { try ended.get() }
                #expect(elapsed < .seconds(10), "ended after \(elapsed), not at the 1 s deadline")
                // The pool dropped the closed connection and serves the next request with another one.
                #expect(try await db.store.rows("SELECT 1 AS one").count == 1)
                #expect(executor.watchdog.watching == 0)
            }
        }

        @Test(.disabled(if: Backend.postgresSkipReason != nil, Comment(rawValue: Backend.postgresSkipReason ?? "")))
        func aSlowStatementIsAnsweredAndItsConnectionClosed() async throws {
            let url = try #require(TestDatabase.postgresURL)
            let database = try Database.postgres(url: url, logger: TestDatabase.logger, statementTimeout: .seconds(1))
            try await TestDatabase.running(database) { db in
                let started = ContinuousClock.now
                let result = await Self.outcome(within: .seconds(20)) {
                    try await db.store.run("SELECT pg_sleep(30)")
                }
                let ended = try #require(result, "the slow statement was not cut off")
                #expect(throws: StoreError.unavailable) { try ended.get() }
                // Far below the statement's 30 s, with room for a loaded machine.
                #expect(ContinuousClock.now - started < .seconds(10))
                // The closed connection may be leased once more before the pool hears of the close (that
                // lease is answered 503 at once); then the pool serves a new one.
                let deadline = ContinuousClock.now + .seconds(10)
                var served = false
                while !served && ContinuousClock.now < deadline {
                    served = (try? await db.store.rows("SELECT 1 AS one").count) == 1
                    if !served { try await Task.sleep(for: .milliseconds(50)) }
                }
                #expect(served, "the pool did not serve a query after the deadline closed a connection")
            }
        }

        @Test(.disabled(if: Backend.postgresSkipReason != nil, Comment(rawValue: Backend.postgresSkipReason ?? "")))
        func aCancelledCallerIsAnsweredAtOnce() async throws {
            let url = try #require(TestDatabase.postgresURL)
            let database = try Database.postgres(url: url, logger: TestDatabase.logger, statementTimeout: .seconds(30))
            try await TestDatabase.running(database) { db in
                let call = Task { try await db.store.run("SELECT pg_sleep(15)") }
                try await Task.sleep(for: .milliseconds(300))
                let started = ContinuousClock.now
                call.cancel()
                let result = await Self.outcome(within: .seconds(10)) { try await call.value }
                let ended = try #require(result, "cancellation did not end the call")
                #expect(throws: CancellationError.self) { try ended.get() }
                // Well before the statement's own 15 s, with room for a loaded machine.
                #expect(ContinuousClock.now - started < .seconds(8))
            }
        }
    }
}

/// A value behind a lock that escaping closures can share (a `Mutex` itself cannot be captured).
final class Shared<Value: Sendable>: Sendable {
    private let value: Mutex<Value>

    init(_ value: Value) {
        self.value = Mutex(value)
    }

    func withLock<R: Sendable>(_ body: (inout Value) -> R) -> R {
        value.withLock { body(&$0) }
    }
}
