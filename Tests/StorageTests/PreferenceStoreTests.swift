import Foundation
import RecordsCore
import Testing

@testable import Storage

extension StorageSuite {
    @Suite struct PreferenceStoreTests {
        @Test(arguments: Backend.testable)
        func preferencesDefaultSaveAndRevoke(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let prefs = db.repositories.preferences
                let user = try await db.makeUser("prefs")
                #expect(try await prefs.preferences(userId: user.id) == .defaults(userId: user.id))
                try await prefs.save(
                    userId: user.id, digestPaused: true, timeZone: "Europe/Paris", emailNews: [.mapperRecords],
                    now: TestClock.base)
                var stored = try await prefs.preferences(userId: user.id)
                #expect(
                    stored.digestPaused && stored.timeZone == "Europe/Paris" && stored.emailNews == [.mapperRecords])
                #expect(try await prefs.bumpLinkGeneration(userId: user.id, now: TestClock.at(1)) == 1)
                #expect(try await prefs.bumpLinkGeneration(userId: user.id, now: TestClock.at(2)) == 2)
                // Saving the page keeps the generation; resuming keeps the rest.
                try await prefs.save(
                    userId: user.id, digestPaused: false, timeZone: "UTC", emailNews: .all, now: TestClock.at(3))
                try await prefs.setDigestPaused(userId: user.id, paused: true, now: TestClock.at(4))
                try await prefs.setDigestPaused(userId: user.id, paused: true, now: TestClock.at(5))
                stored = try await prefs.preferences(userId: user.id)
                #expect(
                    stored
                        == UserPreferences(
                            userId: user.id, digestPaused: true, timeZone: "UTC", emailNews: .all, linkGeneration: 2))

                // A user without a row: the one-click unsubscribe and a revocation create it with defaults.
                let other = try await db.makeUser("other")
                try await prefs.setDigestPaused(userId: other.id, paused: true, now: TestClock.base)
                #expect(try await prefs.preferences(userId: other.id).digestPaused)
                let third = try await db.makeUser("third")
                #expect(try await prefs.bumpLinkGeneration(userId: third.id, now: TestClock.base) == 1)
                #expect(try await prefs.preferences(userId: third.id).timeZone == "UTC")
            }
        }

        @Test(arguments: Backend.testable)
        func pushChannelsAreScopedToTheirUser(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let channels = db.repositories.pushChannels
                let alice = try await db.makeUser("alice")
                let bob = try await db.makeUser("bob")
                let hook = "https://discord.com/api/webhooks/123456789012345678/abcdefghijklmnopqrstuvwxyz"
                let first = try #require(
                    try await channels.add(
                        userId: alice.id, kind: .discord, target: hook, accessToken: nil, news: .all, maxPerKind: 5,
                        now: TestClock.base))
                let topic = try #require(
                    try await channels.add(
                        userId: alice.id, kind: .ntfy, target: "alice", accessToken: "tk_1", news: [.driverBeaten],
                        maxPerKind: 5, now: TestClock.at(1)))
                #expect(first.status == .active && first.kind == .discord && first.news == .all)
                #expect(topic.accessToken == "tk_1")
                #expect(try await channels.channels(userId: alice.id).map(\.id) == [first.id, topic.id])
                #expect(try await channels.channels(userId: bob.id).isEmpty)

                // Another user's id changes nothing.
                #expect(try await channels.setNews(channelId: first.id, userId: bob.id, news: []) == false)
                #expect(try await channels.remove(channelId: first.id, userId: bob.id) == false)
                #expect(try await channels.setNews(channelId: first.id, userId: alice.id, news: [.mapperRecords]))

                // Disabled once, with its first reason; reported once.
                try await channels.disable(channelId: first.id, reason: "Discord answered 404", now: TestClock.at(2))
                try await channels.disable(channelId: first.id, reason: "again", now: TestClock.at(3))
                var unreported = try await channels.unreportedDisabled(userId: alice.id)
                #expect(unreported.map(\.disabledReason) == ["Discord answered 404"])
                expectSameInstant(unreported.first?.disabledAt, TestClock.at(2))
                try await channels.markDisabledReported(channelIds: [first.id], now: TestClock.at(4))
                #expect(try await channels.unreportedDisabled(userId: alice.id).isEmpty)
                #expect(try await channels.channels(userId: alice.id).first?.status == .disabled)

                // Adding it again makes it active with the new choice, under the same id.
                let again = try #require(
                    try await channels.add(
                        userId: alice.id, kind: .discord, target: hook, accessToken: nil, news: [.driverImproved],
                        maxPerKind: 5, now: TestClock.at(5)))
                #expect(again.id == first.id && again.status == .active && again.disabledReason == nil)
                #expect(again.news == [.driverImproved])
                try await channels.disable(channelId: first.id, reason: "gone", now: TestClock.at(6))
                #expect(try await channels.reactivate(channelId: first.id, userId: bob.id) == false)
                #expect(try await channels.reactivate(channelId: first.id, userId: alice.id))
                unreported = try await channels.unreportedDisabled(userId: alice.id)
                #expect(unreported.isEmpty)

                #expect(try await channels.remove(channelId: topic.id, userId: alice.id))
                #expect(try await channels.remove(channelId: topic.id, userId: alice.id) == false)
                #expect(try await channels.channels(userId: alice.id).map(\.id) == [first.id])
            }
        }

        @Test(arguments: Backend.testable)
        func theChannelLimitHoldsUnderParallelAdds(backend: Backend) async throws {
            try await TestDatabase.with(backend) { db in
                let channels = db.repositories.pushChannels
                let user = try await db.makeUser("racer")
                let stored = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for index in 0..<16 {
                        group.addTask {
                            try await channels.add(
                                userId: user.id, kind: .ntfy, target: "topic-\(index)", accessToken: nil, news: .all,
                                maxPerKind: 5, now: TestClock.at(Double(index))) != nil
                        }
                    }
                    return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                }
                #expect(stored == 5)
                #expect(try await channels.channels(userId: user.id).count == 5)
                // Re-adding a stored target is allowed at the limit; another kind has its own limit.
                let kept = try await channels.channels(userId: user.id)[0]
                #expect(
                    try await channels.add(
                        userId: user.id, kind: .ntfy, target: kept.target, accessToken: "tk_2", news: .all,
                        maxPerKind: 5, now: TestClock.at(20))?.id == kept.id)
                #expect(
                    try await channels.add(
                        userId: user.id, kind: .discord, target: "https://discord.com/api/webhooks/1/abc",
                        accessToken: nil, news: .all, maxPerKind: 5, now: TestClock.at(21)) != nil)
            }
        }
    }
}
