import Foundation
import RecordsCore
import Testing
import TrackmaniaAPI

/// Interactive work goes first in the shared pace: while an interactive caller waits for a slot, the
/// watcher's (background) callers wait too, so the interactive caller queues behind at most the slots
/// already reserved, not behind the watcher's whole stream.
@Suite struct PacePriorityTests {
    @Test func interactiveCallersGoBeforeTheWatchersStream() async throws {
        let limiter = TrackmaniaRateLimiter(requestsPerSecond: 20)
        let background = Task {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        await UpstreamPriority.$isBackground.withValue(true) {
                            while !Task.isCancelled { try? await limiter.acquire() }
                        }
                    }
                }
            }
        }
        try await Task.sleep(for: .milliseconds(300))
        var waits: [Double] = []
        for _ in 0..<6 {
            let start = ContinuousClock.now
            try await limiter.acquire()
            let waited = ContinuousClock.now - start
            waits.append(Double(waited.components.attoseconds) / 1e18 + Double(waited.components.seconds))
        }
        background.cancel()
        await background.value
        // Eight background callers keep eight 50 ms slots reserved: without priority every interactive
        // call would wait ~400 ms. After the first (behind what was already reserved) they wait about one slot.
        let later = waits.dropFirst()
        let mean = later.reduce(0, +) / Double(later.count)
        #expect(mean < 0.2, "interactive waits \(waits)")
    }
}
