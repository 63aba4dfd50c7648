/// How a failed Trackmania call is retried: 5xx, timeouts and dropped connections back off
/// exponentially; 429 waits for `Retry-After`; a 401 is retried once with a fresh token elsewhere.
public struct TrackmaniaRetryPolicy: Sendable, Equatable {
    /// Attempts per call, the first included.
    public var maxAttempts: Int
    /// The first back-off; doubled after each failed attempt.
    public var baseDelay: Duration
    /// No single back-off is longer than this.
    public var maxDelay: Duration
    /// A `Retry-After` above this fails the call instead of stalling it (the original slept 15 minutes).
    public var maxRetryAfter: Duration
    /// Time allowed for one attempt.
    public var timeout: Duration

    /// Creates a value from its fields.
    public init(maxAttempts: Int, baseDelay: Duration, maxDelay: Duration, maxRetryAfter: Duration, timeout: Duration) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.timeout = timeout
    }

    /// The back-off before attempt `attempt + 1`.
    /// - Parameter attempt: The 1-based attempt that just failed.
    /// - Returns: `baseDelay · 2^(attempt−1)`, capped at ``maxDelay``.
    public func backoff(after attempt: Int) -> Duration {
        let factor = 1 << min(max(attempt - 1, 0), 16)
        return min(baseDelay * factor, maxDelay)
    }
}
