import Foundation

/// A map author on Trackmania Exchange (`Authors[]`).
public struct ExchangeMapAuthor: Sendable, Equatable, Codable {
    enum CodingKeys: String, CodingKey {
        case user = "User"
        case role = "Role"
    }

    public var user: ExchangeUser
    public var role: String?

    /// Creates a value from its fields.
    public init(user: ExchangeUser, role: String? = nil) {
        self.user = user
        self.role = role
    }
}

/// A map on Trackmania Exchange; fields not requested with `fields=` are `nil`.
public struct ExchangeMap: Sendable, Equatable, Codable {
    enum CodingKeys: String, CodingKey {
        case mapId = "MapId"
        case mapUid = "MapUid"
        case name = "Name"
        case authors = "Authors"
        case uploadedAt = "UploadedAt"
        case downloadCount = "DownloadCount"
    }

    /// TMX's numeric id (also the `after` paging cursor).
    public var mapId: Int
    /// Nadeo's map uid.
    public var mapUid: String
    public var name: String
    public var authors: [ExchangeMapAuthor]?
    /// ISO-8601 text as TMX sends it.
    public var uploadedAt: String?
    public var downloadCount: Int?

    /// Creates a value from its fields.
    public init(
        mapId: Int, mapUid: String, name: String, authors: [ExchangeMapAuthor]? = nil, uploadedAt: String? = nil,
        downloadCount: Int? = nil
    ) {
        self.mapId = mapId
        self.mapUid = mapUid
        self.name = name
        self.authors = authors
        self.uploadedAt = uploadedAt
        self.downloadCount = downloadCount
    }
}

/// One page of a TMX map search.
public struct ExchangeMapPage: Sendable, Equatable {
    public var maps: [ExchangeMap]
    /// TMX's `More`: continue with `after` = the last map's `mapId`.
    public var more: Bool

    /// Creates a value from its fields.
    public init(maps: [ExchangeMap], more: Bool) {
        self.maps = maps
        self.more = more
    }
}

/// What a TMX map search matches on.
public enum ExchangeMapQuery: Sendable, Equatable {
    /// Full-text search on the map name (`name=`).
    case name(String)
    /// Exact map uid (`uid=`).
    case uid(String)
}

/// Map look-ups on Trackmania Exchange.
public protocol ExchangeMaps: Sendable {
    /// Every map whose authors include `author` (TMX `author=`, which includes co-authors),
    /// following `More` with `after` cursors until the end.
    /// - Throws: ``TrackmaniaError``.
    func mapsByAuthor(_ author: String) async throws -> [ExchangeMap]

    /// One page of a map search by name or uid.
    ///
    /// TMX pages by `after` cursors, not offsets; a page-numbered UI (R18, 20 per page, at most 100
    /// results) can ask for `count: page × 20` in one call and show the last 20.
    /// - Parameters:
    ///   - query: What to match.
    ///   - count: Page size (TMX default 40, at most 100).
    ///   - after: A `mapId` cursor from the previous page, or `nil` for the first page.
    /// - Throws: ``TrackmaniaError``.
    func searchMaps(_ query: ExchangeMapQuery, count: Int, after: Int?) async throws -> ExchangeMapPage
}
