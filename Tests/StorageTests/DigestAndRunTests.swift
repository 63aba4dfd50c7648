import Foundation
import RecordsCore
import Testing

@testable import Storage

extension StorageSuite {
    @Suite struct DigestAndRunTests {
        @Test(arguments: Backend.testable)
        func dailyEmailsUpsertAndSendOnce(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let digests = db.repositories.dailyDigests
                try await digests.saveMapperContent(
                    username: "u1", email: "u1@x.io", day: "2025-11-23", content: "maps", now: TestClock.base)
                try await digests.saveDriverContent(
                    username: "u1", email: "u1@x.io", day: "2025-11-23", content: "drives", now: TestClock.at(1))
                try await digests.saveDriverContent(
                    username: "u2", email: "u2@x.io", day: "2025-11-23", content: "d2", now: TestClock.at(2))
                try await digests.saveMapperContent(
                    username: "u1", email: "u1@x.io", day: "2025-11-22", content: "old", now: TestClock.base)
                let email = try #require(try await digests.email(username: "u1", day: "2025-11-23"))
                #expect(email.mapperContent == "maps")
                #expect(email.driverContent == "drives")
                #expect(email.status == .pending)
                #expect(email.createdAtMillis == Timestamps.epochMilliseconds(TestClock.base))
                #expect(email.updatedAtMillis == Timestamps.epochMilliseconds(TestClock.at(1)))
                #expect(try await digests.email(username: "u2", day: "2025-11-23")?.mapperContent == "")
                #expect(try await digests.pendingEmails(day: "2025-11-23").map(\.username) == ["u1", "u2"])
                #expect(try await digests.markSent(username: "u1", day: "2025-11-23", now: TestClock.at(5)))
                #expect(try await digests.markSent(username: "u1", day: "2025-11-23", now: TestClock.at(6)) == false)
                #expect(try await digests.pendingEmails(day: "2025-11-23").map(\.username) == ["u2"])
                #expect(try await digests.email(username: "nobody", day: "2025-11-23") == nil)
            }
        }

        @Test(arguments: Backend.testable)
        func digestItemsAreQueuedOnceAndDelivered(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let digests = db.repositories.dailyDigests
                let user = try await db.makeUser("queue")
                let items = [
                    NewDigestItem(
                        userId: user.id, section: .mapper, dedupeKey: "m1:a:1", mapUid: "m1", payload: #"{"p":1}"#),
                    NewDigestItem(
                        userId: user.id, section: .driver, dedupeKey: "m1:a:1", mapUid: "m1", payload: #"{"p":2}"#),
                ]
                #expect(try await digests.enqueue(items, now: TestClock.base) == 2)
                #expect(try await digests.enqueue(items, now: TestClock.at(1)) == 0)
                let pending = try await digests.pendingItems(userId: user.id)
                #expect(pending.map(\.section) == [.mapper, .driver])
                #expect(pending.first?.payload == #"{"p":1}"#)
                try await digests.markDelivered(ids: [pending[0].id], now: TestClock.at(2))
                #expect(try await digests.pendingItems(userId: user.id).map(\.id) == [pending[1].id])
                // A delivered change is not queued again by a re-run.
                #expect(try await digests.enqueue([items[0]], now: TestClock.at(3)) == 0)
            }
        }

        @Test(arguments: Backend.testable)
        func dailyRunRecords(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let runs = db.repositories.dailyRuns
                let first = try await runs.start(day: "2025-11-23", now: TestClock.base)
                #expect(first.status == .running)
                #expect(first.runDate == "2025-11-23")
                #expect(
                    try await runs.finish(
                        id: first.id, status: .failed, summary: #"{"errors":1}"#, now: TestClock.at(5)))
                let second = try await runs.start(day: "2025-11-23", now: TestClock.at(10))
                #expect(try await runs.finish(id: second.id, status: .completed, summary: nil, now: TestClock.at(20)))
                #expect(
                    try await runs.finish(id: 99_999, status: .completed, summary: nil, now: TestClock.at(20)) == false)
                let latest = try #require(try await runs.latest(day: "2025-11-23"))
                #expect(latest.id == second.id)
                #expect(latest.status == .completed)
                expectSameInstant(latest.finishedAt, TestClock.at(20))
                #expect(try await runs.latest(day: "2025-11-24") == nil)
                let recent = try await runs.recent(limit: 5)
                #expect(recent.map(\.id) == [second.id, first.id])
                #expect(recent.last?.summary == #"{"errors":1}"#)
            }
        }
    }
}
