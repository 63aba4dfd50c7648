import Logging
import PostgresKit
import PostgresNIO
import RecordsCore
import SQLKit

/// Runs SQL on connections leased from the process's one `PostgresClient` pool.
struct PostgresExecutor: SQLExecutor {
    let client: PostgresClient
    /// Handed to PostgresNIO with each query: the storage logger's `forLibraries` copy (no protocol dumps).
    let logger: Logger
    /// How long a request waits for a connection before it is answered with `StoreError.unavailable`;
    /// the pool itself would wait for its circuit breaker (a minute) while the server is down.
    let leaseTimeout: Duration
    /// Expires lease waits longer than ``leaseTimeout``; runs beside the pool (`Database.run()`).
    let watchdog: LeaseWatchdog
    /// How long `body` may use a leased connection (one statement, or one transaction with all of its
    /// statements) before its caller is answered with `StoreError.unavailable` and the connection is
    /// closed. Without it a query that never gets an answer would hold its request forever. `nil` only
    /// for migrations, whose statements may rewrite whole tables.
    var statementTimeout: Duration?
    /// Whether ``prepared(_:)`` may be used; see `Database.postgres(url:logger:leaseTimeout:statementTimeout:preparedStatements:metrics:)`.
    let preparedStatements: Bool
    /// Counts leases, lease timeouts and statement timeouts.
    var metrics: RecordsMetrics = .disabled

    var kind: StoreKind { .postgres }

    func withDatabase<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let logger = self.logger
        return try await leased { connection in
            // Query logging is off: binds would put password hashes and tokens into the log.
            try await body(connection.sql(queryLogLevel: nil, logger: logger))
        }
    }

    func withTransaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    {
        let logger = self.logger
        return try await leased { connection in
            let db = connection.sql(queryLogLevel: nil, logger: logger)
            try await Self.control("BEGIN", on: db)
            do {
                let value = try await body(db)
                try await Self.control("COMMIT", on: db)
                return value
            } catch {
                // A failed ROLLBACK means the connection is gone; the pool discards it.
                try? await Self.control("ROLLBACK", on: db)
                throw error
            }
        }
    }

    func close() async throws {}

    /// Runs a named prepared statement (prepared on each pooled connection at its first use) and
    /// collects its rows.
    func prepared<Statement: PostgresPreparedStatement>(_ statement: Statement) async throws -> [Statement.Row]
    where Statement.Row: Sendable {
        let logger = self.logger
        return try await leased { connection in
            var rows: [Statement.Row] = []
            for try await row in try await connection.execute(statement, logger: logger) {
                rows.append(row)
            }
            return rows
        }
    }

    /// Leases a connection for `body`, giving up with `StoreError.unavailable` when none comes within
    /// ``leaseTimeout`` or when `body` has not finished ``statementTimeout`` after the lease.
    ///
    /// The caller is answered as soon as the ``watchdog`` expires a wait; it does not wait for the
    /// pending lease request, which the pool may keep queued while the server is down. If that request
    /// is served later, the connection goes straight back to the pool. A body past its deadline has its
    /// connection closed: the server rolls back what it had not committed, and the pool replaces it.
    /// That deadline is what ends a query PostgresNIO never answers (one written on a connection whose
    /// channel had already closed is dropped without failing its promise; `docs/deploy.md`, "Bounds").
    func leased<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let client = self.client
        let watchdog = self.watchdog
        let metrics = self.metrics
        let logger = self.logger
        let statementTimeout = self.statementTimeout
        let deadline = ContinuousClock.now + leaseTimeout
        let call = LeaseCall<T>()
        return try await StoreErrorMapping.mapping {
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                    call.attach(continuation)
                    let gate = LeaseGate()
                    let ticket = watchdog.watch(until: deadline) {
                        if gate.claim(.timedOut) {
                            metrics.databaseLease(outcome: "timeout")
                            call.resume(.failure(StoreError.unavailable))
                        }
                    }
                    // A task of its own, so that the caller can be answered while the lease is still queued
                    // or the query stuck; started on this thread (no executor hop before the lease, which an
                    // idle pool grants at once).
                    call.run(
                        Task.immediate {
                            do {
                                let value = try await client.withConnection { connection in
                                    watchdog.finish(ticket)
                                    guard gate.claim(.leased) else { throw StoreError.unavailable }
                                    metrics.databaseLease(outcome: "leased")
                                    // A connection whose server went away can come back to the pool (its
                                    // query failed) before the pool hears it closed, and be leased again:
                                    // a query written to it now would be lost, so answer 503 at once.
                                    guard !connection.isClosed else { throw StoreError.unavailable }
                                    guard let statementTimeout else { return try await body(connection) }
                                    let statement = watchdog.watch(until: .now + statementTimeout) {
                                        Self.expire(connection, call: call, metrics: metrics, logger: logger)
                                    }
                                    defer { watchdog.finish(statement) }
                                    return try await body(connection)
                                }
                                call.resume(.success(value))
                            } catch {
                                watchdog.finish(ticket)
                                call.resume(.failure(error))
                            }
                        })
                }
            } onCancel: {
                call.cancel()
            }
        }
    }

    /// Answers a caller whose body overran ``statementTimeout`` and closes the connection it was using.
    private static func expire<T>(
        _ connection: PostgresConnection, call: LeaseCall<T>, metrics: RecordsMetrics, logger: Logger
    ) {
        metrics.databaseLease(outcome: "statement_timeout")
        // Whether the channel was already closed tells a query lost on a dead connection from a slow one.
        logger.warning(
            "database statement deadline passed: closing its connection",
            metadata: [
                "connection-id": .stringConvertible(connection.id),
                "connection-closed": .stringConvertible(connection.isClosed),
            ])
        call.resume(.failure(StoreError.unavailable))
        connection.close().whenComplete { _ in }
    }
}
