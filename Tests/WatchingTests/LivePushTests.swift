import Foundation
import Push
import PushTestServers
import PushTestSupport
import RecordsCore
import Testing

/// News the watcher finds reaches the player's push channels at once (by the watcher itself: no daily
/// run takes part here), once, through the push ledger.
@Suite(.serialized) struct LivePushTests {
    static let hook = "111111111111111111"
    static let token = "tok_ABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789"

    @Test(arguments: Backend.testable)
    func newsIsPushedAtOnceAndOnlyOnce(backend: Backend) async throws {
        try await WatchHarness.with(backend) { h in
            try await FakePushHarness.with(logger: WatchHarness.logger, maxInlineRetryAfter: .zero) { fake, transport in
                let old = h.now - 10 * 86_400
                await h.nadeo.setTop("P1", [(1, 30_000, old)])
                let mapper = try await h.user("MapperA")
                try await h.alert(mapper, maps: ["P1"])
                _ = try await h.repositories.pushDeliveries.insertChannel(
                    userId: mapper.id, kind: .discord,
                    target: "https://discord.com/api/webhooks/\(Self.hook)/\(Self.token)", accessToken: nil,
                    news: .all, now: Date())
                let task = h.start(h.watcher(push: transport))
                try await h.eventually("P1 checked") { try await h.checked(["P1"]) }
                #expect(await fake.state.accepted(Self.hook).isEmpty)

                await h.nadeo.drive("P1", player: 6, score: 29_000, timestamp: h.now)
                try await h.eventually("the post arrived") { await !fake.state.accepted(Self.hook).isEmpty }
                try await Task.sleep(for: .seconds(1))
                await h.stop(task)
                #expect(await fake.state.accepted(Self.hook).count == 1)
                // The email side is untouched: the item waits for the daily digest.
                #expect(try await h.repositories.dailyDigests.pendingItems(userId: mapper.id).count == 1)
            }
        }
    }
}
