import FakeTrackmania
import Foundation
import RecordsCore
import Testing
import TrackmaniaAPI

@testable import Storage

extension StorageSuite {
    /// Display names as `POST /users/accountNames` and the map search get them (issue 26): through the
    /// database cache like the daily run's, unknown ids remembered, cached names when the OAuth API fails.
    @Suite struct DisplayNameCacheTests {
        static let known = "7e6ddce7-a7ac-4732-b6fa-dfa7e5c15b62"
        static let unknown = "00000000-0000-0000-0000-000000000000"

        static func directory(
            _ db: Database, fake: RunningFakeTrackmania, lifetime: Duration = .seconds(3600)
        ) -> any TrackmaniaDirectory {
            var configuration = TrackmaniaConfiguration.pointingAt(
                fakeBaseURL: fake.baseURL, userAgent: "recordsw-tests")
            configuration.requestsPerSecond = 1000
            configuration.maxAttempts = 1
            configuration.displayNameLifetime = lifetime
            return TrackmaniaServices(
                configuration: configuration, httpClient: .shared, tokens: db.repositories.apiTokens,
                displayNames: db.repositories.displayNames, logger: MapSearchWorkerTests.logger
            ).directory
        }

        @Test(arguments: Backend.testable)
        func unknownIdsAreNotAskedAgainWithinTheLifetime(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                try await MapSearchWorkerTests.withFake { fake in
                    let directory = Self.directory(db, fake: fake)
                    let names = try await directory.displayNames(accountIds: [Self.known, Self.unknown])
                    #expect(names == [Self.known: "Hefest"])
                    #expect(await fake.state.currentStats().count(FakeEndpoint.displayNames) == 1)
                    let again = try await directory.displayNames(accountIds: [Self.unknown, Self.known])
                    #expect(again == [Self.known: "Hefest"])
                    #expect(await fake.state.currentStats().count(FakeEndpoint.displayNames) == 1)
                    // The cache's other readers (the daily run) never see the marker.
                    let cache = db.repositories.displayNames
                    #expect(
                        try await cache.displayNames(accountIds: [Self.unknown], freshSince: .distantPast).isEmpty)
                }
            }
        }

        @Test(arguments: Backend.testable)
        func cachedNamesAnswerWhenTheOAuthAPIFails(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                try await MapSearchWorkerTests.withFake { fake in
                    let cache = db.repositories.displayNames
                    try await cache.save([Self.known: "Hefest (old)"], now: Date().addingTimeInterval(-7200))
                    let directory = Self.directory(db, fake: fake)
                    await fake.state.addFaults([
                        FakeFault(endpoint: FakeEndpoint.displayNames, kind: .status, status: 503, count: 10)
                    ])
                    // A stale name beats none, as in the daily run.
                    #expect(try await directory.displayNames(accountIds: [Self.known]) == [Self.known: "Hefest (old)"])
                    // With nothing cached the failure reaches the caller.
                    await #expect(throws: TrackmaniaError.self) {
                        _ = try await directory.displayNames(accountIds: ["d419c772-3226-4b94-bc3a-e353fb14628e"])
                    }
                }
            }
        }

        @Test(arguments: Backend.testable)
        func anUnknownMarkerNeverReplacesAName(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let cache = db.repositories.displayNames
                let now = TestClock.base
                try await cache.save(["a": "Alice"], now: now)
                try await cache.saveUnknown(["a", "b"], now: TestClock.at(10))
                #expect(try await cache.displayNames(accountIds: ["a", "b"], freshSince: now) == ["a": "Alice"])
                #expect(try await cache.unknownIds(accountIds: ["a", "b"], freshSince: now) == ["b"])
                #expect(try await cache.unknownIds(accountIds: ["b"], freshSince: TestClock.at(11)).isEmpty)
                // A name learnt later replaces the marker.
                try await cache.save(["b": "Bob"], now: TestClock.at(20))
                #expect(try await cache.displayNames(accountIds: ["b"], freshSince: now) == ["b": "Bob"])
                #expect(try await cache.unknownIds(accountIds: ["b"], freshSince: now).isEmpty)
            }
        }
    }
}
