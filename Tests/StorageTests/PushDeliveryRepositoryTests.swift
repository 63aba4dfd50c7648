import Foundation
import RecordsCore
import Testing

@testable import Storage

extension StorageSuite {
    /// The push ledger on both stores: which items are due for which channel, and how each state ends it.
    @Suite struct PushDeliveryRepositoryTests {
        static func item(_ userId: Int, _ key: String) -> NewDigestItem {
            NewDigestItem(userId: userId, section: .mapper, dedupeKey: key, mapUid: "m", payload: "{}")
        }

        @Test(arguments: Backend.allCases)
        func dueItemsFollowTheLedger(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let repos = db.repositories
                let ledger = repos.pushDeliveries
                let ana = try await db.makeUser("ana")
                let bob = try await db.makeUser("bob")
                // An item queued before the channel existed is not pushed.
                _ = try await repos.dailyDigests.enqueue([Self.item(ana.id, "old")], now: TestClock.at(0))
                let discord = try await ledger.insertChannel(
                    userId: ana.id, kind: .discord, target: "https://discord.com/api/webhooks/1/t", accessToken: nil,
                    news: .all, now: TestClock.at(10))
                let ntfy = try await ledger.insertChannel(
                    userId: ana.id, kind: .ntfy, target: "topic", accessToken: "tk", news: [.driverBeaten],
                    now: TestClock.at(10))
                try await db.execute(
                    "INSERT INTO user_preferences (user_id, time_zone, updated_at) VALUES (\(ana.id), 'Europe/Paris', "
                        + (backend == .sqlite ? "'2025-01-01T00:00:00.000Z')" : "now())"))
                _ = try await ledger.insertChannel(
                    userId: bob.id, kind: .ntfy, target: "bobs", accessToken: nil, news: .all, now: TestClock.at(10))
                _ = try await repos.dailyDigests.enqueue(
                    [Self.item(ana.id, "a1"), Self.item(ana.id, "a2"), Self.item(ana.id, "a3")], now: TestClock.at(20))
                let now = TestClock.at(30)

                let destinations = try await ledger.destinationsWithDueItems(now: now)
                #expect(destinations.map(\.channel.id) == [discord, ntfy])
                #expect(destinations.map(\.timeZone) == ["Europe/Paris", "Europe/Paris"])
                let first = try #require(destinations.first)
                #expect(first.channel.target == "https://discord.com/api/webhooks/1/t")
                #expect(destinations[1].channel.accessToken == "tk")
                #expect(destinations[1].channel.news == [.driverBeaten])
                let due = try await ledger.dueItems(channel: first.channel, now: now, limit: 10)
                #expect(due.map(\.item.dedupeKey) == ["a1", "a2", "a3"])
                #expect(due.allSatisfy { $0.attempts == 0 })
                #expect(try await ledger.dueItems(channel: first.channel, now: now, limit: 2).count == 2)
                let ids = due.map(\.item.id)

                // sending → not due; a crash leaves it in doubt, never due again.
                try await ledger.markSending(channelId: discord, itemIds: [ids[0]], now: now)
                #expect(try await ledger.dueItems(channel: first.channel, now: now, limit: 10).count == 2)
                #expect(try await ledger.settleInterrupted(now: now) == 1)
                #expect(try await ledger.settleInterrupted(now: now) == 0)
                // retry: due once its time has come, with the attempt counted.
                try await ledger.markSending(channelId: discord, itemIds: [ids[1]], now: now)
                try await ledger.mark(
                    channelId: discord, itemIds: [ids[1]], status: .retry, nextAttemptAt: TestClock.at(100),
                    reason: "Discord answered 500", now: now)
                #expect(
                    try await ledger.dueItems(channel: first.channel, now: now, limit: 10).map(\.item.id) == [ids[2]])
                let later = try await ledger.dueItems(channel: first.channel, now: TestClock.at(101), limit: 10)
                #expect(later.map(\.item.id) == [ids[1], ids[2]])
                #expect(later.first?.attempts == 1)
                // sent and skipped end it; forget makes it due again.
                try await ledger.mark(
                    channelId: discord, itemIds: [ids[2]], status: .sent, nextAttemptAt: nil, reason: nil, now: now)
                try await ledger.mark(
                    channelId: ntfy, itemIds: ids, status: .skipped, nextAttemptAt: nil, reason: nil, now: now)
                #expect(try await ledger.destinationsWithDueItems(now: now).isEmpty)
                try await ledger.forget(channelId: discord, itemIds: [ids[1], ids[2]])
                #expect(
                    try await ledger.dueItems(channel: first.channel, now: now, limit: 10).map(\.item.id) == [ids[1]])
                let rows = try await ledger.deliveries(channelId: discord)
                #expect(rows.map(\.status) == [.inDoubt, .sent])
                #expect(rows.first?.lastError != nil)

                // A disabled channel has nothing due; disabling twice reports the second as a no-op.
                #expect(try await ledger.disableChannel(id: discord, reason: "Discord answered 404", now: now))
                #expect(!(try await ledger.disableChannel(id: discord, reason: "again", now: now)))
                #expect(try await ledger.destinationsWithDueItems(now: now).isEmpty)
            }
        }
    }
}
