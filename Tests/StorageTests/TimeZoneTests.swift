import Foundation
import RecordsCore
import Testing

@testable import Storage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension StorageSuite {
    @Suite struct TimeZoneTests {
        /// Runs `body` with the process time zone (and, on PostgreSQL, the server session's) far from UTC.
        static func inForeignTimeZone(_ body: () async throws -> Void) async rethrows {
            let previous = ProcessInfo.processInfo.environment["TZ"]
            setenv("TZ", "Pacific/Kiritimati", 1)
            tzset()
            defer {
                if let previous { setenv("TZ", previous, 1) } else { unsetenv("TZ") }
                tzset()
            }
            try await body()
        }

        @Test(arguments: Backend.testable)
        func timestampsAreUTCWallClockWhateverTheTimeZone(backend: Backend) async throws {
            try await Self.inForeignTimeZone {
                try await TestDatabase.with(
                    backend,
                    prepare: { db in
                        // The server's session time zone must not matter either.
                        if db.kind == .postgres {
                            try await db.execute("SET TIME ZONE 'America/New_York'")
                            let name = try await db.store.first("SELECT current_database() AS name")?.string("name")
                            try await db.execute("ALTER DATABASE \(name ?? "") SET timezone TO 'America/New_York'")
                        }
                    }
                ) { db in
                    let user = try await db.makeUser("tz", now: TestClock.base)
                    // 2025-11-23T05:00:12.345Z is stored as that wall-clock text.
                    let text: String?
                    switch db.kind {
                    case .postgres:
                        text = try await db.store.first(
                            "SELECT to_char(created_at, 'YYYY-MM-DD HH24:MI:SS.MS') AS t FROM users WHERE id = \(bind: user.id)"
                        )?.string("t")
                    case .sqlite:
                        text = try await db.store.first(
                            "SELECT substr(created_at, 1, 23) AS t FROM users WHERE id = \(bind: user.id)")?.string("t")
                    }
                    #expect(text == "2025-11-23 05:00:12.345")
                    expectSameInstant(try await db.repositories.users.user(id: user.id)?.createdAt, TestClock.base)

                    // A row written by the original (wall-clock UTC text) reads back as that instant.
                    try await db.execute(
                        "UPDATE users SET created_at = '2024-02-29 23:59:58.5' WHERE id = \(user.id)")
                    let read = try await db.repositories.users.user(id: user.id)?.createdAt
                    expectSameInstant(read, Date(timeIntervalSince1970: 1_709_251_198.5))

                    // Dates are UTC days as given, not shifted.
                    let entry = try await db.repositories.notificationHistory.record(
                        NewNotificationHistoryEntry(
                            userId: user.id, username: "tz", kind: .mapperAlert, status: .sent, message: nil,
                            recordsFound: 0, processingDate: "2025-12-31"),
                        now: TestClock.base)
                    #expect(entry.processingDate == "2025-12-31")

                    // Comparisons use the same clock: a session expiring in one second is active now.
                    try await db.repositories.sessions.create(
                        LoginSession(
                            id: "tz-s", userId: user.id, createdAt: TestClock.base, expiresAt: TestClock.at(1),
                            lastAccessedAt: TestClock.base, userAgent: nil, ipAddress: nil))
                    #expect(try await db.repositories.sessions.activeSession(id: "tz-s", now: TestClock.base) != nil)
                    #expect(try await db.repositories.sessions.activeSession(id: "tz-s", now: TestClock.at(1)) == nil)
                }
            }
        }

        @Test func sqliteTimestampTextRoundTrips() {
            let samples: [TimeInterval] = [0, 951_782_400.25, 1_763_874_012.345, 4_102_444_799.999_999, -86_400.5]
            for seconds in samples {
                let date = Date(timeIntervalSince1970: seconds)
                let text = UTCTimestamp.format(date)
                let parsed = UTCTimestamp.parse(text)
                expectSameInstant(parsed, date)
            }
            #expect(UTCTimestamp.format(Date(timeIntervalSince1970: 1_763_874_012.345)) == "2025-11-23 05:00:12.345000")
            #expect(UTCTimestamp.parse("2025-11-23T05:00:12Z") == Date(timeIntervalSince1970: 1_763_874_012))
            #expect(UTCTimestamp.parse("not a date") == nil)
        }
    }
}
