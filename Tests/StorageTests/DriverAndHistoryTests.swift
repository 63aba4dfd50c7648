import Foundation
import RecordsCore
import Testing

@testable import Storage

extension StorageSuite {
    @Suite struct DriverAndHistoryTests {
        @Test(arguments: Backend.testable)
        func driverNotificationsLifecycle(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let repo = db.repositories.driverNotifications
                let user = try await db.makeUser("driver")
                let other = try await db.makeUser("other")
                let created = try await repo.create(
                    NewDriverNotification(
                        userId: user.id, mapUid: "uid1", mapName: "Drop Zone", position: 3, personalBest: 45_123),
                    now: TestClock.base)
                #expect(created.status == .active)
                #expect(created.isActive)
                expectSameInstant(created.lastChecked, TestClock.base)
                await #expect(throws: StoreError.self) {
                    _ = try await repo.create(
                        NewDriverNotification(
                            userId: user.id, mapUid: "uid1", mapName: "again", position: 1, personalBest: 1),
                        now: TestClock.base)
                }
                let later = try await repo.create(
                    NewDriverNotification(
                        userId: user.id, mapUid: "uid2", mapName: "Create & Destroy", position: 5, personalBest: 50_000),
                    now: TestClock.at(10))
                #expect(try await repo.notifications(userId: user.id).map(\.id) == [later.id, created.id])
                #expect(try await repo.watchers().map(\.userId) == [user.id])
                #expect(
                    try await repo.recordCheck(
                        id: created.id, position: 7, personalBest: 44_000, status: .inactive, now: TestClock.at(20)))
                let checked = try #require(try await repo.notifications(userId: user.id).first { $0.id == created.id })
                #expect(checked.currentPosition == 7)
                #expect(checked.personalBest == 44_000)
                #expect(checked.status == .inactive)
                expectSameInstant(checked.lastChecked, TestClock.at(20))
                try await repo.markChecked(ids: [later.id], now: TestClock.at(30))
                expectSameInstant(try await repo.notifications(userId: user.id).first?.lastChecked, TestClock.at(30))
                #expect(try await repo.count() == 2)
                #expect(try await repo.delete(id: created.id, userId: other.id) == false)
                #expect(try await repo.delete(id: created.id, userId: user.id))
                #expect(try await repo.count() == 1)
            }
        }

        @Test(arguments: Backend.testable)
        func duplicateDriverNotificationRaceHasOneWinner(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let repo = db.repositories.driverNotifications
                let user = try await db.makeUser("clicker")
                let results = await withTaskGroup(of: Bool.self) { group in
                    for _ in 0..<4 {
                        group.addTask {
                            do {
                                _ = try await repo.create(
                                    NewDriverNotification(
                                        userId: user.id, mapUid: "same", mapName: "m", position: 1, personalBest: 1),
                                    now: TestClock.base)
                                return true
                            } catch StoreError.uniqueViolation {
                                return false
                            } catch {
                                Issue.record("unexpected \(error)")
                                return false
                            }
                        }
                    }
                    return await group.reduce(into: []) { $0.append($1) }
                }
                #expect(results.filter { $0 }.count == 1)
            }
        }

        @Test(arguments: Backend.testable)
        func notificationHistoryByDay(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let history = db.repositories.notificationHistory
                let user = try await db.makeUser("hist")
                let other = try await db.makeUser("other")
                func entry(_ user: User, _ kind: NotificationKind, _ status: NotificationOutcome, _ day: String)
                    -> NewNotificationHistoryEntry
                {
                    NewNotificationHistoryEntry(
                        userId: user.id, username: user.username ?? "", kind: kind, status: status,
                        message: "m", recordsFound: 2, processingDate: day)
                }
                let old = try await history.record(entry(user, .mapperAlert, .sent, "2025-11-17"), now: TestClock.base)
                #expect(old.processingDate == "2025-11-17")
                _ = try await history.record(entry(user, .mapperAlert, .sent, "2025-11-23"), now: TestClock.at(1))
                _ = try await history.record(
                    entry(user, .driverNotification, .noNewTimes, "2025-11-23"), now: TestClock.at(2))
                _ = try await history.record(
                    entry(user, .mapperAlert, .technicalError, "2025-11-21"), now: TestClock.at(3))
                _ = try await history.record(entry(other, .mapperAlert, .sent, "2025-11-22"), now: TestClock.at(4))
                let mine = try await history.history(userId: user.id, since: "2025-11-18")
                #expect(mine.map(\.processingDate) == ["2025-11-23", "2025-11-23", "2025-11-21"])
                #expect(mine.map(\.kind) == [.mapperAlert, .driverNotification, .mapperAlert])
                #expect(try await history.history(since: "2025-11-22").count == 3)
                #expect(try await history.count(kind: .mapperAlert, status: .sent) == 3)
                let stats = try await db.repositories.reports.siteStats()
                #expect(stats == SiteStats(totalUsers: 2, totalAlertsSent: 3, mapsBeingWatched: 0))
            }
        }

        @Test(arguments: Backend.testable)
        func adminUserSummariesUseTheNewestAlert(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let early = try await db.makeUser("early", now: TestClock.base)
                let late = try await db.makeUser("late", now: TestClock.at(100))
                _ = try await db.repositories.alerts.create(
                    NewAlert(userId: early.id, username: "early", email: early.email), now: TestClock.at(1))
                let newest = try await db.repositories.alerts.create(
                    NewAlert(
                        userId: early.id, username: "early", email: early.email, alertType: .inaccurate, mapCount: 120),
                    now: TestClock.at(2))
                _ = try await db.repositories.driverNotifications.create(
                    NewDriverNotification(userId: early.id, mapUid: "u", mapName: "n", position: 1, personalBest: 1),
                    now: TestClock.base)
                let summaries = try await db.repositories.reports.adminUserSummaries()
                #expect(summaries.map(\.id) == [late.id, early.id])
                #expect(summaries[0].alertId == nil)
                #expect(summaries[0].alertType == nil)
                #expect(summaries[1].alertId == newest.id)
                #expect(summaries[1].alertType == .inaccurate)
                #expect(summaries[1].mapCount == 120)
                #expect(summaries[1].driverNotificationsCount == 1)
                expectSameInstant(summaries[1].alertCreatedAt, TestClock.at(2))
            }
        }

        @Test(arguments: Backend.testable)
        func feedbackCapReadAndDelete(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let feedback = db.repositories.feedback
                let user = try await db.makeUser("critic")
                var ids: [Int] = []
                for index in 0..<3 {
                    let outcome = try await feedback.submit(
                        NewFeedback(userId: user.id, username: "critic", message: "note \(index)"), maxUnread: 3,
                        now: TestClock.at(Double(index)))
                    guard case .created(let row) = outcome else {
                        Issue.record("expected created, got \(outcome)")
                        return
                    }
                    #expect(row.type == "general")
                    ids.append(row.id)
                }
                #expect(
                    try await feedback.submit(
                        NewFeedback(userId: user.id, username: "critic", message: "one more"), maxUnread: 3,
                        now: TestClock.at(5))
                        == .tooManyUnread)
                #expect(try await feedback.markRead(id: ids[0], now: TestClock.at(10)))
                #expect(try await feedback.markRead(id: ids[0], now: TestClock.at(20)))
                expectSameInstant(
                    try await feedback.list(limit: 10).first { $0.id == ids[0] }?.readAt, TestClock.at(10))
                #expect(try await feedback.markRead(id: 99_999, now: TestClock.base) == false)
                #expect(try await feedback.list(limit: 2).map(\.id) == [ids[2], ids[1]])
                if case .tooManyUnread = try await feedback.submit(
                    NewFeedback(userId: user.id, username: "critic", message: "now fits"), maxUnread: 3,
                    now: TestClock.at(30))
                {
                    Issue.record("a read row still counted as unread")
                }
                #expect(try await feedback.delete(id: ids[1]))
                #expect(try await feedback.delete(id: ids[1]) == false)
            }
        }
    }
}
