import Foundation
import HandlerKit
import Logging
import RecordsCore
import Testing

/// `GET /api/v1/users/news` over a real store: newest first, pages of 100 linked by the cursor, `since`
/// applied to every page, each item's freshness, cached display names only.
@Suite(.serialized) struct NewsRouteTests {
    static func context(_ user: User) -> HandlerContext {
        HandlerContext(
            requestId: "news-test", logger: WatchHarness.logger, clock: SystemClock(),
            caller: Caller(user: user, sessionId: "session"))
    }

    static func page(_ handler: GetNewsHandler, _ user: User, _ query: [String: String]) async throws
        -> (items: [[String: Any]], next: String?)
    {
        var event = Event(httpMethod: "GET", path: "/api/v1/users/news")
        event.queryStringParameters = query
        let response = try await handler.handle(event, context: context(user))
        #expect(response.statusCode == 200)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data((response.body ?? "").utf8)) as? [String: Any])
        return ((json["news"] as? [[String: Any]]) ?? [], json["nextCursor"] as? String)
    }

    @Test(arguments: Backend.testable)
    func pagesNewestFirstWithSinceAndCursor(backend: Backend) async throws {
        try await WatchHarness.with(backend) { h in
            let ann = try await h.user("ann")
            let other = try await h.user("ben")
            let base = Date(timeIntervalSince1970: 1_800_000_000)
            // 150 records detected one minute apart, each set 30 s before its detection.
            for index in 0..<150 {
                let detected = base.addingTimeInterval(Double(index) * 60)
                let payload = MapperRecordPayload(
                    mapUid: "M\(index)", mapName: "Map \(index)", accountId: StubNadeo.account(index),
                    zoneName: "France",
                    position: 1, score: 30_000 + index, timestamp: Int(detected.timeIntervalSince1970) - 30,
                    improved: false)
                let text = String(decoding: try JSONEncoder().encode(payload), as: UTF8.self)
                for user in [ann, other] {
                    _ = try await h.repositories.dailyDigests.enqueue(
                        [
                            NewDigestItem(
                                userId: user.id, section: .mapper, dedupeKey: "record:M\(index)", mapUid: "M\(index)",
                                payload: text, recordedAt: detected.addingTimeInterval(-30))
                        ], now: detected)
                }
            }
            try await h.repositories.displayNames.save([StubNadeo.account(149): "Speedy"], now: Date())
            let handler = GetNewsHandler(
                news: h.repositories.news, displayNames: h.repositories.displayNames, nameLifetime: 86_400)

            let first = try await Self.page(handler, ann, [:])
            #expect(first.items.count == 100)
            #expect(first.items.first?["mapUid"] as? String == "M149")
            #expect(first.items.first?["displayName"] as? String == "Speedy")
            #expect(first.items.first?["kind"] as? String == "record")
            #expect(first.items.first?["time"] as? Int == 30_149)
            #expect(
                first.items.first?["detectedAt"] as? String == Timestamps.iso8601(base.addingTimeInterval(149 * 60)))
            #expect(
                first.items.first?["recordedAt"] as? String
                    == Timestamps.iso8601(base.addingTimeInterval(149 * 60 - 30)))
            let cursor = try #require(first.next)
            let second = try await Self.page(handler, ann, ["cursor": cursor])
            #expect(second.items.count == 50)
            #expect(second.items.first?["mapUid"] as? String == "M49")
            #expect(second.items.last?["mapUid"] as? String == "M0")
            #expect(second.next == nil)

            // since: the last 10 detections only (the 140th onwards), on one page.
            let since = Timestamps.iso8601(base.addingTimeInterval(140 * 60))
            let recent = try await Self.page(handler, ann, ["since": since])
            #expect(recent.items.count == 10)
            #expect(recent.next == nil)
        }
    }
}
