import Foundation

/// `daily_emails.status`.
public enum DailyEmailStatus: String, Sendable, Codable, CaseIterable {
    case pending
    case sent
}

/// A row of `daily_emails`: one user's digest for one UTC day.
public struct DailyEmail: Sendable, Equatable {
    public var username: String
    public var email: String
    /// `YYYY-MM-DD`, UTC.
    public var date: String
    public var mapperContent: String
    public var driverContent: String
    public var status: DailyEmailStatus
    /// Epoch milliseconds, as the original's `bigint` columns.
    public var createdAtMillis: Int64
    public var updatedAtMillis: Int64

    public init(
        username: String, email: String, date: String, mapperContent: String, driverContent: String,
        status: DailyEmailStatus, createdAtMillis: Int64, updatedAtMillis: Int64
    ) {
        self.username = username
        self.email = email
        self.date = date
        self.mapperContent = mapperContent
        self.driverContent = driverContent
        self.status = status
        self.createdAtMillis = createdAtMillis
        self.updatedAtMillis = updatedAtMillis
    }
}

/// Which part of the digest an item belongs to.
public enum DigestSection: String, Sendable, Codable, CaseIterable {
    case mapper
    case driver
}

/// A detected change waiting to be mailed; it stays pending until a mail carrying it was delivered,
/// so a failed send or a crash loses nothing and a re-run adds nothing twice.
public struct DigestItem: Sendable, Equatable {
    public var id: Int
    public var userId: Int
    public var section: DigestSection
    /// Identifies the change (e.g. `map:account:timestamp`); unique per user and section.
    public var dedupeKey: String
    public var mapUid: String?
    /// JSON text describing the change; its shape belongs to the daily run.
    public var payload: String
    public var createdAt: Date
    public var deliveredAt: Date?

    public init(
        id: Int, userId: Int, section: DigestSection, dedupeKey: String, mapUid: String?, payload: String,
        createdAt: Date, deliveredAt: Date?
    ) {
        self.id = id
        self.userId = userId
        self.section = section
        self.dedupeKey = dedupeKey
        self.mapUid = mapUid
        self.payload = payload
        self.createdAt = createdAt
        self.deliveredAt = deliveredAt
    }
}

/// The values needed to queue a digest item.
public struct NewDigestItem: Sendable, Equatable {
    public var userId: Int
    public var section: DigestSection
    public var dedupeKey: String
    public var mapUid: String?
    public var payload: String
    /// When the record behind the item was set (the leaderboard's timestamp), for its freshness;
    /// `nil` when no record is behind it (a driver leaving the top).
    public var recordedAt: Date?

    public init(
        userId: Int, section: DigestSection, dedupeKey: String, mapUid: String?, payload: String,
        recordedAt: Date? = nil
    ) {
        self.userId = userId
        self.section = section
        self.dedupeKey = dedupeKey
        self.mapUid = mapUid
        self.payload = payload
        self.recordedAt = recordedAt
    }
}
