/// Paces all outbound Trackmania traffic: one shared instance hands out evenly spaced send slots.
///
/// Nadeo asks for at most about 2 requests per second; every attempt (retries and token calls included)
/// takes a slot. A 429 with `Retry-After` pushes the next slot out for everyone, because the upstream
/// is telling the whole account to slow down, not one caller.
public actor TrackmaniaRateLimiter {
    private let interval: Duration
    private let clock = ContinuousClock()
    private var nextSlot: ContinuousClock.Instant

    /// - Parameter requestsPerSecond: The sustained rate; slots are `1/requestsPerSecond` apart.
    public init(requestsPerSecond: Double) {
        interval = requestsPerSecond > 0 ? .seconds(1 / requestsPerSecond) : .zero
        nextSlot = clock.now
    }

    /// Waits for the next free slot.
    /// - Throws: `CancellationError` if the task is cancelled while waiting.
    public func acquire() async throws {
        let wait = reserve()
        if wait > .zero {
            try await Task.sleep(for: wait)
        }
    }

    /// Delays every later slot until `delay` from now has passed.
    /// - Parameter delay: How long the upstream asked us to wait.
    public func pause(for delay: Duration) {
        let until = clock.now + delay
        if until > nextSlot { nextSlot = until }
    }

    private func reserve() -> Duration {
        let now = clock.now
        let slot = max(now, nextSlot)
        nextSlot = slot + interval
        return slot - now
    }
}
