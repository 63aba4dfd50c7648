import Foundation
import RecordsCore

/// `GET /api/v1/users/news?since&cursor` (issue 23): the caller's recent news, newest first, at most
/// ``pageSize`` per page, each with when its record was set (`recordedAt`) and when it was detected
/// (`detectedAt`). `since` (ISO 8601) keeps news detected at or after it; `nextCursor`, when not
/// `null`, fetches the next (older) page with the same `since`. Display names come from the cache
/// only: reading news never calls Trackmania.
public struct GetNewsHandler: Handler {
    /// Items per page.
    public static let pageSize = 100

    private let news: any NewsRepository
    private let displayNames: any DisplayNameRepository
    /// How long a cached display name is trusted.
    private let nameLifetime: TimeInterval

    public init(news: any NewsRepository, displayNames: any DisplayNameRepository, nameLifetime: TimeInterval) {
        self.news = news
        self.displayNames = displayNames
        self.nameLifetime = nameLifetime
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        let caller = try context.requireCaller()
        // A blank `since` or `cursor` is refused, as the API description says, not read as absent.
        for name in ["since", "cursor"]
        where event.queryValues(name).contains(where: { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) {
            throw HandlerError.badRequest("\(name) must not be empty")
        }
        let since = try WatchingInput.single(event, "since").map { text -> Date in
            guard let date = NewsCursor.parseISO8601(text) else {
                throw HandlerError.badRequest("since must be an ISO 8601 date-time, e.g. 2026-12-01T00:00:00Z")
            }
            return date
        }
        let beforeId = try WatchingInput.single(event, "cursor").map { text -> Int in
            guard let id = NewsCursor.decode(text) else { throw HandlerError.badRequest("cursor is not valid") }
            return id
        }
        let stored = try await news.news(
            userId: caller.userId, since: since, beforeId: beforeId, limit: Self.pageSize + 1)
        let page = stored.prefix(Self.pageSize)
        let entries = page.compactMap { NewsEntry($0, driverAccountId: caller.user.tmAccountId) }
        let ids = Array(Set(entries.compactMap(\.accountId)))
        let names =
            ids.isEmpty
            ? [:]
            : try await displayNames.displayNames(
                accountIds: ids, freshSince: context.clock.now.addingTimeInterval(-nameLifetime))
        let items: [JSONValue] = entries.map { entry in
            let object: JSONObject = [
                "kind": .string(entry.kind),
                "mapUid": .string(entry.mapUid),
                "mapName": .string(entry.mapName),
                "accountId": entry.accountId.map { JSONValue.string($0) } ?? .null,
                "displayName": entry.accountId.flatMap { names[$0] }.map { JSONValue.string($0) } ?? .null,
                "position": entry.position.map { JSONValue.int($0) } ?? .null,
                "time": entry.time.map { JSONValue.int($0) } ?? .null,
                "recordedAt": entry.recordedAt.map { JSONValue.string(Timestamps.iso8601($0)) } ?? .null,
                "detectedAt": .string(Timestamps.iso8601(entry.detectedAt)),
            ]
            return .object(object)
        }
        let next: JSONValue =
            stored.count > Self.pageSize ? page.last.map { JSONValue.string(NewsCursor.encode($0.id)) } ?? .null : .null
        return .json(200, ["news": .array(items), "nextCursor": next] as JSONValue)
    }
}
