import Foundation
import RecordsCore
import Storage
import Testing

/// The daily run's storage additions on both stores.
@Suite(.serialized) struct DailyRunStorageTests {
    static let base = Date(timeIntervalSince1970: 1_763_874_012)

    func user(_ db: Database, _ name: String) async throws -> User {
        guard
            case .created(let user) = try await db.repositories.users.register(
                NewUser(username: name, email: "\(name)@example.com", passwordHash: "h"), maxUsers: 100, now: Self.base)
        else { throw SimulatedCrash() }
        return user
    }

    @Test(arguments: Backend.testable)
    func mapChecksCommitBaselinesAndItemsTogether(backend: Backend) async throws {
        try await DailyStores.with(backend) { dbs in
            let db = dbs[0]
            let digests = db.repositories.dailyDigests
            let ann = try await user(db, "ann")
            let item = NewDigestItem(
                userId: ann.id, section: .mapper, dedupeKey: "record:M:a:1", mapUid: "M", payload: "{}")
            let baseline = RecordBaseline(mapUid: "M", accountId: "a", position: 1, score: 10, recordTimestamp: 1)
            #expect(try await digests.lastChecks(mapUids: ["M"]).isEmpty)
            #expect(
                try await digests.commitMapCheck(mapUid: "M", baselines: [baseline], items: [item], now: Self.base) == 1
            )
            #expect(try await digests.lastChecks(mapUids: ["M", "N"]).keys.sorted() == ["M"])
            #expect(try await db.repositories.recordBaselines.baselines(mapUids: ["M"])["M"] == [baseline])
            // The same change again queues nothing; the check time moves.
            let later = Self.base.addingTimeInterval(60)
            #expect(
                try await digests.commitMapCheck(mapUid: "M", baselines: [baseline], items: [item], now: later) == 0)
            let checked = try #require(try await digests.lastChecks(mapUids: ["M"])["M"])
            #expect(abs(checked.timeIntervalSince(later)) < 0.001)
            #expect(try await digests.usersWithPendingItems() == [ann.id])

            let pending = try await digests.pendingItems(userId: ann.id)
            try await digests.recordDelivery(
                itemIds: pending.map(\.id), username: "ann", email: "ann@example.com", day: "2025-11-23",
                mapperContent: "m", driverContent: "", now: later)
            #expect(try await digests.usersWithPendingItems().isEmpty)
            let email = try #require(try await digests.email(username: "ann", day: "2025-11-23"))
            #expect(email.status == .sent && email.mapperContent == "m")
        }
    }

    @Test(arguments: Backend.testable)
    func driverChecksAndRunTakeover(backend: Backend) async throws {
        try await DailyStores.with(backend) { dbs in
            let db = dbs[0]
            let bob = try await user(db, "bob")
            let note = try await db.repositories.driverNotifications.create(
                NewDriverNotification(userId: bob.id, mapUid: "M", mapName: "Map", position: 2, personalBest: 500),
                now: Self.base)
            let item = NewDigestItem(
                userId: bob.id, section: .driver, dedupeKey: "beaten:M:3", mapUid: "M", payload: "{}")
            #expect(
                try await db.repositories.dailyDigests.commitDriverCheck(
                    notificationId: note.id, position: 3, personalBest: 500, status: .active, items: [item],
                    now: Self.base))
            #expect(
                try await db.repositories.dailyDigests.commitDriverCheck(
                    notificationId: 9_999, position: 3, personalBest: 500, status: .active,
                    items: [
                        NewDigestItem(userId: bob.id, section: .driver, dedupeKey: "x", mapUid: nil, payload: "{}")
                    ],
                    now: Self.base) == false)
            #expect(
                try await db.repositories.dailyDigests.pendingItems(userId: bob.id).map(\.dedupeKey) == ["beaten:M:3"])
            #expect(
                try await db.repositories.driverNotifications.notifications(userId: bob.id).first?.currentPosition == 3)

            let runs = db.repositories.dailyRuns
            let dead = try await runs.start(day: "2025-11-23", now: Self.base)
            #expect(try await runs.running()?.id == dead.id)
            #expect(try await runs.updateSummary(id: dead.id, summary: #"{"phase":"fetch"}"#))
            #expect(try await runs.updateSummary(id: 9_999, summary: "{}") == false)
            let abandoned = try await runs.abandonRunning(now: Self.base.addingTimeInterval(5))
            #expect(abandoned.map(\.id) == [dead.id])
            #expect(try await runs.running() == nil)
            let stored = try #require(try await runs.run(id: dead.id))
            #expect(stored.status == .failed && stored.summary == #"{"phase":"fetch"}"#)
            #expect(try await runs.run(id: 9_999) == nil)
        }
    }
}
