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
