import Foundation
import Logging
import RecordsCore

/// Trackmania Exchange v2 calls (no authentication; still paced, timed out and retried).
public struct ExchangeClient: ExchangeMaps {
    /// Maps per page when listing an author's maps; fewer pages means fewer calls.
    static let authorPageSize = 100

    let http: TrackmaniaHTTP
    let baseURL: String
    let logger: Logger

    /// Searches users by name (`/api/users?name=…&fields=Name,UserId`).
    func searchUsers(name: String) async throws -> ExchangeUserPage {
        let query = QueryEncoding.query([("name", name), ("fields", "Name,UserId")])
        let response = try await http.send(
            OutboundRequest(endpoint: "tmx.users", method: .GET, url: "\(baseURL)/api/users?\(query)"))
        let page = try JSONBody.decode(Page<ExchangeUser>.self, from: response, endpoint: "tmx.users")
        return ExchangeUserPage(users: page.results ?? [], more: page.more ?? false)
    }

    public func mapsByAuthor(_ author: String) async throws -> [ExchangeMap] {
        var maps: [ExchangeMap] = []
        var seen = Set<Int>()
        var after: Int?
        while true {
            var items = [
                ("author", author), ("fields", "Name,MapId,MapUid,Authors"), ("count", String(Self.authorPageSize)),
            ]
            if let after { items.append(("after", String(after))) }
            let page = try await mapPage(items)
            for map in page.maps where seen.insert(map.mapId).inserted { maps.append(map) }
            // `More` with an empty or non-advancing page would loop forever (the original did); stop instead.
            guard page.more, let last = page.maps.last?.mapId, last != after else {
                if page.more {
                    logger.warning("TMX said More without a new cursor; stopping", metadata: ["author": "\(author)"])
                }
                return maps
            }
            after = last
        }
    }

    public func searchMaps(_ query: ExchangeMapQuery, count: Int, after: Int?) async throws -> ExchangeMapPage {
        var items = [
            ("fields", "MapId,MapUid,Name,Authors,UploadedAt,DownloadCount"),
            ("count", String(min(max(count, 1), 100))),
        ]
        switch query {
        case .name(let name): items.append(("name", name))
        case .uid(let uid): items.append(("uid", uid))
        }
        if let after { items.append(("after", String(after))) }
        return try await mapPage(items)
    }

    private func mapPage(_ items: [(String, String)]) async throws -> ExchangeMapPage {
        let url = "\(baseURL)/api/maps?\(QueryEncoding.query(items))"
        let response = try await http.send(OutboundRequest(endpoint: "tmx.maps", method: .GET, url: url))
        let page = try JSONBody.decode(Page<ExchangeMap>.self, from: response, endpoint: "tmx.maps")
        return ExchangeMapPage(maps: page.results ?? [], more: page.more ?? false)
    }

    /// TMX's `{"More": bool, "Results": [...]}` envelope.
    private struct Page<Item: Decodable>: Decodable {
        enum CodingKeys: String, CodingKey {
            case more = "More"
            case results = "Results"
        }
        var more: Bool?
        var results: [Item]?
    }
}
