import Foundation
import RecordsCore
import Testing

/// The live watcher against the stub Nadeo and a real store (SQLite, and PostgreSQL when configured):
/// news found within its read interval, committed once with its freshness, nothing false on faults.
@Suite(.serialized) struct LiveWatcherTests {
    static let day = 86_400

    /// Two maps with old records; MapperA watches both.
    /// A fixed past instant for old records, so a top set again later carries the same timestamps.
    static let old = Int(Date().timeIntervalSince1970) - 10 * day

    static func seedTwoMaps(_ h: WatchHarness) async throws -> User {
        await h.nadeo.setTop("M1", [(1, 30_000, old), (2, 31_000, old + 3600)])
        await h.nadeo.setTop("M2", [(3, 40_000, old - 86_400)])
        let mapper = try await h.user("MapperA")
        try await h.alert(mapper, maps: ["M1", "M2"])
        return mapper
    }

    @Test(arguments: Backend.testable)
    func aNewRecordIsNewsOnceWithItsFreshness(backend: Backend) async throws {
        try await WatchHarness.with(backend) { h in
            let mapper = try await Self.seedTwoMaps(h)
            let task = h.start(h.watcher())
            try await h.eventually("both maps checked") { try await h.checked(["M1", "M2"]) }
            #expect(try await h.news(mapper).isEmpty, "old records are not news on a first check")

            let driven = h.now - 5
            await h.nadeo.drive("M1", player: 9, score: 29_000, timestamp: driven)
            try await h.eventually("the record is news") { try await !h.news(mapper).isEmpty }
            // Many more reads: still one item.
            let reads = await h.nadeo.readCount("M1")
            try await h.eventually("M1 read again") { await h.nadeo.readCount("M1") >= reads + 5 }
            await h.stop(task)

            let news = try await h.news(mapper)
            #expect(news.count == 1)
            let item = try #require(news.first)
            #expect(item.recordedAt.map { Int($0.timeIntervalSince1970) } == driven)
            #expect(item.detectedAt.timeIntervalSince1970 >= Double(driven))
            let entry = try #require(NewsEntry(item, driverAccountId: nil))
            #expect(entry.kind == "record")
            #expect(entry.position == 1)
            #expect(entry.time == 29_000)
            #expect(entry.accountId == StubNadeo.account(9))
        }
    }

    @Test(arguments: Backend.testable)
    func failuresKeepBaselinesAndReportNothingFalse(backend: Backend) async throws {
        try await WatchHarness.with(backend) { h in
            let mapper = try await Self.seedTwoMaps(h)
            let task = h.start(h.watcher())
            try await h.eventually("both maps checked") { try await h.checked(["M1", "M2"]) }
            let before = try await h.repositories.recordBaselines.baselines(mapUids: ["M1", "M2"])

            // 5xx, 429, a timeout on M1; an empty top on M2 (where records were): nothing is news,
            // the baselines stay, and the maps back off (far fewer reads than the 42 ms interval allows).
            await h.nadeo.setFault("M1", .httpStatus(503))
            await h.nadeo.removeRecords("M2", keep: 0)
            let reads = await h.nadeo.totalReads()
            try await Task.sleep(for: .seconds(1))
            await h.nadeo.setFault("M1", .rateLimited)
            try await Task.sleep(for: .milliseconds(500))
            await h.nadeo.setFault("M1", .timeout)
            try await Task.sleep(for: .milliseconds(500))
            let during = await h.nadeo.totalReads() - reads
            #expect(during < 30, "failing maps back off (\(during) reads in 2 s)")
            #expect(try await h.news(mapper).isEmpty)
            #expect(try await h.repositories.recordBaselines.baselines(mapUids: ["M1", "M2"]) == before)

            // Back to normal with the same records: nothing is news; a new record is, once.
            await h.nadeo.setFault("M1", nil)
            await h.nadeo.setTop("M2", [(3, 40_000, Self.old - 86_400)])
            await h.nadeo.drive("M1", player: 7, score: 29_500, timestamp: h.now - 1)
            try await h.eventually("the record after the faults is news", timeout: 40) {
                try await h.news(mapper).count >= 1
            }
            try await Task.sleep(for: .milliseconds(500))
            await h.stop(task)
            let news = try await h.news(mapper)
            #expect(news.count == 1)
            #expect(news.first?.mapUid == "M1")
        }
    }

