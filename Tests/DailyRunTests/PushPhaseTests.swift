import Foundation
import Logging
import Push
import PushTestServers
import PushTestSupport
import RecordsCore
import Testing

@testable import Storage

/// The daily run's push phase end to end: the fake Trackmania world, a real store, and fake Discord
/// and ntfy servers over HTTP on loopback.
@Suite(.serialized) struct PushPhaseTests {
    static let mapperHook = "111111111111111111"
    static let danHook = "222222222222222222"
    static let token = "tok_ABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789"

    /// Runs `body` with the daily harness, fake push servers and a transport pointed at them.
    static func with(
        _ backend: Backend,
        _ body: @escaping @Sendable (DailyHarness, RunningFakePush, HTTPPushTransport) async throws -> Void
    ) async throws {
        // Mid-day UTC, so the runs an hour apart fall on one UTC day whenever the tests run.
        try await DailyHarness.with(backend, start: Date(timeIntervalSince1970: 1_763_900_000)) { h in
            var logger = Logger(label: "push-phase-tests")
            logger.logLevel = .critical
            try await FakePushHarness.with(logger: logger, maxInlineRetryAfter: .zero) { fake, transport in
                try await body(h, fake, transport)
            }
        }
    }

    static func user(_ h: DailyHarness, _ name: String) async throws -> User {
        try #require(try await h.repositories.users.user(loginIdentifier: name))
    }

    static func discord(_ h: DailyHarness, user: User, hook: String, news: NewsKinds = .all) async throws -> Int {
        try await h.repositories.pushDeliveries.insertChannel(
            userId: user.id, kind: .discord, target: "https://discord.com/api/webhooks/\(hook)/\(token)",
            accessToken: nil, news: news, now: h.clock.now)
    }

    static func ntfy(_ h: DailyHarness, user: User, topic: String) async throws -> Int {
        try await h.repositories.pushDeliveries.insertChannel(
            userId: user.id, kind: .ntfy, target: topic, accessToken: nil, news: .all, now: h.clock.now)
    }

    @Test(arguments: Backend.allCases)
    func newsReachesEachChannelRightAwayAndOnlyOnce(backend: Backend) async throws {
        try await Self.with(backend) { h, fake, transport in
            let mapper = try await Self.user(h, "MapperA")
            let dan = try await Self.user(h, "dan")
            _ = try await Self.discord(h, user: mapper, hook: Self.mapperHook)
            _ = try await Self.ntfy(h, user: mapper, topic: "mappera_news")
            _ = try await Self.discord(h, user: dan, hook: Self.danHook, news: [.driverImproved])
            _ = try await Self.ntfy(h, user: dan, topic: "dan_news")
            try await h.database.store.run(
                """
                INSERT INTO user_preferences (user_id, time_zone, updated_at)
                VALUES (\(bind: mapper.id), 'Europe/Paris', \(h.database.store.time(h.clock.now)))
                """)

            // Run 1: A1's fresh WR goes to MapperA's webhook and topic, and by email.
            let first = try await h.run(push: transport)
            #expect(first.push?.postsSent == 2)
            #expect(first.push?.itemsDelivered == 2)
            #expect(first.emailsSent == 1)
            let hook = await fake.state.accepted(Self.mapperHook)
            #expect(hook.count == 1)
            let embed = try #require(hook.first?.body)
            #expect(embed.contains(#"New record on Alpha \\<One\\>"#))
            #expect(embed.contains("Player0"))
            #expect(embed.contains("Europe/Paris"))
            #expect(embed.contains(#""allowed_mentions":{"parse":[]}"#))
            #expect(await fake.state.accepted("mappera_news").first?.body.contains("New record on Alpha <One>") == true)

            // Run 2, nothing new: nothing posted.
            let second = try await h.run(push: transport)
            #expect(second.push?.postsSent == 0)
            #expect(await fake.state.requests.count == 2)

            // An hour later the driver is beaten: push goes out at once although today's digest was sent.
            h.clock.advance(seconds: 3600)
            try await h.submit("A2", player: 12, score: 39_000)
            let third = try await h.run(push: transport)
            #expect(third.emailsSkipped >= 1)
            let danTopic = await fake.state.accepted("dan_news")
            #expect(danTopic.count == 1)
            #expect(danTopic.first?.body.contains("Someone beat your time on Beta & Co") == true)
            #expect(danTopic.first?.body.contains("Passed by: Player12") == true)
            // dan's webhook takes only improvements: the beaten news is not posted there.
            #expect(await fake.state.accepted(Self.danHook).isEmpty)
            #expect(await fake.state.accepted(Self.mapperHook).count == 2)
            #expect(await fake.state.stats.duplicateUnits == 0)
        }
    }

