import FakeTrackmania
import Foundation
import RecordsCore
import Testing
import TrackmaniaAPI

@Suite("Nadeo Live client against the fake")
struct LeaderboardClientTests {
    @Test func topPagesWithOnlyWorldLengthAndOffset() async throws {
        try await FakeHarness.with { harness in
            let leaderboards = harness.services.leaderboards
            let first = try await leaderboards.top(mapUid: "M1", onlyWorld: true, length: 100, offset: 0)
            #expect(first.groupUid == "Personal_Best")
            #expect(first.mapUid == "M1")
            #expect(first.worldRecords.count == 100)
            #expect(first.worldRecords.first?.accountId == TestWorld.accountId(0))
            #expect(first.worldRecords.first?.timestamp == 1_700_000_000)
            #expect(first.tops.first?.zoneName == "World")
            let second = try await leaderboards.top(mapUid: "M1", onlyWorld: true, length: 100, offset: 100)
            #expect(second.worldRecords.count == 21)
            #expect(second.worldRecords.last?.position == 121)
            // Account 5 and account 120 share 40 050 ms: both are 6th, the earlier record listed first.
            let tied = first.worldRecords.filter { $0.score == 40_050 }
            #expect(tied.map(\.position) == [6, 6])
            #expect(tied.map(\.accountId) == [TestWorld.accountId(5), TestWorld.accountId(120)])
            #expect(first.worldRecords[7].position == 8)
        }
    }

    @Test func topWithoutOnlyWorldReturnsFive() async throws {
        try await FakeHarness.with { harness in
            let top = try await harness.services.leaderboards.top(
                mapUid: "M1", onlyWorld: false, length: 100, offset: 50)
            #expect(top.worldRecords.map(\.position) == [1, 2, 3, 4, 5])
        }
    }

    @Test func unknownMapHasAnEmptyTop() async throws {
        try await FakeHarness.with { harness in
            let top = try await harness.services.leaderboards.top(
                mapUid: "NOPE", onlyWorld: true, length: 100, offset: 0)
            #expect(top.tops.count == 1)
            #expect(top.worldRecords.isEmpty)
        }
    }

    @Test func secretThresholdScoresAreMinusOne() async throws {
        try await FakeHarness.with { harness in
            let top = try await harness.services.leaderboards.top(
                mapUid: "SECRET", onlyWorld: true, length: 10, offset: 0)
            #expect(top.worldRecords.map(\.score) == [-1, 41_000])
            #expect(top.worldRecords.map(\.position) == [1, 2])
        }
    }

    @Test func worldTopsFetchesEveryMapOnce() async throws {
        try await FakeHarness.with { harness in
            let uids = (0..<20).map { "BIG\($0)" } + ["M1", "M1"]
            let tops = try await harness.services.leaderboards.worldTops(mapUids: uids)
            #expect(tops.count == 21)
            #expect(tops["M1"]?.worldRecords.count == 100)
            #expect(await harness.stats().count(FakeEndpoint.top) == 21)
        }
    }

    @Test func positionsAreBatchedByFifty() async throws {
        try await FakeHarness.with { harness in
            var scores = Dictionary(uniqueKeysWithValues: (0..<120).map { ("BIG\($0)", 9_999_999) })
            scores["M1"] = 40_055
            scores["UNKNOWN"] = 1
            let positions = try await harness.services.leaderboards.positions(scores: scores)
            #expect(positions.count == 121)
            let m1 = try #require(positions.first { $0.mapUid == "M1" })
            // 40 000 … 40 050 (7 records, the tie included) are better than 40 055.
            #expect(m1.position == 8)
            #expect(positions.first { $0.mapUid == "BIG0" }?.position == 1)
            #expect(await harness.stats().count(FakeEndpoint.position) == 3)
        }
    }

    @Test func mapInfoReturnsKnownMaps() async throws {
        try await FakeHarness.with { harness in
            let info = try await harness.services.leaderboards.mapInfo(mapUids: ["M1", "M2", "NOPE"])
            #expect(Set(info.map(\.uid)) == ["M1", "M2"])
            #expect(info.first { $0.uid == "M1" }?.name == "Alpha Sprint")
            #expect(info.first { $0.uid == "M1" }?.authorTime == 42_000)
        }
    }

    @Test func improvedRecordsShowUpWhileRunning() async throws {
        try await FakeHarness.with { harness in
            let newcomer = TestWorld.accountId(125)
            let changed = await harness.fake.state.submitRecord(
                mapUid: "M1", accountId: newcomer, score: 39_999, timestamp: nil)
            #expect(changed?.changed == true)
            let worse = await harness.fake.state.submitRecord(
                mapUid: "M1", accountId: newcomer, score: 50_000, timestamp: nil)
            #expect(worse?.changed == false)
            let top = try await harness.services.leaderboards.top(mapUid: "M1", onlyWorld: true, length: 1, offset: 0)
            #expect(top.worldRecords.first?.accountId == newcomer)
            #expect(top.worldRecords.first?.score == 39_999)
        }
    }
}