    @Test(arguments: Backend.testable)
    func shrinkingTopsHiddenScoresAndDeletedMaps(backend: Backend) async throws {
        try await WatchHarness.with(backend) { h in
            let old = h.now - 10 * Self.day
            await h.nadeo.setTop("S", (1...10).map { ($0, 30_000 + $0, old) })
            await h.nadeo.setTop("H", [(1, -1, old), (2, -1, old)])
            await h.nadeo.setTop("D", [(1, 50_000, old)])
            let mapper = try await h.user("MapperA")
            try await h.alert(mapper, maps: ["S", "H", "D"])
            let task = h.start(h.watcher())
            try await h.eventually("all maps checked") { try await h.checked(["S", "H", "D"]) }

            // S shrinks to 4 records then grows back with the same ones: nothing is news.
            await h.nadeo.removeRecords("S", keep: 4)
            try await Task.sleep(for: .milliseconds(400))
            await h.nadeo.setTop("S", (1...10).map { ($0, 30_000 + $0, old) })
            // D is deleted from Nadeo (404): no news, tried once per floor.
            await h.nadeo.setFault("D", .notFound)
            let dReads = await h.nadeo.readCount("D")
            // H: a hidden record (score −1) is news by its timestamp.
            await h.nadeo.drive("H", player: 5, score: -1, timestamp: h.now - 2)
            try await h.eventually("the hidden record is news") { try await h.news(mapper).count >= 1 }
            try await Task.sleep(for: .milliseconds(600))
            await h.stop(task)

            let news = try await h.news(mapper)
            #expect(news.count == 1)
            #expect(news.first?.mapUid == "H")
            #expect(NewsEntry(try #require(news.first), driverAccountId: nil)?.time == -1)
            #expect(await h.nadeo.readCount("D") <= dReads + 1, "a deleted map waits for the floor")
        }
    }

    @Test(arguments: Backend.testable)
    func driversAreToldWhenBeatenAndWhenTheyImprove(backend: Backend) async throws {
        try await WatchHarness.with(backend) { h in
            let old = h.now - 10 * Self.day
            await h.nadeo.setTop("R", [(1, 30_000, old), (2, 31_000, old), (150, 32_000, old)])
            let dan = try await h.user("dan", accountIndex: 150)
            _ = try await h.repositories.driverNotifications.create(
                NewDriverNotification(userId: dan.id, mapUid: "R", mapName: "Race", position: 3, personalBest: 32_000),
                now: Date().addingTimeInterval(-60))
            let task = h.start(h.watcher())
            try await h.eventually("R checked once") { await h.nadeo.readCount("R") >= 2 }

            // Set "now" as Nadeo stamps it: after the watcher's previous check of the map.
            let passed = h.now + 2
            await h.nadeo.drive("R", player: 7, score: 30_500, timestamp: passed)
            try await h.eventually("dan is beaten") { try await h.news(dan).count == 1 }
            await h.nadeo.drive("R", player: 150, score: 29_000, timestamp: h.now + 3)
            try await h.eventually("dan improved") { try await h.news(dan).count == 2 }
            try await Task.sleep(for: .milliseconds(500))
            await h.stop(task)

            let entries = try await h.news(dan).compactMap { NewsEntry($0, driverAccountId: StubNadeo.account(150)) }
            #expect(entries.map(\.kind) == ["improved", "beaten"])
            #expect(entries.last?.accountId == StubNadeo.account(7))
            #expect(entries.last?.recordedAt.map { Int($0.timeIntervalSince1970) } == passed)
            #expect(entries.first?.accountId == StubNadeo.account(150))
            #expect(entries.first?.position == 1)
        }
    }

    @Test(arguments: Backend.testable)
    func aRestartMidCheckLosesNothingAndDoublesNothing(backend: Backend) async throws {
        try await WatchHarness.with(backend) { h in
            let mapper = try await Self.seedTwoMaps(h)
            var task = h.start(h.watcher())
            try await h.eventually("both maps checked") { try await h.checked(["M1", "M2"]) }
            // Reads now hang mid-flight; a record arrives; the watcher is stopped while reading it.
            await h.nadeo.setReadDelay(.seconds(2))
            await h.nadeo.drive("M2", player: 8, score: 39_000, timestamp: h.now - 1)
            try await Task.sleep(for: .milliseconds(300))
            await h.stop(task)
            #expect(try await h.news(mapper).isEmpty, "the interrupted read committed nothing")

            // A new watcher (a restarted process) finds the record, once.
            await h.nadeo.setReadDelay(.zero)
            task = h.start(h.watcher())
            try await h.eventually("the record is found after the restart") { try await h.news(mapper).count == 1 }
            try await Task.sleep(for: .milliseconds(500))
            await h.stop(task)
            #expect(try await h.news(mapper).count == 1)
        }
    }

    @Test(arguments: Backend.testable)
    func theBudgetPaceIsTakenForEveryRequest(backend: Backend) async throws {
        try await WatchHarness.with(backend) { h in
            _ = try await Self.seedTwoMaps(h)
            let pace = CountingPace()
            let task = h.start(h.watcher(pace: pace))
            try await h.eventually("maps read several times") { await h.nadeo.totalReads() >= 10 }
            await h.stop(task)
            let reads = await h.nadeo.totalReads()
            let probes = await h.nadeo.probeCalls
            #expect(await pace.slots >= reads + probes)
        }
    }
}
