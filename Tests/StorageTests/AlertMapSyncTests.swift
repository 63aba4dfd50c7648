import AsyncHTTPClient
import FakeTrackmania
import Foundation
import Logging
import RecordsCore
import Testing
import TrackmaniaAPI

@testable import Storage

extension StorageSuite {
    /// An alert's map listing, the switch to inaccurate mode and the shared baselines, against the fake world.
    @Suite struct AlertMapSyncTests {
        static func sync(_ db: Database, fake: RunningFakeTrackmania) -> AlertMapSync {
            var configuration = TrackmaniaConfiguration.pointingAt(
                fakeBaseURL: fake.baseURL, userAgent: "recordsw-tests")
            configuration.requestsPerSecond = 1000
            configuration.requestTimeout = .seconds(10)
            let services = TrackmaniaServices(
                configuration: configuration, httpClient: .shared, tokens: db.repositories.apiTokens,
                displayNames: db.repositories.displayNames, logger: MapSearchWorkerTests.logger)
            return AlertMapSync(
                exchange: services.exchange, leaderboards: services.leaderboards, alerts: db.repositories.alerts,
                positions: db.repositories.mapPositions, clock: SystemClock(), logger: MapSearchWorkerTests.logger)
        }

        @Test(arguments: Backend.testable)
        func largeAuthorsSwitchAndCoAuthorsShareBaselines(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                try await MapSearchWorkerTests.withFake { fake in
                    let sync = Self.sync(db, fake: fake)
                    let alerts = db.repositories.alerts
                    let hefest = try await db.makeUser("Hefest")
                    let techTonic = try await db.makeUser("TechTonic")

                    // 131 maps: switched, every map recorded with a probed baseline.
                    let big = try await alerts.create(
                        NewAlert(userId: hefest.id, username: "Hefest", email: hefest.email), now: Date())
                    let listing = try await sync.list(alert: big)
                    #expect(listing.mapCount == 131)
                    #expect(listing.autoSwitched)
                    #expect(listing.alertType == .inaccurate)
                    #expect(try await alerts.alert(id: big.id)?.alertType == .inaccurate)
                    #expect(try await alerts.alert(id: big.id)?.mapCount == 131)
                    try await sync.recordMapsAndBaselines(alertId: big.id, listing: listing)
                    let uids = try await alerts.mapUids(alertId: big.id)
                    #expect(uids.count == 131)
                    #expect(try await db.repositories.mapPositions.positions(mapUids: uids).count == 131)

                    // A small author who asked for inaccurate mode shares the collab map's baseline.
                    let small = try await alerts.create(
                        NewAlert(
                            userId: techTonic.id, username: "TechTonic", email: techTonic.email, alertType: .inaccurate),
                        now: Date())
                    let smallListing = try await sync.list(alert: small)
                    #expect(smallListing.autoSwitched == false)
                    #expect(smallListing.mapCount == 10)
                    try await sync.recordMapsAndBaselines(alertId: small.id, listing: smallListing)
                    let shared = Set(uids).intersection(smallListing.mapUids)
                    #expect(shared.count == 1)

                    // Deleting the big alert keeps the baseline the small one still uses.
                    #expect(try await alerts.delete(alertId: big.id, userId: hefest.id))
                    let left = try await db.repositories.mapPositions.positions(mapUids: uids)
                    #expect(Set(left.keys) == shared)

                    // An author below the threshold who asked for accurate mode stays accurate, no baselines;
                    // its maps are recorded at once, so the live watcher reads them before any daily run.
                    let kaizo = try await db.makeUser("kaizo")
                    let accurate = try await alerts.create(
                        NewAlert(userId: kaizo.id, username: "kaizo", email: kaizo.email), now: Date())
                    let accurateListing = try await sync.list(alert: accurate)
                    #expect(accurateListing.alertType == .accurate && !accurateListing.autoSwitched)
                    let probedBefore = try await db.repositories.mapPositions.positions(
                        mapUids: accurateListing.mapUids)
                    try await sync.recordMapsAndBaselines(alertId: accurate.id, listing: accurateListing)
                    #expect(try await alerts.mapUids(alertId: accurate.id) == accurateListing.mapUids.sorted())
                    #expect(!accurateListing.mapUids.isEmpty)
                    let probedAfter = try await db.repositories.mapPositions.positions(mapUids: accurateListing.mapUids)
                    #expect(probedAfter.count == probedBefore.count)
                }
            }
        }
    }
}
