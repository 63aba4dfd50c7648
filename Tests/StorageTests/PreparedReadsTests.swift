import Foundation
import RecordsCore
import Testing

@testable import Storage

extension StorageSuite {
    /// The per-page reads that run as prepared statements on PostgreSQL (alerts, driver
    /// notifications, history) give what the portable SQL gives: on SQLite, and on PostgreSQL both
    /// prepared (the default) and with `PG_PREPARED_STATEMENTS=off`.
    @Suite struct PreparedReadsTests {
        @Test(
            arguments: [(Backend.sqlite, true), (.postgres, true), (.postgres, false)].filter {
                Backend.testable.contains($0.0)
            })
        func pageReadsReturnTheStoredRows(backend: Backend, prepared: Bool) async throws {
            try await TestDatabase.with(backend, preparedStatements: prepared) { db in
                let repos = db.repositories
                let ivy = try await db.makeUser("ivy")
                let other = try await db.makeUser("jon")

                let first = try await repos.alerts.create(
                    NewAlert(userId: ivy.id, username: "ivy", email: "ivy@example.com", recordFilter: .wr),
                    now: TestClock.base)
                let second = try await repos.alerts.create(
                    NewAlert(
                        userId: ivy.id, username: "ivy", email: "ivy@example.com", alertType: .inaccurate, mapCount: 7,
                        recordFilter: .all), now: TestClock.at(60))
                _ = try await repos.alerts.create(
                    NewAlert(userId: other.id, username: "jon", email: "jon@example.com"), now: TestClock.base)
                let alerts = try await repos.alerts.alerts(userId: ivy.id)
                #expect(alerts.map(\.id) == [second.id, first.id])
                #expect(alerts.map(\.recordFilter) == [.all, .wr])
                #expect(
                    alerts[0].alertType == .inaccurate && alerts[0].mapCount == 7
                        && alerts[0].email == "ivy@example.com")
                expectSameInstant(alerts[0].createdAt, TestClock.at(60))

                let note = try await repos.driverNotifications.create(
                    NewDriverNotification(
                        userId: ivy.id, mapUid: "MAP-1", mapName: "Map <One>", position: 3, personalBest: 45_678),
                    now: TestClock.at(5))
                let notes = try await repos.driverNotifications.notifications(userId: ivy.id)
                #expect(notes.count == 1)
                #expect(notes.first?.id == note.id && notes.first?.mapName == "Map <One>")
                #expect(notes.first?.currentPosition == 3 && notes.first?.personalBest == 45_678)
                #expect(notes.first?.status == .active && notes.first?.isActive == true)
                expectSameInstant(try #require(notes.first).lastChecked, TestClock.at(5))
                #expect(try await repos.driverNotifications.notifications(userId: other.id).isEmpty)

                for (day, kind) in [
                    ("2026-11-20", NotificationKind.mapperAlert), ("2026-11-27", .mapperAlert),
                    ("2026-11-28", .driverNotification),
                ] {
                    _ = try await repos.notificationHistory.record(
                        NewNotificationHistoryEntry(
                            userId: ivy.id, username: "ivy", kind: kind, status: .noNewTimes, message: "No new times",
                            recordsFound: 0, processingDate: day), now: TestClock.base)
                }
                let history = try await repos.notificationHistory.history(userId: ivy.id, since: "2026-11-24")
                #expect(history.map(\.processingDate) == ["2026-11-28", "2026-11-27"])
                #expect(history.map(\.kind) == [.driverNotification, .mapperAlert])
                #expect(history.first?.message == "No new times" && history.first?.status == .noNewTimes)
                #expect(try await repos.notificationHistory.history(userId: other.id, since: "2026-11-01").isEmpty)
            }
        }
    }
}
