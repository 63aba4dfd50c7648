import Foundation
import RecordsCore
import Synchronization

/// A clock that stands still until moved: tests hand one to the fake (``FakeTrackmaniaState``'s token
/// clock) and to the clients or the daily run, so token lifetimes and days pass when the test says,
/// however loaded the machine is.
public final class ManualClock: WallClock, Sendable {
    private let current: Mutex<Date>

    /// - Parameter start: The clock's first reading.
    public init(_ start: Date = Date()) { current = Mutex(start) }

    /// The current reading.
    public var now: Date { current.withLock { $0 } }

    /// Unix seconds now, whole.
    public var seconds: Int { Int(now.timeIntervalSince1970) }

    /// Moves the clock forward by `seconds`.
    public func advance(seconds: Double) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    /// Moves the clock forward by `days` of 86,400 seconds.
    public func advance(days: Double) { advance(seconds: days * 86_400) }
}
