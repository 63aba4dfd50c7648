import Foundation
import RecordsCore
import Testing

/// The daily run keeps its contract next to a live watcher: it sends the digests and checks only the
/// maps the watcher has not checked within the floor, and everything while no watcher holds the lease.
@Suite(.serialized) struct DailyRunAlongsideTests {
    static func coordinator(_ h: WatchHarness, skipWithin: TimeInterval?) -> DailyRunCoordinator {
        var settings = DailyRunSettings(fetchConcurrency: 2)
        settings.skipCheckedWithin = skipWithin
        let runner = DailyRunner(
            repositories: h.repositories,
            services: DailyRunner.Services(
                leaderboards: h.nadeo, directory: h.nadeo, exchange: h.nadeo, mailer: NoMail()),
            settings: settings, preferenceLinks: nil, clock: SystemClock(), logger: WatchHarness.logger)
        return DailyRunCoordinator(
            runner: runner, runs: h.repositories.dailyRuns, locks: h.repositories.locks, metrics: .disabled)
    }

    @Test(arguments: Backend.testable)
    func theDailyRunSkipsOnlyWhatALiveWatcherCheckedWithinTheFloor(backend: Backend) async throws {
        try await WatchHarness.with(backend) { h in
            let old = h.now - 10 * 86_400
            await h.nadeo.setTop("FRESH", [(1, 30_000, old)])
            await h.nadeo.setTop("STALE", [(2, 31_000, old)])
            let mapper = try await h.user("MapperA")
            try await h.alert(mapper, maps: ["FRESH", "STALE"])
            // FRESH was checked a minute ago (by the watcher), STALE two days ago.
            _ = try await h.repositories.dailyDigests.commitMapCheck(
                mapUid: "FRESH", baselines: [], items: [], now: Date().addingTimeInterval(-60))
            _ = try await h.repositories.dailyDigests.commitMapCheck(
                mapUid: "STALE", baselines: [], items: [], now: Date().addingTimeInterval(-2 * 86_400))

            // No watcher holds the lease: the run reads both, as the original did.
            _ = try await Self.coordinator(h, skipWithin: 86_400).runNow()
            #expect(await h.nadeo.readCount("FRESH") == 1)
            #expect(await h.nadeo.readCount("STALE") == 1)

            // A watcher holds the lease: the run reads only what it did not check within the floor.
            _ = try await h.repositories.dailyDigests.commitMapCheck(
                mapUid: "STALE", baselines: [], items: [], now: Date().addingTimeInterval(-2 * 86_400))
            let now = Date()
            #expect(
                try await h.repositories.watchLeases.acquire(
                    name: WatchLease.name, holder: "watcher", now: now, expiresAt: now.addingTimeInterval(60)))
            let outcome = try await Self.coordinator(h, skipWithin: 86_400).runNow()
            #expect(await h.nadeo.readCount("FRESH") == 1, "checked a moment ago: left to the watcher")
            #expect(await h.nadeo.readCount("STALE") == 2)
            guard case .finished(let report) = outcome else {
                Issue.record("the run did not finish: \(outcome)")
                return
            }
            #expect(report.phase == .completed)

            // daily mode (no skip): everything again, even with the lease held.
            _ = try await Self.coordinator(h, skipWithin: nil).runNow()
            #expect(await h.nadeo.readCount("FRESH") == 2)
        }
    }
}