    @Test(arguments: Backend.allCases)
    func outagesWaitDeletedWebhooksDisableAndCrashesNeverSendTwice(backend: Backend) async throws {
        try await Self.with(backend) { h, fake, transport in
            let mapper = try await Self.user(h, "MapperA")
            let dan = try await Self.user(h, "dan")
            let mapperChannel = try await Self.discord(h, user: mapper, hook: Self.mapperHook)
            let danChannel = try await Self.discord(h, user: dan, hook: Self.danHook)

            // An outage: the post waits for the next run, then arrives once.
            await fake.state.program(Self.mapperHook, [.status(500)])
            let down = try await h.run(push: transport)
            #expect(down.push?.postsDeferred == 1)
            #expect(await fake.state.accepted(Self.mapperHook).isEmpty)
            let up = try await h.run(push: transport)
            #expect(up.push?.postsSent == 1)
            #expect(await fake.state.accepted(Self.mapperHook).count == 1)

            // A deleted webhook: the channel is disabled with its reason, and nothing more is posted to it.
            await fake.state.setAlways(Self.danHook, .status(404))
            h.clock.advance(seconds: 3600)
            try await h.submit("A2", player: 12, score: 39_000)
            let gone = try await h.run(push: transport)
            #expect(gone.push?.channelsDisabled == 1)
            let row = try #require(
                try await h.database.store.first(
                    "SELECT status, disabled_reason FROM push_channels WHERE id = \(bind: danChannel)"))
            #expect(try row.string("status") == "disabled")
            #expect(try row.string("disabled_reason").contains("404"))
            let danRequests = await fake.state.requests.filter { $0.key == Self.danHook }.count
            _ = try await h.run(push: transport)
            #expect(await fake.state.requests.filter { $0.key == Self.danHook }.count == danRequests)

            // A crash after the post was recorded as sending: in doubt, never sent again.
            let before = await fake.state.accepted(Self.mapperHook).count
            h.clock.advance(seconds: 3600)
            try await h.submit("A1", player: 70, score: 29_000)
            let crashed = try await h.run(
                push: transport,
                checkpoint: { point in
                    if case .pushSending = point { throw SimulatedCrash() }
                })
            #expect(crashed.phase == .failed)
            let resumed = try await h.run(push: transport)
            #expect(resumed.push?.itemsInDoubt == 1)
            #expect(await fake.state.accepted(Self.mapperHook).count == before)
            let ledger = try await h.repositories.pushDeliveries.deliveries(channelId: mapperChannel)
            #expect(ledger.filter { $0.status == .inDoubt }.count == 1)

            // A crash before the post was recorded: it goes out once on the next run.
            h.clock.advance(seconds: 3600)
            try await h.submit("A1", player: 71, score: 28_000)
            let early = try await h.run(
                push: transport,
                checkpoint: { point in
                    if case .beforePush = point { throw SimulatedCrash() }
                })
            #expect(early.phase == .failed)
            _ = try await h.run(push: transport)
            _ = try await h.run(push: transport)
            let bodies = await fake.state.accepted(Self.mapperHook).map(\.body)
            #expect(bodies.count == before + 1)
            #expect(bodies.last?.contains("Player71") == true)
            #expect(await fake.state.stats.duplicateUnits == 0)

            // A channel down for longer than the retry window: the item is dropped for it and counted.
            await fake.state.setAlways(Self.mapperHook, .status(503))
            h.clock.advance(seconds: 3600)
            try await h.submit("A1", player: 72, score: 27_000)
            let waiting = try await h.run(push: transport)
            #expect(waiting.push?.postsDeferred == 1)
            h.clock.advance(days: 3)
            let dropped = try await h.run(push: transport)
            #expect(dropped.push?.itemsDropped == 1)
            #expect(try await h.repositories.pushDeliveries.destinationsWithDueItems(now: h.clock.now).isEmpty)
        }
    }
}
