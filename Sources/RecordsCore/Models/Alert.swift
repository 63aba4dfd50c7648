import Foundation

/// How an alert detects news: `accurate` reads every map's leaderboard, `inaccurate` probes positions in batches.
public enum AlertType: String, Sendable, Codable, CaseIterable {
    case accurate
    case inaccurate
}

/// Which new records a mapper wants to hear about (`alerts.record_filter`).
public enum RecordFilter: String, Sendable, Codable, CaseIterable {
    /// Positions 1 to 5.
    case top5
    /// Position 1 only.
    case wr
    /// Everything in the top 100.
    case all
}

/// A row of `alerts`: a user's wish to hear about new records on the maps they authored.
public struct Alert: Sendable, Equatable {
    public var id: Int
    public var userId: Int
    /// Copied from `users` when the alert was created (as the original).
    public var username: String
    public var email: String
    public var createdAt: Date
    public var alertType: AlertType
    public var mapCount: Int
    public var recordFilter: RecordFilter
    public var updatedAt: Date?

    public init(
        id: Int, userId: Int, username: String, email: String, createdAt: Date, alertType: AlertType,
        mapCount: Int, recordFilter: RecordFilter, updatedAt: Date?
    ) {
        self.id = id
        self.userId = userId
        self.username = username
        self.email = email
        self.createdAt = createdAt
        self.alertType = alertType
        self.mapCount = mapCount
        self.recordFilter = recordFilter
        self.updatedAt = updatedAt
    }
}

/// The values needed to insert an alert.
public struct NewAlert: Sendable, Equatable {
    public var userId: Int
    public var username: String
    public var email: String
    public var alertType: AlertType
    public var mapCount: Int
    public var recordFilter: RecordFilter

    public init(
        userId: Int, username: String, email: String, alertType: AlertType = .accurate, mapCount: Int = 0,
        recordFilter: RecordFilter = .top5
    ) {
        self.userId = userId
        self.username = username
        self.email = email
        self.alertType = alertType
        self.mapCount = mapCount
        self.recordFilter = recordFilter
    }
}
