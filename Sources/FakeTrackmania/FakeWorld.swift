import Foundation

/// The Trackmania world a fake service serves: accounts, TMX users, maps and records, plus the
/// credentials it accepts and how long its tokens live. Loaded from JSON (the demo world is the bundled
/// `Resources/demo-world.json`).
public struct FakeWorld: Sendable, Codable, Equatable {
    /// Credentials the fake accepts.
    public struct Credentials: Sendable, Codable, Equatable {
        public var nadeoLogin: String
        public var nadeoPassword: String
        public var clientId: String
        public var clientSecret: String

        /// Creates a value from its fields.
        public init(nadeoLogin: String, nadeoPassword: String, clientId: String, clientSecret: String) {
            self.nadeoLogin = nadeoLogin
            self.nadeoPassword = nadeoPassword
            self.clientId = clientId
            self.clientSecret = clientSecret
        }

        /// The demo credentials (the same values as `TrackmaniaConfiguration.demoLogin` and friends).
        public static let demo = Credentials(
            nadeoLogin: "demo-service-account", nadeoPassword: "demo-password", clientId: "demo-client",
            clientSecret: "demo-secret")
    }

    /// Token lifetimes in seconds, as the documented defaults unless a test shortens them.
    public struct TokenLifetimes: Sendable, Codable, Equatable {
        public var accessSeconds: Double
        /// `rat` = issued-at + this.
        public var refreshAllowedAfterSeconds: Double
        public var refreshSeconds: Double
        /// OAuth `expires_in`.
        public var oauthSeconds: Double

        /// Creates a value from its fields.
        public init(
            accessSeconds: Double, refreshAllowedAfterSeconds: Double, refreshSeconds: Double, oauthSeconds: Double
        ) {
            self.accessSeconds = accessSeconds
            self.refreshAllowedAfterSeconds = refreshAllowedAfterSeconds
            self.refreshSeconds = refreshSeconds
            self.oauthSeconds = oauthSeconds
        }

        /// Nadeo: 1 h access, refresh after 30 min, 1 day refresh; OAuth 3600 s.
        public static let documented = TokenLifetimes(
            accessSeconds: 3600, refreshAllowedAfterSeconds: 1800, refreshSeconds: 86400, oauthSeconds: 3600)
    }

    /// A Ubisoft/Nadeo account (a driver or a mapper in game).
    public struct Account: Sendable, Codable, Equatable {
        public var accountId: String
        public var displayName: String
        public var zoneId: String
        public var zoneName: String

        /// Creates a value from its fields.
        public init(accountId: String, displayName: String, zoneId: String, zoneName: String) {
            self.accountId = accountId
            self.displayName = displayName
            self.zoneId = zoneId
            self.zoneName = zoneName
        }
    }

    /// A Trackmania Exchange user.
    public struct ExchangeUser: Sendable, Codable, Equatable {
        public var userId: Int
        public var name: String

        /// Creates a value from its fields.
        public init(userId: Int, name: String) {
            self.userId = userId
            self.name = name
        }
    }

    /// A map, known to both Nadeo and TMX.
    public struct Map: Sendable, Codable, Equatable {
        /// Nadeo map uid.
        public var uid: String
        /// TMX `MapId`.
        public var exchangeId: Int
        /// Nadeo map id (UUID).
        public var nadeoId: String
        public var name: String
        /// TMX user ids; the first is the uploader (`Role` "Mapper"), the rest co-authors.
        public var authorUserIds: [Int]
        /// The Nadeo account of the uploader.
        public var authorAccountId: String
        /// ISO-8601.
        public var uploadedAt: String
        public var downloadCount: Int
        public var authorTime: Int
        /// Records faster than this are reported with score −1 (a secret threshold), if set.
        public var secretThreshold: Int?

        /// Creates a value from its fields.
        public init(
            uid: String, exchangeId: Int, nadeoId: String, name: String, authorUserIds: [Int], authorAccountId: String,
            uploadedAt: String, downloadCount: Int, authorTime: Int, secretThreshold: Int? = nil
        ) {
            self.uid = uid
            self.exchangeId = exchangeId
            self.nadeoId = nadeoId
            self.name = name
            self.authorUserIds = authorUserIds
            self.authorAccountId = authorAccountId
            self.uploadedAt = uploadedAt
            self.downloadCount = downloadCount
            self.authorTime = authorTime
            self.secretThreshold = secretThreshold
        }
    }

    /// A personal best of one account on one map.
    public struct Record: Sendable, Codable, Equatable {
        public var mapUid: String
        public var accountId: String
        /// Milliseconds.
        public var score: Int
        /// Unix seconds; when absent, `ageSeconds` before the world was loaded.
        public var timestamp: Int?
        /// Relative age, so a demo world always has fresh records.
        public var ageSeconds: Int?

        /// Creates a value from its fields.
        public init(mapUid: String, accountId: String, score: Int, timestamp: Int? = nil, ageSeconds: Int? = nil) {
            self.mapUid = mapUid
            self.accountId = accountId
            self.score = score
            self.timestamp = timestamp
            self.ageSeconds = ageSeconds
        }
    }

    public var credentials: Credentials
    public var tokens: TokenLifetimes
    public var accounts: [Account]
    public var exchangeUsers: [ExchangeUser]
    public var maps: [Map]
    public var records: [Record]

    /// Creates a value from its fields.
    public init(
        credentials: Credentials = .demo, tokens: TokenLifetimes = .documented, accounts: [Account],
        exchangeUsers: [ExchangeUser], maps: [Map], records: [Record]
    ) {
        self.credentials = credentials
        self.tokens = tokens
        self.accounts = accounts
        self.exchangeUsers = exchangeUsers
        self.maps = maps
        self.records = records
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        credentials = try container.decodeIfPresent(Credentials.self, forKey: .credentials) ?? .demo
        tokens = try container.decodeIfPresent(TokenLifetimes.self, forKey: .tokens) ?? .documented
        accounts = try container.decodeIfPresent([Account].self, forKey: .accounts) ?? []
        exchangeUsers = try container.decodeIfPresent([ExchangeUser].self, forKey: .exchangeUsers) ?? []
        maps = try container.decodeIfPresent([Map].self, forKey: .maps) ?? []
        records = try container.decodeIfPresent([Record].self, forKey: .records) ?? []
    }

    /// Reads a world file.
    /// - Parameter url: A JSON file in this type's shape.
    /// - Throws: File or decoding errors.
    public static func load(from url: URL) throws -> FakeWorld {
        try JSONDecoder().decode(FakeWorld.self, from: Data(contentsOf: url))
    }
}
