import RecordsCore

/// Holds the first value offered and hands it to every waiter; later offers are ignored.
///
/// Lets a request wait for background work up to a deadline without cancelling that work: the work
/// and a timer both offer, the request takes whichever came first, and the work carries on.
actor FirstOutcome<Value: Sendable> {
    private var value: Value?
    private var waiters: [CheckedContinuation<Value, Never>] = []

    /// Offers a value; only the first one counts.
    func offer(_ candidate: Value) {
        guard value == nil else { return }
        value = candidate
        for waiter in waiters { waiter.resume(returning: candidate) }
        waiters = []
    }

    /// The first value offered, waiting for it if needed.
    func first() async -> Value {
        if let value { return value }
        return await withCheckedContinuation { waiters.append($0) }
    }

    /// The first of `work`'s outcome (which keeps running in `background`) and `fallback` after `deadline`.
    static func race(
        deadline: Duration, fallback: Value, background: BackgroundWork, name: String,
        work: @escaping @Sendable (FirstOutcome<Value>) async throws -> Void
    ) async -> Value {
        let outcome = FirstOutcome<Value>()
        await background.launch(name) { try await work(outcome) }
        return await withTaskGroup(of: Value?.self) { group in
            group.addTask { await outcome.first() }
            group.addTask {
                // Offered after the deadline, or at once when cancelled (the work answered first, so this
                // offer is ignored; or the request itself was cancelled and must not wait for the work).
                try? await Task.sleep(for: deadline)
                await outcome.offer(fallback)
                return nil
            }
            var answer: Value?
            while answer == nil, let next = await group.next() {
                if let next {
                    answer = next
                    group.cancelAll()
                }
            }
            return answer ?? fallback
        }
    }
}
