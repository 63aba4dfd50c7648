/// Spaces posts to one destination (a Discord webhook, an ntfy topic): at least the configured
/// interval apart, and not before the far side's rate-limit bucket resets when it said it is empty.
actor PushPacer {
    private var nextAllowed: [String: ContinuousClock.Instant] = [:]
    private let clock = ContinuousClock()

    /// Waits for `key`'s turn and books the next one `interval` later.
    func waitTurn(_ key: String, interval: Duration) async throws {
        let now = clock.now
        let start = max(now, nextAllowed[key] ?? now)
        nextAllowed[key] = start + interval
        if nextAllowed.count > 10_000 { nextAllowed = nextAllowed.filter { $0.value > now } }
        if start > now { try await Task.sleep(until: start, clock: clock) }
    }

    /// Holds `key` back for `delay` (a 429's `retry_after`, or an empty bucket's reset).
    func hold(_ key: String, for delay: Duration) {
        let until = clock.now + delay
        if until > nextAllowed[key] ?? clock.now { nextAllowed[key] = until }
    }
}
