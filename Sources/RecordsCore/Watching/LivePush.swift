import Foundation
import Logging

/// Pushes the watcher's news at once: each signal (a commit that queued items) runs the daily run's
/// push phase, through the same ledger and guarantees (recorded `sending` before a post leaves, never
/// twice, retried within the window). It also runs every `interval`, for retries that came due and
/// items other runs queued. Signals arriving while a push runs coalesce into one more push.
actor LivePush {
    private let runner: DailyRunner
    private let interval: TimeInterval
    private var wakeUp: AsyncStream<Void>.Continuation?
    private var pending = false

    init(runner: DailyRunner, interval: TimeInterval) {
        self.runner = runner
        self.interval = interval
    }

    /// Asks for a push as soon as possible.
    func signal() {
        pending = true
        wakeUp?.yield()
    }

    /// Pushes until cancelled.
    func run() async {
        guard runner.services.push != nil else { return }
        let (stream, continuation) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        wakeUp = continuation
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(Int(interval * 1000)))
                continuation.yield()
            }
        }
        defer {
            ticker.cancel()
            continuation.finish()
        }
        if pending { continuation.yield() }
        for await _ in stream {
            if Task.isCancelled { break }
            pending = false
            await pushOnce()
        }
    }

    /// One push phase under the push lock (shared with the daily run's push phase), so two pushers
    /// never post the same item: a busy lock means another pusher is at it and will see these items.
    func pushOnce() async {
        do {
            var report = DailyRunReport(runId: 0, phase: .push)
            try await runner.pushPhase(report: &report)
            if let counters = report.push, counters.postsSent > 0 || counters.postsDeferred > 0 {
                runner.logger.debug(
                    "live push",
                    metadata: [
                        "posts": .stringConvertible(counters.postsSent),
                        "deferred": .stringConvertible(counters.postsDeferred),
                    ])
            }
        } catch is CancellationError {
            return
        } catch {
            runner.logger.warning(
                "live push failed; the items wait for the next push",
                metadata: ["error": .string(String(describing: type(of: error)))])
        }
    }
}
