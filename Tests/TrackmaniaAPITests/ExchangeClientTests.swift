import FakeTrackmania
import Foundation
import RecordsCore
import Testing
import TrackmaniaAPI

@Suite("Trackmania Exchange client against the fake")
struct ExchangeClientTests {
    @Test func mapsByAuthorFollowsMoreWithAfter() async throws {
        try await FakeHarness.with { harness in
            let maps = try await harness.services.exchange.mapsByAuthor("BigMapper")
            #expect(maps.count == 130)
            #expect(Set(maps.map(\.mapId)).count == 130)
            #expect(maps.first?.mapId == 1129)
            #expect(maps.allSatisfy { $0.authors?.first?.user.name == "BigMapper" })
            #expect(await harness.stats().count(FakeEndpoint.exchangeMaps) == 2)
        }
    }

    @Test func mapsByAuthorIncludesCoAuthoredMaps() async throws {
        try await FakeHarness.with { harness in
            let coAuthor = try await harness.services.exchange.mapsByAuthor("coauthor")
            #expect(coAuthor.map(\.mapUid) == ["M2"])
            let mapper = try await harness.services.exchange.mapsByAuthor("MapperOne")
            #expect(Set(mapper.map(\.mapUid)) == ["M1", "M2", "SECRET"])
        }
    }

    @Test func searchByNameAndUid() async throws {
        try await FakeHarness.with { harness in
            let byName = try await harness.services.exchange.searchMaps(.name("alpha"), count: 20, after: nil)
            #expect(Set(byName.maps.map(\.mapUid)) == ["M1", "SECRET"])
            #expect(byName.more == false)
            #expect(byName.maps.first?.downloadCount != nil)
            #expect(byName.maps.first?.uploadedAt == "2025-06-01T12:00:00Z")
            let byUid = try await harness.services.exchange.searchMaps(.uid("M2"), count: 20, after: nil)
            #expect(byUid.maps.map(\.name) == ["Beta Loop"])
            let page = try await harness.services.exchange.searchMaps(.name("Big Map"), count: 20, after: nil)
            #expect(page.maps.count == 20)
            #expect(page.more)
            let next = try await harness.services.exchange.searchMaps(
                .name("Big Map"), count: 20, after: page.maps.last?.mapId)
            #expect(next.maps.first?.mapId == 1109)
        }
    }

    @Test func usersSearchReportsMore() async throws {
        try await FakeHarness.with { harness in
            let page = try await harness.services.directory.searchExchangeUsers(name: "Search & Rescue")
            #expect(page.users == [ExchangeUser(name: "Search & Rescue", userId: 4)])
            #expect(page.more == false)
            let broad = try await harness.services.directory.searchExchangeUsers(name: "mapper")
            #expect(broad.users.count == 3)
        }
    }

    @Test func wrongShapeIsAMalformedResponse() async throws {
        try await FakeHarness.with { harness in
            // `[]` where TMX sends {More, Results}: a decode error on the first page, not a retry loop.
            await harness.fake.state.addFaults([FakeFault(endpoint: FakeEndpoint.exchangeMaps, kind: .empty)])
            let error = await #expect(throws: TrackmaniaError.self) {
                try await harness.services.exchange.mapsByAuthor("BigMapper")
            }
            guard case .malformedResponse = error else {
                Issue.record("expected malformedResponse, got \(String(describing: error))")
                return
            }
            #expect(await harness.stats().count(FakeEndpoint.exchangeMaps) == 1)
        }
    }
}
