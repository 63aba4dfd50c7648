/// Bounds how many Trackmania requests are in flight at once, across all clients.
public actor TrackmaniaConcurrencyLimiter {
    private var available: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    /// - Parameter limit: Maximum concurrent holders (at least 1).
    public init(limit: Int) {
        available = max(1, limit)
    }

    /// Waits until a permit is free and takes it; pair with ``release()``.
    public func acquire() async {
        if available > 0 {
            available -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Returns a permit, handing it straight to the longest waiter if there is one.
    public func release() {
        if waiters.isEmpty {
            available += 1
        } else {
            waiters.removeFirst().resume()
        }
    }
}
