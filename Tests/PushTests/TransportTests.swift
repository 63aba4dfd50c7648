import Foundation
import Push
import PushTestServers
import PushTestSupport
import RecordsCore
import Testing

/// The HTTP transport against fake Discord and ntfy servers over real HTTP on loopback.
@Suite struct TransportTests {
    static func news(_ ids: ClosedRange<Int>) -> PushNews {
        PushNews(entries: ids.map { SampleNews.record($0) }, names: ["acc-0": "Player0"], timeZone: "UTC")
    }

    @Test func discordPostsGoToTheConfiguredBaseWithWaitTrueAndAreRecorded() async throws {
        try await PushFixture.with { f in
            let channel = PushFixture.discord()
            let posts = f.transport.posts(for: Self.news(1...12), to: channel)
            #expect(posts.count == 2)
            for post in posts { #expect(await f.transport.send(post, to: channel) == .delivered) }
            let received = await f.fake.state.accepted(PushFixture.webhookId)
            #expect(received.count == 2)
            #expect(received.allSatisfy { $0.query == "wait=true" && $0.token == PushFixture.webhookToken })
            #expect(received[0].body.contains("Player0"))
            #expect(await f.fake.state.stats.units == 12)
        }
    }

    @Test func aShortRateLimitIsWaitedOutAndALongOneDefers() async throws {
        try await PushFixture.with(maxInlineRetryAfter: .seconds(1)) { f in
            let channel = PushFixture.discord()
            let post = try #require(f.transport.posts(for: Self.news(1...1), to: channel).first)
            await f.fake.state.program(PushFixture.webhookId, [.rateLimited(retryAfter: 0.05)])
            #expect(await f.transport.send(post, to: channel) == .delivered)
            #expect(await f.fake.state.requests.map(\.status) == [429, 200])

            await f.fake.state.program(PushFixture.webhookId, [.rateLimited(retryAfter: 30)])
            let outcome = await f.transport.send(post, to: channel)
            guard case .retryLater(let after?, _) = outcome else {
                Issue.record("expected a deferral, got \(outcome)")
                return
            }
            #expect(after == 30)
        }
    }

    @Test func deletedWebhooksAreGoneOutagesRetryAndRefusalsAreRejected() async throws {
        try await PushFixture.with { f in
            let channel = PushFixture.discord()
            let post = try #require(f.transport.posts(for: Self.news(1...1), to: channel).first)
            for (status, gone) in [(404, true), (401, true), (403, true)] {
                await f.fake.state.program(PushFixture.webhookId, [.status(status)])
                let outcome = await f.transport.send(post, to: channel)
                if case .gone = outcome { #expect(gone) } else { Issue.record("\(status): \(outcome)") }
            }
            await f.fake.state.program(PushFixture.webhookId, [.status(500)])
            if case .retryLater(nil, _) = await f.transport.send(post, to: channel) {
            } else {
                Issue.record("500 should defer")
            }
            // A body over Discord's limits is refused by the fake as by the real API (400, 50035).
            let huge = PushPost(
                itemIds: [1], body: Data(#"{"embeds":[{"title":"\#(String(repeating: "x", count: 300))"}]}"#.utf8))
            let refused = await f.transport.send(huge, to: channel)
            #expect(refused == .rejected(reason: "Discord refused the message (400, code 50035)"))
            // The test message of the preference page.
            #expect(await f.transport.sendTest(to: channel, timeZone: "Europe/Paris") == .delivered)
            #expect(await f.fake.state.accepted(PushFixture.webhookId).last?.body.contains("Europe/Paris") == true)
        }
    }

    @Test func aSlowAnswerIsInDoubtAndAnUnreachableServerIsRetried() async throws {
        try await PushFixture.with(timeout: .seconds(1)) { f in
            let channel = PushFixture.discord()
            let post = try #require(f.transport.posts(for: Self.news(1...1), to: channel).first)
            await f.fake.state.program(PushFixture.webhookId, [.slow(seconds: 3)])
            guard case .inDoubt = await f.transport.send(post, to: channel) else {
                Issue.record("a post without answer must be in doubt")
                return
            }
        }
        // Nothing listens on the fake's port once it stopped: the post certainly did not leave.
        let closedPort = try await FakePushServer.start()
        await closedPort.stop()
        let transport = HTTPPushTransport(
            configuration: closedPort.configuration(requestTimeout: .seconds(2)), logger: .init(label: "push-tests"))
        let outcome = await transport.send(
            PushPost(itemIds: [1], body: Data(#"{"content":"x"}"#.utf8)), to: PushFixture.discord())
        try await transport.shutdown()
        guard case .retryLater = outcome else {
            Issue.record("an unreachable server must defer, got \(outcome)")
            return
        }
    }

    @Test func ntfyPublishesJSONWithTheAccessTokenAndAWrongTokenIsGone() async throws {
        try await PushFixture.with { f in
            await f.fake.state.protect(topic: "private_topic", token: "tk_right")
            let good = PushFixture.ntfy(topic: "private_topic", token: "tk_right")
            let post = try #require(f.transport.posts(for: Self.news(1...3), to: good).first)
            #expect(await f.transport.send(post, to: good) == .delivered)
            let received = try #require(await f.fake.state.accepted("private_topic").first)
            #expect(received.token == "tk_right")
            #expect(received.body.contains(#""title":"3 Trackmania record updates""#))

            let wrong = PushFixture.ntfy(topic: "private_topic", token: "tk_wrong")
            guard case .gone = await f.transport.send(post, to: wrong) else {
                Issue.record("a refused token must be gone")
                return
            }
            await f.fake.state.program("records_topic", [.rateLimited(retryAfter: 60)])
            let open = PushFixture.ntfy()
            let openPost = try #require(f.transport.posts(for: Self.news(1...1), to: open).first)
            guard case .retryLater(60?, _) = await f.transport.send(openPost, to: open) else {
                Issue.record("ntfy 429 must defer")
                return
            }
        }
    }
}
