import Synchronization
import Testing

@testable import Storage

@Suite("Lease watchdog")
struct LeaseWatchdogTests {
    @Test("expires only overdue leases, each once, and never one that finished")
    func expiry() {
        let watchdog = LeaseWatchdog()
        let fired = Mutex<[String]>([])
        let start = ContinuousClock.now
        _ = watchdog.watch(until: start + .seconds(1)) { fired.withLock { $0.append("early") } }
        let served = watchdog.watch(until: start + .seconds(1)) { fired.withLock { $0.append("served") } }
        _ = watchdog.watch(until: start + .seconds(5)) { fired.withLock { $0.append("late") } }
        watchdog.finish(served)
        #expect(watchdog.watching == 2)

        watchdog.expireOverdue(now: start + .milliseconds(999))
        #expect(fired.withLock { $0 }.isEmpty)
        watchdog.expireOverdue(now: start + .seconds(1))
        watchdog.expireOverdue(now: start + .seconds(2))
        #expect(fired.withLock { $0 } == ["early"])
        #expect(watchdog.watching == 1)
        watchdog.expireOverdue(now: start + .seconds(6))
        #expect(fired.withLock { $0 } == ["early", "late"])
        #expect(watchdog.watching == 0)
    }

    @Test("its loop expires a lease within a tick of the deadline and stops when cancelled")
    func loop() async throws {
        let watchdog = LeaseWatchdog(tick: .milliseconds(10))
        let loop = Task { await watchdog.run() }
        defer { loop.cancel() }
        let expired = Mutex(false)
        _ = watchdog.watch(until: .now + .milliseconds(30)) { expired.withLock { $0 = true } }
        let deadline = ContinuousClock.now + .seconds(30)
        while !expired.withLock({ $0 }) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(expired.withLock { $0 })
        loop.cancel()
        await loop.value
    }
}
