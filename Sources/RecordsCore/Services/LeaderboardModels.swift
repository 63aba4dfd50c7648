import Foundation

/// One record of a Nadeo leaderboard top (`tops[].top[]`), with the keys Nadeo sends.
public struct LeaderboardRecord: Sendable, Equatable, Codable {
    public var accountId: String
    public var zoneId: String
    public var zoneName: String
    /// 1-based rank.
    public var position: Int
    /// Milliseconds, or −1 when the map's author hides scores behind a secret threshold.
    public var score: Int
    /// When the record was set, in Unix **seconds**.
    public var timestamp: Int

    /// Creates a value from its fields.
    public init(accountId: String, zoneId: String, zoneName: String, position: Int, score: Int, timestamp: Int) {
        self.accountId = accountId
        self.zoneId = zoneId
        self.zoneName = zoneName
        self.position = position
        self.score = score
        self.timestamp = timestamp
    }
}

/// The records of one zone (World first) in a leaderboard top.
public struct LeaderboardZoneTop: Sendable, Equatable, Codable {
    public var zoneId: String
    public var zoneName: String
    public var top: [LeaderboardRecord]

    /// Creates a value from its fields.
    public init(zoneId: String, zoneName: String, top: [LeaderboardRecord]) {
        self.zoneId = zoneId
        self.zoneName = zoneName
        self.top = top
    }
}

/// A leaderboard top as Nadeo returns it (`{groupUid, mapUid, tops}`); R17 returns it verbatim.
public struct LeaderboardTop: Sendable, Equatable, Codable {
    public var groupUid: String
    public var mapUid: String
    public var tops: [LeaderboardZoneTop]

    /// Creates a value from its fields.
    public init(groupUid: String, mapUid: String, tops: [LeaderboardZoneTop]) {
        self.groupUid = groupUid
        self.mapUid = mapUid
        self.tops = tops
    }

    /// The world records (`tops[0].top`), empty when the map is unknown.
    public var worldRecords: [LeaderboardRecord] { tops.first?.top ?? [] }
}

/// The rank a record with `score` would get on `mapUid` (Nadeo's position endpoint).
public struct MapScorePosition: Sendable, Equatable {
    public var mapUid: String
    public var score: Int
    /// The world position (`zones[0].ranking.position`).
    public var position: Int

    /// Creates a value from its fields.
    public init(mapUid: String, score: Int, position: Int) {
        self.mapUid = mapUid
        self.score = score
        self.position = position
    }
}

/// Map metadata from Nadeo Live's `map/get-multiple`.
public struct NadeoMapInfo: Sendable, Equatable, Codable {
    public var uid: String
    /// Nadeo's map id (a UUID), distinct from the TMX `MapId`.
    public var mapId: String
    public var name: String
    /// The author's account id.
    public var author: String
    public var authorTime: Int
    public var goldTime: Int
    public var silverTime: Int
    public var bronzeTime: Int
    /// Unix seconds.
    public var uploadTimestamp: Int
    /// Unix seconds.
    public var updateTimestamp: Int

    /// Creates a value from its fields.
    public init(
        uid: String, mapId: String, name: String, author: String, authorTime: Int, goldTime: Int,
        silverTime: Int, bronzeTime: Int, uploadTimestamp: Int, updateTimestamp: Int
    ) {
        self.uid = uid
        self.mapId = mapId
        self.name = name
        self.author = author
        self.authorTime = authorTime
        self.goldTime = goldTime
        self.silverTime = silverTime
        self.bronzeTime = bronzeTime
        self.uploadTimestamp = uploadTimestamp
        self.updateTimestamp = updateTimestamp
    }
}
