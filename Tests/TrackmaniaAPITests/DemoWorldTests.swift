import FakeTrackmania
import Foundation
import Testing
import TrackmaniaAPI

@Suite("The demo world (bundled resource, linked as Fixtures/trackmania/world.json)")
struct DemoWorldTests {
    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/trackmania/world.json")

    @Test func isRichEnoughForTheWholeProduct() throws {
        let world = try FakeWorld.load(from: Self.url)
        let mapsPerUser = Dictionary(grouping: world.maps.flatMap { map in map.authorUserIds.map { ($0, map.uid) } }) {
            $0.0
        }
        #expect(mapsPerUser.count >= 4)
        #expect(mapsPerUser.values.contains { $0.count > 100 })
        #expect(world.maps.count >= 40)
        #expect(world.maps.contains { $0.authorUserIds.count > 1 })
        #expect(world.maps.contains { $0.secretThreshold != nil })
        #expect(world.accounts.contains { $0.displayName.contains("$") })
        #expect(world.accounts.contains { $0.displayName.contains("&") })
        #expect(world.accounts.contains { $0.displayName.contains(" ") })
        #expect(world.accounts.contains { $0.displayName.unicodeScalars.contains { !$0.isASCII } })
        #expect(world.records.contains { ($0.ageSeconds ?? .max) < 86_400 })
        let recordsPerMap = Dictionary(grouping: world.records, by: \.mapUid)
        #expect(recordsPerMap.values.contains { $0.count > 100 })
        let accountIds = Set(world.accounts.map(\.accountId))
        #expect(world.records.allSatisfy { accountIds.contains($0.accountId) })
        let userIds = Set(world.exchangeUsers.map(\.userId))
        #expect(world.maps.allSatisfy { $0.authorUserIds.allSatisfy(userIds.contains) })
    }

    @Test("the bundled resource is an absolute path, independent of the working directory, and is this file")
    func bundledWorldIsTheFixture() throws {
        let bundled = try #require(FakeTrackmaniaServer.bundledDemoWorldURL)
        #expect(bundled.path.hasPrefix("/"))
        #expect(FileManager.default.fileExists(atPath: bundled.path))
        #expect(try Data(contentsOf: bundled) == Data(contentsOf: Self.url))
        _ = try FakeWorld.load(from: bundled)
    }

    @Test func servesTheDemoMapperInProcess() async throws {
        let fake = try await FakeTrackmaniaServer.startDemo(worldPath: Self.url.path, logger: .init(label: "demo-test"))
        let configuration = TrackmaniaConfiguration.pointingAt(
            fakeBaseURL: fake.baseURL, userAgent: FakeHarness.userAgent)
        let services = TrackmaniaServices(
            configuration: configuration, httpClient: .shared, tokens: InMemoryAPITokens(),
            displayNames: InMemoryDisplayNames(), logger: .init(label: "demo-test"))
        do {
            let users = try await services.directory.searchExchangeUsers(name: "Hefest")
            #expect(users.users.contains { $0.name == "Hefest" })
            let maps = try await services.exchange.mapsByAuthor("Hefest")
            #expect(maps.count > 100)
            await fake.stop()
        } catch {
            await fake.stop()
            throw error
        }
    }
}
