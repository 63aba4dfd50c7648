import Logging
import PostgresKit
import PostgresNIO
import RecordsCore
import SQLKit
import Synchronization

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
    /// Whether ``prepared(_:)`` may be used; see `Database.postgres(url:logger:leaseTimeout:preparedStatements:)`.
    let preparedStatements: Bool
    /// Counts leases and lease timeouts.
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
            try await db.raw("BEGIN").run()
            do {
                let value = try await body(db)
                try await db.raw("COMMIT").run()
                return value
            } catch {
                // A failed ROLLBACK means the connection is gone; the pool discards it.
                try? await db.raw("ROLLBACK").run()
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

    /// Leases a connection for `body`, giving up with `StoreError.unavailable` when none comes in time.
    ///
    /// The caller is answered as soon as the ``watchdog`` expires the wait; it does not wait for the
    /// pending lease request, which the pool may keep queued while the server is down. If that request
    /// is served later, the connection goes straight back to the pool.
    func leased<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let client = self.client
        let watchdog = self.watchdog
        let metrics = self.metrics
        let deadline = ContinuousClock.now + leaseTimeout
        return try await StoreErrorMapping.mapping {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                let outcome = ResumeOnce(continuation)
                let gate = LeaseGate()
                let ticket = watchdog.watch(until: deadline) {
                    if gate.claim(.timedOut) {
                        metrics.databaseLease(outcome: "timeout")
                        outcome.resume(.failure(StoreError.unavailable))
                    }
                }
                // A task of its own, so that the caller can be answered while the lease is still queued;
                // started on this thread (no executor hop before the lease, which an idle pool grants
                // at once).
                Task.immediate {
                    do {
                        let value = try await client.withConnection { connection in
                            watchdog.finish(ticket)
                            guard gate.claim(.leased) else { throw StoreError.unavailable }
                            metrics.databaseLease(outcome: "leased")
                            return try await body(connection)
                        }
                        outcome.resume(.success(value))
                    } catch {
                        watchdog.finish(ticket)
                        outcome.resume(.failure(error))
                    }
                }
            }
        }
    }
}

/// Resumes a continuation with the first result offered and ignores later ones.
final class ResumeOnce<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<T, any Error>?>

    init(_ continuation: CheckedContinuation<T, any Error>) {
        self.continuation = Mutex(continuation)
    }

    func resume(_ result: Result<T, any Error>) {
        let pending = continuation.withLock { stored in
            let pending = stored
            stored = nil
            return pending
        }
        pending?.resume(with: result)
    }
}

/// Decides the race between a connection lease and its timeout exactly once.
final class LeaseGate: Sendable {
    enum Outcome: Sendable {
        case leased
        case timedOut
    }

    private let state = Mutex<Outcome?>(nil)

    /// Records `outcome` if nothing was recorded yet; `true` when it won.
    func claim(_ outcome: Outcome) -> Bool {
        state.withLock { current in
            guard current == nil else { return false }
            current = outcome
            return true
        }
    }
}
