import Synchronization

/// One caller of `PostgresExecutor.leased`: resumes it exactly once with the first outcome offered
/// (the body's result, the lease or statement deadline, or its own cancellation) and ignores later ones.
///
/// The work runs in a task of its own, so the caller can be answered while that task is still stuck
/// (a lease the pool keeps queued, or a query PostgresNIO never answers); cancelling the caller cancels
/// that task too. The continuation arrives after the call was created, and cancellation may come
/// before either, hence the state kept here.
final class LeaseCall<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        /// An outcome offered before the continuation arrived (cancellation before the start).
        var early: Result<T, any Error>?
        var resumed = false
        var task: Task<Void, Never>?
        var cancelled = false
    }

    private let state = Mutex(State())

    /// Hands over the caller's continuation; resumes it at once if an outcome already came.
    func attach(_ continuation: CheckedContinuation<T, any Error>) {
        let early = state.withLock { state -> Result<T, any Error>? in
            guard let early = state.early else {
                state.continuation = continuation
                return nil
            }
            state.early = nil
            return early
        }
        if let early { continuation.resume(with: early) }
    }

    /// Resumes the caller with `result` unless it was resumed already.
    func resume(_ result: Result<T, any Error>) {
        let pending = state.withLock { state -> CheckedContinuation<T, any Error>? in
            guard !state.resumed else { return nil }
            state.resumed = true
            guard let continuation = state.continuation else {
                state.early = result
                return nil
            }
            state.continuation = nil
            return continuation
        }
        pending?.resume(with: result)
    }

    /// Remembers the task doing the work, cancelling it at once if the caller already was.
    func run(_ task: Task<Void, Never>) {
        let cancelNow = state.withLock { state -> Bool in
            state.task = task
            return state.cancelled
        }
        if cancelNow { task.cancel() }
    }

    /// The caller was cancelled: it is answered with `CancellationError` now and the work is cancelled.
    func cancel() {
        let task = state.withLock { state -> Task<Void, Never>? in
            state.cancelled = true
            return state.task
        }
        task?.cancel()
        resume(.failure(CancellationError()))
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
