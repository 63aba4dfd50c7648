import Synchronization

/// Fails connection leases that wait longer than their deadline, and uses of a leased connection
/// that outlast the statement deadline, with one timer loop for the whole pool instead of a sleeping
/// task per query (a timer task per query showed up in profiles of the authenticated routes at about
/// 4 % of the CPU).
///
/// A coarse tick is enough: a deadline is acted on between its instant and one tick later.
final class LeaseWatchdog: Sendable {
    private struct Pending {
        var deadline: ContinuousClock.Instant
        var expire: @Sendable () -> Void
    }

    private struct State {
        var nextId: UInt64 = 0
        var pending: [UInt64: Pending] = [:]
    }

    private let state = Mutex(State())
    let tick: Duration

    init(tick: Duration = .milliseconds(100)) {
        self.tick = tick
    }

    /// Calls `expire` once `deadline` has passed, unless ``finish(_:)`` comes first.
    /// - Returns: The ticket to pass to ``finish(_:)``.
    func watch(until deadline: ContinuousClock.Instant, expire: @escaping @Sendable () -> Void) -> UInt64 {
        state.withLock { state in
            state.nextId &+= 1
            state.pending[state.nextId] = Pending(deadline: deadline, expire: expire)
            return state.nextId
        }
    }

    /// Stops watching a lease that was served (or failed) in time.
    func finish(_ ticket: UInt64) {
        _ = state.withLock { $0.pending.removeValue(forKey: ticket) }
    }

    /// How many leases are being watched (for tests).
    var watching: Int { state.withLock { $0.pending.count } }

    /// Expires overdue leases every ``tick`` until the task is cancelled.
    func run() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: tick)
            expireOverdue(now: .now)
        }
    }

    /// Calls and forgets every lease whose deadline is at or before `now`.
    func expireOverdue(now: ContinuousClock.Instant) {
        let overdue = state.withLock { state -> [Pending] in
            let due = state.pending.filter { $0.value.deadline <= now }
            for ticket in due.keys { state.pending[ticket] = nil }
            return Array(due.values)
        }
        // Outside the lock: expiring resumes a waiting request.
        for lease in overdue { lease.expire() }
    }
}
