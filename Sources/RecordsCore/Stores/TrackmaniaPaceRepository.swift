import Foundation

/// Send slots for outbound Trackmania requests, handed out by the database so that every instance
/// of the server shares one pace (`TRACKMANIA_RATE_LIMIT` holds for the deployment, not per process).
///
/// Times are taken from the database's clock, so instances with skewed clocks still agree.
public protocol TrackmaniaPaceRepository: Sendable {
    /// Atomically reserves the next `count` slots of `lane`, `interval` apart: the first `interval`
    /// after the previously reserved one, or now when that is already past.
    /// - Returns: How long the caller must wait for the first of them (zero or more); the others follow
    ///   one `interval` apart.
    func reserveSlots(lane: String, interval: Duration, count: Int) async throws -> Duration

    /// Pushes the next slot of `lane` to at least `delay` from now (the upstream said `Retry-After`).
    func pause(lane: String, for delay: Duration) async throws
}

extension TrackmaniaPaceRepository {
    /// Reserves the next slot of `lane` (see ``reserveSlots(lane:interval:count:)``).
    /// - Returns: How long the caller must wait before sending (zero or more).
    public func reserveSlot(lane: String, interval: Duration) async throws -> Duration {
        try await reserveSlots(lane: lane, interval: interval, count: 1)
    }
}
