import Foundation
import Logging
import Push
import PushTestServers
import PushTestSupport
import RecordsCore

/// A fake Discord + ntfy on loopback and a transport pointed at it, for one test.
struct PushFixture: Sendable {
    let fake: RunningFakePush
    let transport: HTTPPushTransport

    static let webhookId = "123456789012345678"
    static let webhookToken = "tok_ABCDEFGHIJKLMNOPQRSTUVWXYZ-0123456789"

    static func with(
        timeout: Duration = .seconds(5), maxInlineRetryAfter: Duration = .seconds(1),
        _ body: @Sendable (PushFixture) async throws -> Void
    ) async throws {
        var logger = Logger(label: "push-tests")
        logger.logLevel = .warning
        try await FakePushHarness.with(
            logger: logger, requestTimeout: timeout, maxInlineRetryAfter: maxInlineRetryAfter
        ) { fake, transport in
            try await body(PushFixture(fake: fake, transport: transport))
        }
    }

    /// A Discord channel whose stored URL names discord.com (the transport must post to the fake anyway).
    static func discord(id: Int = 1, webhookId: String = webhookId, news: NewsKinds = .all) -> PushChannel {
        PushChannel(
            id: id, userId: 1, kind: .discord,
            target: "https://discord.com/api/webhooks/\(webhookId)/\(webhookToken)", accessToken: nil, news: news,
            status: .active, disabledReason: nil, disabledAt: nil, createdAt: Date(timeIntervalSince1970: 0))
    }

    static func ntfy(id: Int = 2, topic: String = "records_topic", token: String? = nil) -> PushChannel {
        PushChannel(
            id: id, userId: 1, kind: .ntfy, target: topic, accessToken: token, news: .all, status: .active,
            disabledReason: nil, disabledAt: nil, createdAt: Date(timeIntervalSince1970: 0))
    }
}

enum SampleNews {
    static let when = 1_763_874_012  // 2025-11-23T05:00:12Z

    static func record(_ id: Int, map: String = "Alpha", player: String = "acc-\(0)", position: Int = 1)
        -> PushNews
        .Entry
    {
        PushNews.Entry(
            itemId: id,
            content: .record(
                MapperRecordPayload(
                    mapUid: "uid\(id)", mapName: map, accountId: player, zoneName: "France", position: position,
                    score: 30_123, timestamp: when, improved: false)))
    }

    static func beaten(_ id: Int, passers: [String]) -> PushNews.Entry {
        PushNews.Entry(
            itemId: id,
            content: .change(
                DriverChangePayload(
                    kind: .beaten, mapUid: "uidB\(id)", mapName: "Beta", oldPosition: 3, newPosition: 4,
                    oldScore: 40_200, newScore: 40_200, passedBy: passers, range: 100, detectedAt: when)))
    }
}
