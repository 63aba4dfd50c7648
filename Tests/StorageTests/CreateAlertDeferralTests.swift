import FakeTrackmania
import Foundation
import HandlerKit
import Logging
import RecordsCore
import Testing
import TrackmaniaAPI

@testable import Storage

extension StorageSuite {
    /// R6 when Trackmania Exchange is slow or failing: the alert is created at once and its map list is
    /// recorded in the background; the answer leaves `auto_switched` out because it does not know.
    @Suite struct CreateAlertDeferralTests {
        static func create(
            _ db: Database, fake: RunningFakeTrackmania, user: User, wait: Duration, background: BackgroundWork
        ) async throws -> JSONObject {
            let handler = CreateAlertHandler(
                alerts: db.repositories.alerts, sync: AlertMapSyncTests.sync(db, fake: fake), background: background,
                limiter: RequestLimiter(store: db.repositories.rateLimits), listingWait: wait)
            let context = HandlerContext(
                requestId: "test", logger: MapSearchWorkerTests.logger, clock: SystemClock(),
                body: RequestBody(["record_filter": "wr"]), caller: Caller(user: user, sessionId: "s"))
            let response = try await handler.handle(
                Event(httpMethod: "POST", path: "/api/v1/users/alerts"), context: context)
            #expect(response.statusCode == 200)
            let text = try #require(response.body)
            return try #require(try JSONValue.parse(text).objectValue)
        }

        @Test(arguments: Backend.testable)
        func aSlowListingIsFinishedInTheBackground(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                try await MapSearchWorkerTests.withFake { fake in
                    let user = try await db.makeUser("RavageRunner")
                    let background = BackgroundWork(logger: MapSearchWorkerTests.logger)
                    await fake.state.addFaults([FakeFault(endpoint: "tmx.maps", kind: .delay, seconds: 3, count: 1)])
                    let body = try await Self.create(
                        db, fake: fake, user: user, wait: .milliseconds(200), background: background)
                    #expect(body["success"] == .bool(true))
                    #expect(body["auto_switched"] == nil)
                    #expect(body["map_count"] == .number(0))
                    // The answer came while the listing was still running: it was not cancelled.
                    #expect(await background.count == 1)
                    await background.drain()
                    let alert = try #require(try await db.repositories.alerts.alerts(userId: user.id).first)
                    #expect(alert.mapCount == 6)
                    #expect(alert.recordFilter == .wr)
                }
            }
        }

        @Test(arguments: Backend.testable)
        func aFailingListingIsRetriedInTheBackground(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                try await MapSearchWorkerTests.withFake { fake in
                    let user = try await db.makeUser("Hefest")
                    let background = BackgroundWork(logger: MapSearchWorkerTests.logger)
                    await fake.state.addFaults([FakeFault(endpoint: "tmx.maps", kind: .status, status: 404, count: 1)])
                    let body = try await Self.create(
                        db, fake: fake, user: user, wait: .seconds(30), background: background)
                    #expect(body["auto_switched"] == nil)
                    #expect(body["alert_type"] == .string("accurate"))
                    await background.drain()
                    let alert = try #require(try await db.repositories.alerts.alerts(userId: user.id).first)
                    #expect(alert.mapCount == 131)
                    #expect(alert.alertType == .inaccurate)
                    #expect(try await db.repositories.alerts.mapUids(alertId: alert.id).count == 131)
                }
            }
        }
    }
}
