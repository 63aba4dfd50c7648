import Foundation

/// A new or improved record on a watched map, as queued for a mapper (`digest_items.payload`).
public struct MapperRecordPayload: Sendable, Codable, Equatable {
    public var mapUid: String
    public var mapName: String
    public var accountId: String
    public var zoneName: String
    public var position: Int
    /// Milliseconds, −1 behind a secret threshold.
    public var score: Int
    /// When the record was driven, Unix seconds.
    public var timestamp: Int
    /// Whether the account already had a (worse) record on the map.
    public var improved: Bool
    /// The map's Trackmania Exchange id (`MapId`) when the run read it from TMX; absent in items
    /// queued before it was recorded and for maps TMX did not list.
    public var exchangeId: Int?

    public init(
        mapUid: String, mapName: String, accountId: String, zoneName: String, position: Int, score: Int,
        timestamp: Int, improved: Bool, exchangeId: Int? = nil
    ) {
        self.mapUid = mapUid
        self.mapName = mapName
        self.accountId = accountId
        self.zoneName = zoneName
        self.position = position
        self.score = score
        self.timestamp = timestamp
        self.improved = improved
        self.exchangeId = exchangeId
    }
}

/// What happened to a driver's position on one watched map.
public enum DriverChangeKind: String, Sendable, Codable, CaseIterable {
    /// Someone passed them: the position got worse.
    case beaten
    /// They set a new personal best.
    case improved
    /// They are no longer inside the leaderboard depth the run reads.
    case outOfRange
}

/// A driver's position change, as queued for the driver (`digest_items.payload`).
public struct DriverChangePayload: Sendable, Codable, Equatable {
    public var kind: DriverChangeKind
    public var mapUid: String
    public var mapName: String
    public var oldPosition: Int
    /// `nil` when out of range.
    public var newPosition: Int?
    public var oldScore: Int
    public var newScore: Int?
    /// Accounts now ahead of the driver whose records are newer than the previous check (for `beaten`).
    public var passedBy: [String]
    /// The scores of ``passedBy``, in the same order (−1 behind a secret threshold); absent in
    /// items queued before the rivals' times were recorded.
    public var passedByScores: [Int]?
    /// The depth the run reads (for `outOfRange`).
    public var range: Int
    /// When the run saw the change, Unix seconds.
    public var detectedAt: Int

    public init(
        kind: DriverChangeKind, mapUid: String, mapName: String, oldPosition: Int, newPosition: Int?, oldScore: Int,
        newScore: Int?, passedBy: [String], range: Int, detectedAt: Int, passedByScores: [Int]? = nil
    ) {
        self.kind = kind
        self.mapUid = mapUid
        self.mapName = mapName
        self.oldPosition = oldPosition
        self.newPosition = newPosition
        self.oldScore = oldScore
        self.newScore = newScore
        self.passedBy = passedBy
        self.range = range
        self.detectedAt = detectedAt
        self.passedByScores = passedByScores
    }
}

enum PayloadCoding {
    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding these plain structs cannot fail.
        return (try? String(decoding: encoder.encode(value), as: UTF8.self)) ?? "{}"
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) -> T? {
        try? JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
