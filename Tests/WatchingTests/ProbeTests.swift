import Foundation
import RecordsApp
import RecordsCore
import Testing

/// The batched position probe as the cheap detector of quiet maps: a new player brings the map's read
/// forward; an empty answer or an answer omitting the map brings nothing forward and reports nothing.
@Suite(.serialized) struct ProbeTests {
    /// 60 quiet maps read at most every 600 s (the ceiling of a 10-day floor), probed 10 times a second:
    /// a read within the tests' waits (at most 60 s) can only have been brought forward by the probe.
    static let settings = WatchSettings(
        rate: 20, maxStaleness: 864_000, scheduler: .sqrt, concurrency: 4, refreshInterval: 0.2, pushInterval: 0.2,
        probeShare: 0.5)
    static let maps = (0..<60).map { "Q\($0)" }

    static func seed(_ h: WatchHarness) async throws -> User {
        let old = h.now - 30 * 86_400
        for uid in maps { await h.nadeo.setTop(uid, [(1, 30_000, old)]) }
        let mapper = try await h.user("MapperA")
        try await h.alert(mapper, maps: maps)
        return mapper
    }

    @Test(arguments: Backend.testable)
    func aNewPlayerSeenByTheProbeIsReadAtOnce(backend: Backend) async throws {
        try await WatchHarness.with(backend) { h in
            let mapper = try await Self.seed(h)
            let task = h.start(h.watcher(settings: Self.settings))
            try await h.eventually("every map read once") { try await h.checked(Self.maps) }
            // A map's first probe answer is its baseline: under load a batch can skip a map being read,
            // so the count of calls alone does not say Q7 has one.
            try await h.eventually("every map probed") { await h.nadeo.probed(Self.maps) }
            let reads = await h.nadeo.readCount("Q7")
            await h.nadeo.drive("Q7", player: 2, score: 29_000, timestamp: h.now + 1)
            try await h.eventually("the probe brings the read forward", timeout: 60) {
                try await !h.news(mapper).isEmpty
            }
            await h.stop(task)
            #expect(await h.nadeo.readCount("Q7") == reads + 1)
        }
    }

    @Test(arguments: Backend.testable)
    func emptyAndThinProbeAnswersBringNothingForward(backend: Backend) async throws {
        try await WatchHarness.with(backend) { h in
            let mapper = try await Self.seed(h)
            let metrics = AppMetrics(enabled: true)
            let watcher = LiveWatcher(
                deps: LiveWatcher.Dependencies(
                    repositories: h.repositories, leaderboards: h.nadeo, pace: CountingPace(), runner: h.runner(),
                    clock: SystemClock(), logger: WatchHarness.logger, metrics: metrics.recorder),
                settings: Self.settings)
            let task = h.start(watcher)
            try await h.eventually("every map read once") { try await h.checked(Self.maps) }
            try await h.eventually("every map probed") { await h.nadeo.probed(Self.maps) }

            // The probe answers [] (Nadeo does, at times): nothing is read early, nothing reported.
            await h.nadeo.setProbe(.empty)
            await h.nadeo.drive("Q3", player: 2, score: 29_000, timestamp: h.now + 1)
            try await Task.sleep(for: .seconds(1.5))
            #expect(try await h.news(mapper).isEmpty)
            // It omits Q3: still nothing early for Q3; a map it does answer for is promoted.
            await h.nadeo.setProbe(.omit(["Q3"]))
            try await Task.sleep(for: .seconds(1))
            await h.nadeo.drive("Q4", player: 2, score: 29_000, timestamp: h.now + 1)
            try await h.eventually("Q4 promoted", timeout: 60) { try await h.news(mapper).count == 1 }
            await h.stop(task)
            #expect(try await h.news(mapper).map(\.mapUid) == ["Q4"])

            let exposition = metrics.exposition()
            #expect(exposition.contains("watch_checks_total{outcome=\"ok\"}"))
            #expect(exposition.contains("watch_probes_total{outcome=\"empty\"}"))
            #expect(exposition.contains("watch_detection_delay_seconds_bucket"))
        }
    }
}
