import FakeTrackmania
import Foundation
import RecordsCore
import Testing
import TrackmaniaAPI

@Suite("Display names and account ids against the fake")
struct DirectoryTests {
    @Test func displayNamesAreBatchedByFiftyAndCached() async throws {
        try await FakeHarness.with { harness in
            let ids = (0..<120).map(TestWorld.accountId) + ["ffffffff-unknown"]
            let names = try await harness.services.directory.displayNames(accountIds: ids)
            #expect(names.count == 120)
            #expect(names[TestWorld.accountId(3)] == "$f00Red$z Racer")
            #expect(names["ffffffff-unknown"] == nil)
            #expect(await harness.stats().count(FakeEndpoint.displayNames) == 3)

            // Cached names are not asked for again; only the new id is.
            let again = try await harness.services.directory.displayNames(
                accountIds: [TestWorld.accountId(1), TestWorld.accountId(125)])
            #expect(again == [TestWorld.accountId(1): "R&D Team", TestWorld.accountId(125): "Driver125"])
            #expect(await harness.stats().count(FakeEndpoint.displayNames) == 4)
            #expect(await harness.names.cached(TestWorld.accountId(125)) == "Driver125")
        }
    }

    @Test func unknownIdsOnlyGiveAnEmptyMap() async throws {
        try await FakeHarness.with { harness in
            // The fake answers `[]` for an empty result, as the OAuth API may.
            let names = try await harness.services.directory.displayNames(accountIds: ["nobody"])
            #expect(names.isEmpty)
        }
    }

    @Test(arguments: TestWorld.oddNames)
    func accountIdsByOddDisplayName(name: String) async throws {
        try await FakeHarness.with { harness in
            let ids = try await harness.services.directory.accountIds(displayNames: [name])
            let index = try #require(TestWorld.oddNames.firstIndex(of: name))
            #expect(ids == [name: TestWorld.accountId(index)])
        }
    }

    @Test func unknownDisplayNameIsAbsent() async throws {
        try await FakeHarness.with { harness in
            let ids = try await harness.services.directory.accountIds(displayNames: ["space man"])
            #expect(ids.isEmpty)
        }
    }
}
