import Logging
import PostgresKit
import PostgresNIO
import RecordsCore
import SQLKit
import Synchronization

/// Runs SQL on connections leased from the process's one `PostgresClient` pool.
struct PostgresExecutor: SQLExecutor {
    let client: PostgresClient
    let logger: Logger
    /// How long a request waits for a connection before it is answered with `StoreError.unavailable`;
    /// the pool itself would wait for its circuit breaker (a minute) while the server is down.
    let leaseTimeout: Duration

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

    /// Leases a connection for `body`, giving up with `StoreError.unavailable` when none comes in time.
    ///
    /// The caller is answered as soon as the timeout fires; it does not wait for the pending lease request,
    /// which the pool may keep queued while the server is down. If that request is served later, the
    /// connection goes straight back to the pool.
    func leased<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) async throws -> T) async throws -> T {
        let client = self.client
        let timeout = self.leaseTimeout
        return try await StoreErrorMapping.mapping {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                let outcome = ResumeOnce(continuation)
                let gate = LeaseGate()
                let timer = Task {
                    try await Task.sleep(for: timeout)
                    if gate.claim(.timedOut) { outcome.resume(.failure(StoreError.unavailable)) }
                }
                Task {
                    do {
                        let value = try await client.withConnection { connection in
                            guard gate.claim(.leased) else { throw StoreError.unavailable }
                            timer.cancel()
                            return try await body(connection)
                        }
                        outcome.resume(.success(value))
                    } catch {
                        timer.cancel()
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
