import Foundation
import RecordsCore
import Testing

@testable import Storage

extension StorageSuite {
    @Suite struct AlertRepositoryTests {
        @Test(arguments: Backend.testable)
        func createListFilterAndOwnership(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let alerts = db.repositories.alerts
                let user = try await db.makeUser("mapper")
                let other = try await db.makeUser("other")
                let first = try await alerts.create(
                    NewAlert(userId: user.id, username: "mapper", email: user.email), now: TestClock.base)
                let second = try await alerts.create(
                    NewAlert(userId: user.id, username: "mapper", email: user.email, recordFilter: .wr),
                    now: TestClock.at(5))
                #expect(first.alertType == .accurate)
                #expect(first.recordFilter == .top5)
                expectSameInstant(first.createdAt, TestClock.base)
                #expect(try await alerts.alerts(userId: user.id).map(\.id) == [second.id, first.id])
                #expect(try await alerts.alert(id: first.id) == first)
                #expect(try await alerts.alert(id: 99_999) == nil)

                let updated = try await alerts.setRecordFilter(
                    alertId: first.id, userId: user.id, filter: .all, now: TestClock.at(9))
                #expect(updated?.recordFilter == .all)
                expectSameInstant(updated?.updatedAt, TestClock.at(9))
                #expect(
                    try await alerts.setRecordFilter(
                        alertId: first.id, userId: other.id, filter: .wr, now: TestClock.base) == nil)
                #expect(try await alerts.delete(alertId: first.id, userId: other.id) == false)
                #expect(try await alerts.alertsForDailyRun().map(\.id) == [first.id])
                try await alerts.setMapCount(alertId: first.id, count: 42, now: TestClock.base)
                #expect(try await alerts.alert(id: first.id)?.mapCount == 42)
            }
        }

        @Test(arguments: Backend.testable)
        func deletingAnAlertKeepsPositionsOtherAlertsUse(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let alerts = db.repositories.alerts
                let positions = db.repositories.mapPositions
                let ann = try await db.makeUser("ann")
                let ben = try await db.makeUser("ben")
                let annAlert = try await alerts.create(
                    NewAlert(userId: ann.id, username: "ann", email: ann.email, alertType: .inaccurate),
                    now: TestClock.base)
                let benAlert = try await alerts.create(
                    NewAlert(userId: ben.id, username: "ben", email: ben.email, alertType: .inaccurate),
                    now: TestClock.base)
                #expect(try await alerts.addMaps(alertId: annAlert.id, mapUids: ["shared", "annOnly", "shared"]) == 2)
                #expect(try await alerts.addMaps(alertId: annAlert.id, mapUids: ["shared"]) == 0)
                #expect(try await alerts.addMaps(alertId: benAlert.id, mapUids: ["shared"]) == 1)
                #expect(try await alerts.mapUids(alertId: annAlert.id) == ["annOnly", "shared"])
                #expect(try await alerts.totalMapCount() == 3)
                #expect(
                    try await positions.insertBaselines(
                        [
                            (mapUid: "shared", position: 10, score: 9_999_999),
                            (mapUid: "annOnly", position: 3, score: 9_999_999),
                        ],
                        now: TestClock.base) == 2)

                #expect(try await alerts.delete(alertId: annAlert.id, userId: ann.id))
                let left = try await positions.positions(mapUids: ["shared", "annOnly"])
                #expect(Set(left.keys) == ["shared"])
                #expect(try await alerts.totalMapCount() == 1)

                // Switching Ben to accurate frees the shared map's baseline: nobody probes it any more.
                let switched = try await alerts.setAlertType(userId: ben.id, type: .accurate, now: TestClock.at(1))
                #expect(switched.map(\.alertType) == [.accurate])
                #expect(try await positions.positions(mapUids: ["shared"]).isEmpty)
            }
        }

        @Test(arguments: Backend.testable)
        func switchingToAccurateKeepsAnotherUsersInaccurateBaselines(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let alerts = db.repositories.alerts
                let positions = db.repositories.mapPositions
                let ann = try await db.makeUser("ann")
                let ben = try await db.makeUser("ben")
                let annAlert = try await alerts.create(
                    NewAlert(userId: ann.id, username: "ann", email: ann.email, alertType: .inaccurate),
                    now: TestClock.base)
                let benAlert = try await alerts.create(
                    NewAlert(userId: ben.id, username: "ben", email: ben.email, alertType: .inaccurate),
                    now: TestClock.base)
                _ = try await alerts.addMaps(alertId: annAlert.id, mapUids: ["shared", "annOnly"])
                _ = try await alerts.addMaps(alertId: benAlert.id, mapUids: ["shared"])
                _ = try await positions.insertBaselines(
                    [(mapUid: "shared", position: 1, score: 1), (mapUid: "annOnly", position: 1, score: 1)],
                    now: TestClock.base)
                _ = try await alerts.setAlertType(userId: ann.id, type: .accurate, now: TestClock.base)
                #expect(Set(try await positions.positions(mapUids: ["shared", "annOnly"]).keys) == ["shared"])
            }
        }

        @Test(arguments: Backend.testable)
        func mapPositionsAndRecordBaselines(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let positions = db.repositories.mapPositions
                #expect(
                    try await positions.insertBaselines(
                        [(mapUid: "m1", position: 5, score: 9_999_999)], now: TestClock.base) == 1)
                #expect(
                    try await positions.insertBaselines(
                        [(mapUid: "m1", position: 7, score: 9_999_999)], now: TestClock.base) == 0)
                #expect(try await positions.update(mapUid: "m1", position: 6, score: 9_999_999, now: TestClock.at(3)))
                #expect(
                    try await positions.update(mapUid: "nope", position: 6, score: 1, now: TestClock.at(3)) == false)
                let stored = try #require(try await positions.positions(mapUids: ["m1"])["m1"])
                #expect(stored.position == 6)
                expectSameInstant(stored.lastChecked, TestClock.at(3))
                expectSameInstant(stored.createdAt, TestClock.base)

                let baselines = db.repositories.recordBaselines
                try await baselines.upsert(
                    [
                        RecordBaseline(
                            mapUid: "m1", accountId: "a", position: 1, score: 40_000, recordTimestamp: 1_763_800_000),
                        RecordBaseline(
                            mapUid: "m1", accountId: "b", position: 2, score: 41_000, recordTimestamp: 1_763_800_001),
                        RecordBaseline(
                            mapUid: "m2", accountId: "a", position: 1, score: 30_000, recordTimestamp: 1_763_800_002),
                    ], now: TestClock.base)
                try await baselines.upsert(
                    [
                        RecordBaseline(
                            mapUid: "m1", accountId: "b", position: 1, score: 39_000, recordTimestamp: 1_763_900_000)
                    ],
                    now: TestClock.at(1))
                let read = try await baselines.baselines(mapUids: ["m1", "m2", "m3"])
                #expect(read["m1"]?.map(\.accountId) == ["a", "b"] || read["m1"]?.map(\.accountId) == ["b", "a"])
                #expect(read["m1"]?.first { $0.accountId == "b" }?.score == 39_000)
                #expect(read["m2"]?.count == 1)
                #expect(read["m3"] == nil)
                #expect(try await baselines.delete(mapUid: "m1") == 2)
                #expect(try await baselines.baselines(mapUids: ["m1"]).isEmpty)
            }
        }
    }
}
