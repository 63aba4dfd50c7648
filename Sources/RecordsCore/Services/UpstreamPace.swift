import Synchronization

/// Spaces one kind of work's outbound Trackmania calls, on top of the process-wide pace every call
/// passes anyway: a caller that acquires a slot before each call can use at most this pace's share
/// of the deployment's Trackmania budget (the map-search worker, docs/trackmania.md).
public protocol UpstreamPace: Sendable {
    /// Waits for the next slot of this pace.
    /// - Throws: `CancellationError` if the task is cancelled while waiting.
    func acquire() async throws
}

/// Which callers of a shared pace go first.
public enum UpstreamPriority: Sendable {
    /// Set by background work (the live watcher) around its upstream calls: while an interactive
    /// caller (a map search, a username check) waits for a slot of the same process-wide pace, a
    /// background caller waits too, so interactive work goes first.
    @TaskLocal public static var isBackground = false
}

extension UpstreamPriority {
    /// Set by a caller with a pace of its own (the live watcher's `WATCH_RATE`) around a job: every
    /// upstream attempt the job makes is charged to that pace (docs/live-watching.md, the budget).
    @TaskLocal public static var lane: UpstreamLaneBudget?
}

/// One job's account with a pace of its own. The caller takes the first slot itself before it starts
/// the job (so it picks the job when the slot is there); the job's first upstream attempt uses that
/// prepaid slot, and every further attempt (a retry after a 5xx or a timeout, a token call, a second
/// page) takes another slot of the pace first. So the pace's rate holds for everything the job sends,
/// not only for the jobs it starts.
public final class UpstreamLaneBudget: Sendable {
    private let pace: any UpstreamPace
    private let prepaid: Mutex<Int>

    /// - Parameters:
    ///   - pace: The pace every attempt beyond the prepaid ones waits for.
    ///   - prepaid: Slots the caller already took for this job.
    public init(pace: any UpstreamPace, prepaid: Int) {
        self.pace = pace
        self.prepaid = Mutex(max(0, prepaid))
    }

    /// Called before each upstream attempt: uses a prepaid slot, or waits for a new one.
    /// - Throws: `CancellationError` if the task is cancelled while waiting.
    public func acquireForAttempt() async throws {
        let paid = prepaid.withLock { remaining -> Bool in
            guard remaining > 0 else { return false }
            remaining -= 1
            return true
        }
        if !paid { try await pace.acquire() }
    }
}
