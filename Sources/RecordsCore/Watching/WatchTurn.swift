import Foundation

/// A bounded turn of the live watcher, for a runtime that cannot watch all day: a scheduled AWS
/// Lambda tick watches from the end of its other work until its stop time, then hands over to the
/// next tick. What the watcher learned (rates, due times) stays in the execution environment between
/// turns; what it committed stays in the store, so a turn cut at any point loses nothing.
public protocol WatchTurn: Sendable {
    /// Watches until `stop` if this instance can take the watch lease now.
    func watch(until stop: Date) async -> WatchTurnReport
}

/// What a watch turn did (part of a scheduled tick's answer).
public struct WatchTurnReport: Sendable, Encodable, Equatable {
    /// `watched`, `elsewhere` (another instance holds the watch lease: it watches, this turn did
    /// not), or `no-time` (nothing was left of the tick).
    public var status: String
    /// Leaderboard reads and position-probe batches the turn started.
    public var requests: Int
    /// Seconds the turn watched.
    public var seconds: Double

    public init(status: String, requests: Int = 0, seconds: Double = 0) {
        self.status = status
        self.requests = requests
        self.seconds = seconds
    }
}
