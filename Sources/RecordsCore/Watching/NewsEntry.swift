import Foundation

/// One news item as `GET /api/v1/users/news` shows it: what happened, where, whose record, and how
/// fresh it is (when the record was set, when recordsw detected it).
public struct NewsEntry: Sendable, Equatable {
    /// `record` (a mapper alert: a new or improved record on a watched map), `beaten`, `improved` or
    /// `outOfRange` (driver notifications).
    public var kind: String
    public var mapUid: String
    public var mapName: String
    /// The account whose record is the news: the record's driver, the newest passer of a beaten
    /// driver, the driver themself for an improvement; `nil` when the driver left the top.
    public var accountId: String?
    /// The record's position (a driver's new position); `nil` when out of range.
    public var position: Int?
    /// Milliseconds (−1 behind a secret threshold); `nil` when out of range.
    public var time: Int?
    public var recordedAt: Date?
    public var detectedAt: Date
    /// The stored item's id, which orders the news (newest first) and pages it.
    public var id: Int

    /// Reads a stored item; `nil` when its payload cannot be read.
    /// - Parameter driverAccountId: The reader's Trackmania account, named for their own improvements.
    public init?(_ stored: StoredNews, driverAccountId: String?) {
        id = stored.id
        detectedAt = stored.detectedAt
        recordedAt = stored.recordedAt
        switch stored.section {
        case .mapper:
            guard let record = PayloadCoding.decode(MapperRecordPayload.self, stored.payload) else { return nil }
            kind = "record"
            mapUid = record.mapUid
            mapName = record.mapName
            accountId = record.accountId
            position = record.position
            time = record.score
            // Items queued before recorded_at existed still carry the record's timestamp.
            recordedAt = recordedAt ?? Date(timeIntervalSince1970: TimeInterval(record.timestamp))
        case .driver:
            guard let change = PayloadCoding.decode(DriverChangePayload.self, stored.payload) else { return nil }
            kind = change.kind.rawValue
            mapUid = change.mapUid
            mapName = change.mapName
            position = change.newPosition
            time = change.newScore
            accountId =
                switch change.kind {
                case .beaten: change.passedBy.first
                case .improved: driverAccountId
                case .outOfRange: nil
                }
        }
    }
}
