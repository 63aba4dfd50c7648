import Foundation
import RecordsCore
import Testing

@testable import Storage

extension StorageSuite {
    /// The sent-mapper-alert counter behind `/api/v1/stats` (migration 0013) follows every way a row
    /// can enter or leave the counted set, so the stats never need to count `notification_history`.
    @Suite struct SiteCountersTests {
        @Test(arguments: Backend.testable)
        func sentMapperAlertCounterFollowsInsertUpdateDeleteAndCascade(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let history = db.repositories.notificationHistory
                let reports = db.repositories.reports
                let kept = try await db.makeUser("kept")
                let leaving = try await db.makeUser("leaving")
                func add(_ user: User, _ kind: NotificationKind, _ status: NotificationOutcome) async throws -> Int {
                    try await history.record(
                        NewNotificationHistoryEntry(
                            userId: user.id, username: user.username ?? "", kind: kind, status: status, message: nil,
                            recordsFound: 1, processingDate: "2025-11-23"),
                        now: TestClock.base
                    ).id
                }
                let first = try await add(kept, .mapperAlert, .sent)
                _ = try await add(kept, .driverNotification, .sent)
                let processing = try await add(kept, .mapperAlert, .processing)
                _ = try await add(leaving, .mapperAlert, .sent)
                _ = try await add(leaving, .mapperAlert, .sent)
                #expect(try await reports.siteStats().totalAlertsSent == 3)

                // A row that becomes sent counts; one that stops being sent no longer does.
                try await db.execute("UPDATE notification_history SET status = 'sent' WHERE id = \(processing)")
                #expect(try await reports.siteStats().totalAlertsSent == 4)
                try await db.execute("UPDATE notification_history SET status = 'technical_error' WHERE id = \(first)")
                #expect(try await reports.siteStats().totalAlertsSent == 3)
                // An update that keeps a row sent changes nothing.
                try await db.execute("UPDATE notification_history SET message = 'x' WHERE id = \(processing)")
                #expect(try await reports.siteStats().totalAlertsSent == 3)

                // Deleting a user removes their history through the foreign key, and the counter follows.
                try await db.execute("DELETE FROM users WHERE id = \(leaving.id)")
                #expect(try await reports.siteStats().totalAlertsSent == 1)
                #expect(try await history.count(kind: .mapperAlert, status: .sent) == 1)
                try await db.execute("DELETE FROM notification_history")
                #expect(try await reports.siteStats().totalAlertsSent == 0)
            }
        }
    }
}
