import Foundation
import RecordsCore
import Testing

/// Exactly one instance watches: two instances on one database, the holder stopping, the holder dying.
@Suite(.serialized) struct WatchLeaseTests {
    /// Counts bodies running at once.
    actor Activity {
        private(set) var active: [String] = []
        private(set) var maxConcurrent = 0
        private(set) var starts: [String] = []
        func begin(_ who: String) {
            active.append(who)
            starts.append(who)
            maxConcurrent = max(maxConcurrent, active.count)
        }
        func end(_ who: String) { active.removeAll { $0 == who } }
    }

    static func lease(_ h: WatchHarness, _ instance: Int, _ holder: String, ttl: TimeInterval = 1) -> WatchLease {
        WatchLease(
            leases: h.databases[instance].repositories.watchLeases, holder: holder, ttl: ttl, renewEvery: 0.2,
            logger: WatchHarness.logger)
    }

    static func running(_ lease: WatchLease, _ activity: Activity) -> Task<Void, Never> {
        Task {
            await lease.run {
                await activity.begin(lease.holder)
                try? await Task.sleep(for: .seconds(3600))
                await activity.end(lease.holder)
            }
        }
    }

    @Test(arguments: Backend.testable)
    func twoInstancesStartedAtOnceWatchOneAtATimeAndHandOver(backend: Backend) async throws {
        try await WatchHarness.with(backend, instances: 2) { h in
            let activity = Activity()
            // A minute's lease: a takeover within the wait below can only follow a release, never an expiry.
            let a = Self.running(Self.lease(h, 0, "a", ttl: 60), activity)
            let b = Self.running(Self.lease(h, 1, "b", ttl: 60), activity)
            try await h.eventually("someone watches") { await !activity.active.isEmpty }
            try await Task.sleep(for: .seconds(1.5))
            #expect(await activity.maxConcurrent == 1)
            let first = try #require(await activity.active.first)
            // The holder stops gracefully: it releases, the other takes over at its next try.
            if first == "a" { a.cancel(); await a.value } else { b.cancel(); await b.value }
            try await h.eventually("the other instance takes over", timeout: 30) {
                await activity.active == [first == "a" ? "b" : "a"]
            }
            #expect(await activity.maxConcurrent == 1)
            a.cancel()
            b.cancel()
            await a.value
            await b.value
            #expect(try await h.repositories.watchLeases.holder(name: WatchLease.name) == nil)
        }
    }

    @Test(arguments: Backend.testable)
    func aDeadHoldersLeaseIsTakenOverOnceItExpires(backend: Backend) async throws {
        try await WatchHarness.with(backend, instances: 2) { h in
            // A holder that died (kill -9) without releasing: its row stays until it expires.
            let now = Date()
            #expect(
                try await h.repositories.watchLeases.acquire(
                    name: WatchLease.name, holder: "dead", now: now, expiresAt: now.addingTimeInterval(1.5)))
            let activity = Activity()
            let b = Self.running(Self.lease(h, 1, "b"), activity)
            try await Task.sleep(for: .milliseconds(700))
            #expect(await activity.active.isEmpty, "the lease is not taken while it holds")
            try await h.eventually("taken over after expiry", timeout: 30) { await activity.active == ["b"] }
            #expect(Date().timeIntervalSince(now) >= 1.5)
            #expect(try await h.repositories.watchLeases.holder(name: WatchLease.name)?.holder == "b")
            // The dead holder coming back cannot take it while b renews it.
            #expect(
                try await !h.repositories.watchLeases.acquire(
                    name: WatchLease.name, holder: "dead", now: Date(), expiresAt: Date().addingTimeInterval(1)))
            b.cancel()
            await b.value
        }
    }

    @Test(arguments: Backend.testable)
    func twoLiveWatchersOnOneDatabaseReportEachRecordOnce(backend: Backend) async throws {
        try await WatchHarness.with(backend, instances: 2) { h in
            let old = h.now - 10 * 86_400
            await h.nadeo.setTop("M1", [(1, 30_000, old)])
            let mapper = try await h.user("MapperA")
            try await h.alert(mapper, maps: ["M1"])
            // Even without the lease, two watchers racing on one map commit each record once.
            let first = h.start(h.watcher(instance: 0))
            let second = h.start(h.watcher(instance: 1))
            try await h.eventually("M1 checked") { try await h.checked(["M1"]) }
            await h.nadeo.drive("M1", player: 4, score: 29_000, timestamp: h.now - 1)
            try await h.eventually("news") { try await h.news(mapper).count >= 1 }
            try await Task.sleep(for: .milliseconds(500))
            await h.stop(first)
            await h.stop(second)
            #expect(try await h.news(mapper).count == 1)
        }
    }
}
