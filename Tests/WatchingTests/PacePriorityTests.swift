import Foundation
import RecordsCore
import Synchronization
import Testing
import TrackmaniaAPI

/// Interactive work goes first in the shared pace: while an interactive caller waits for a slot, the
/// watcher's (background) callers wait too, so the interactive caller queues behind at most the slots
/// already reserved, not behind the watcher's whole stream.
@Suite struct PacePriorityTests {
    /// Counted, not timed: how many background slots are granted while one interactive caller waits.
    /// Without priority the interactive caller queues behind the eight reserved background slots and
    /// everything they re-reserve meanwhile; with it, only behind what was already reserved.
    @Test func interactiveCallersGoBeforeTheWatchersStream() async throws {
        let limiter = TrackmaniaRateLimiter(requestsPerSecond: 20)
        let granted = Grants()
        let background = Task {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        await UpstreamPriority.$isBackground.withValue(true) {
                            while !Task.isCancelled {
                                guard (try? await limiter.acquire()) != nil else { continue }
                                granted.count.withLock { $0 += 1 }
                            }
                        }
                    }
                }
            }
        }
        // Let the background stream fill the pace first.
        while granted.count.withLock({ $0 }) < 16 { try await Task.sleep(for: .milliseconds(20)) }
        var overtaken: [Int] = []
        for _ in 0..<6 {
            let before = granted.count.withLock { $0 }
            try await limiter.acquire()
            overtaken.append(granted.count.withLock { $0 } - before)
        }
        background.cancel()
        await background.value
        // After the first call (behind what was already reserved), the interactive caller passes the
        // background stream: at most the slots reserved before it asked, never the stream's whole queue.
        let later = overtaken.dropFirst()
        #expect(later.allSatisfy { $0 <= 8 }, "background grants during interactive waits: \(overtaken)")
        #expect(later.reduce(0, +) / later.count <= 4, "background grants during interactive waits: \(overtaken)")
    }
}

/// The background grants, shared by the stream's tasks and the test.
private final class Grants: Sendable {
    let count = Mutex(0)
}
