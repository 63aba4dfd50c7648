import Foundation

/// A row of `map_positions`: the inaccurate-mode probe result of one map (shared by every alert covering it).
public struct MapPosition: Sendable, Equatable {
    public var mapUid: String
    /// The rank a 9,999,999 ms run would get, i.e. the number of records plus one.
    public var position: Int
    public var score: Int
    public var lastChecked: Date
    public var createdAt: Date
    public var updatedAt: Date

    public init(mapUid: String, position: Int, score: Int, lastChecked: Date, createdAt: Date, updatedAt: Date) {
        self.mapUid = mapUid
        self.position = position
        self.score = score
        self.lastChecked = lastChecked
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// The last seen record of one account on one map, used to tell new records from known ones.
public struct RecordBaseline: Sendable, Equatable {
    public var mapUid: String
    public var accountId: String
    public var position: Int
    /// Milliseconds.
    public var score: Int
    /// When the record was driven, in Unix seconds as the leaderboard API reports it.
    public var recordTimestamp: Int64

    public init(mapUid: String, accountId: String, position: Int, score: Int, recordTimestamp: Int64) {
        self.mapUid = mapUid
        self.accountId = accountId
        self.position = position
        self.score = score
        self.recordTimestamp = recordTimestamp
    }
}
