import Foundation
import RecordsCore

/// `GET /api/v1/driver/maps/search?query&type=name|uid&page` (R18): Trackmania Exchange maps by name or
/// uid, 20 per page, at most 100 results in all (5 pages).
///
/// TMX pages by cursor, not offset, so page `n` asks TMX for the first `n × 20` maps in one call and
/// answers the last 20 (`ExchangeMaps.searchMaps`). `currentPage` is a number, so the frontend's
/// "load more" (`currentPage + 1`) works; past page 5 the original's 200 "too many results" form answers
/// without an upstream call.
public struct DriverMapSearchHandler: Handler {
    private let exchange: any ExchangeMaps
    private let limiter: RequestLimiter

    static let pageSize = 20
    static let maxResults = 100
    static let maxPage = 10_000

    public init(exchange: any ExchangeMaps, limiter: RequestLimiter) {
        self.exchange = exchange
        self.limiter = limiter
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        let caller = try context.requireCaller()
        guard let query = try WatchingInput.single(event, "query"), let type = try WatchingInput.single(event, "type")
        else { throw HandlerError.badRequest("Missing required parameters: query and type (name|uid)") }
        guard query.count >= 3 else { throw HandlerError.badRequest("Query must be at least 3 characters long") }
        guard query.count <= 100 else { throw HandlerError.badRequest("Query must be at most 100 characters long") }
        guard !WatchingInput.hasControlCharacters(query) else { throw HandlerError.badRequest("Invalid query") }
        let search: ExchangeMapQuery
        switch type.lowercased() {
        case "name": search = .name(query)
        case "uid":
            guard WatchingInput.isMapUid(query) else { throw HandlerError.badRequest("Invalid map UID") }
            search = .uid(query)
        default: throw HandlerError.badRequest("Invalid type. Allowed: name, uid")
        }
        let page = try Self.page(event)
        try await WatchingInput.consumeWithRetryAfter(
            limiter, .driverMapSearch, key: String(caller.userId), now: context.clock.now)

        let offset = (page - 1) * Self.pageSize
        guard offset < Self.maxResults else {
            return .json(
                200,
                [
                    "error": "Too many possible results. Please narrow down your search or use search by UID.",
                    "results": [], "pagination": Self.pagination(page: page, hasMore: false, count: 0),
                ] as JSONValue)
        }
        let found: ExchangeMapPage
        do {
            found = try await exchange.searchMaps(search, count: offset + Self.pageSize, after: nil)
        } catch TrackmaniaError.notFound {
            found = ExchangeMapPage(maps: [], more: false)
        }
        let slice = Array(found.maps.dropFirst(offset).prefix(Self.pageSize))
        let hasMore = found.more && offset + Self.pageSize < Self.maxResults
        return .json(
            200,
            [
                "results": .array(slice.map(Self.entry)),
                "pagination": Self.pagination(page: page, hasMore: hasMore, count: slice.count),
            ] as JSONValue)
    }

    /// `page`: absent means 1; otherwise a whole number from 1 to 10,000.
    static func page(_ event: Event) throws -> Int {
        guard let raw = try WatchingInput.single(event, "page") else { return 1 }
        guard raw.count <= 5, raw.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let page = Int(raw), (1...maxPage).contains(page)
        else { throw HandlerError.badRequest("page must be a whole number from 1 to \(maxPage)") }
        return page
    }

    static func pagination(page: Int, hasMore: Bool, count: Int) -> JSONValue {
        ["currentPage": .int(page), "pageSize": .int(pageSize), "hasMore": .bool(hasMore), "totalResults": .int(count)]
    }

    static func entry(_ map: ExchangeMap) -> JSONValue {
        [
            "mapId": .int(map.mapId), "mapUid": .string(map.mapUid), "name": .string(map.name),
            "authors": .array((map.authors ?? []).map { .string($0.user.name) }), "medals": .null,
            "uploadedAt": .string(map.uploadedAt), "downloadCount": .int(map.downloadCount ?? 0),
        ]
    }
}
