import Foundation

/// `notification_history.notification_type`.
public enum NotificationKind: String, Sendable, Codable, CaseIterable {
    case mapperAlert = "mapper_alert"
    case driverNotification = "driver_notification"
}

/// `notification_history.status`.
public enum NotificationOutcome: String, Sendable, Codable, CaseIterable {
    case sent
    case noNewTimes = "no_new_times"
    case technicalError = "technical_error"
    case processing
}

/// A row of `notification_history`: what the daily run did for one user and one kind on one day.
public struct NotificationHistoryEntry: Sendable, Equatable {
    public var id: Int
    public var userId: Int
    public var username: String
    public var kind: NotificationKind
    public var status: NotificationOutcome
    public var message: String?
    public var recordsFound: Int
    /// The UTC day the run processed, `YYYY-MM-DD`.
    public var processingDate: String
    public var createdAt: Date

    public init(
        id: Int, userId: Int, username: String, kind: NotificationKind, status: NotificationOutcome,
        message: String?, recordsFound: Int, processingDate: String, createdAt: Date
    ) {
        self.id = id
        self.userId = userId
        self.username = username
        self.kind = kind
        self.status = status
        self.message = message
        self.recordsFound = recordsFound
        self.processingDate = processingDate
        self.createdAt = createdAt
    }
}

/// The values needed to insert a history row.
public struct NewNotificationHistoryEntry: Sendable, Equatable {
    public var userId: Int
    public var username: String
    public var kind: NotificationKind
    public var status: NotificationOutcome
    public var message: String?
    public var recordsFound: Int
    /// The UTC day, `YYYY-MM-DD` (never the database's `CURRENT_DATE`, which follows its time zone).
    public var processingDate: String

    public init(
        userId: Int, username: String, kind: NotificationKind, status: NotificationOutcome, message: String?,
        recordsFound: Int, processingDate: String
    ) {
        self.userId = userId
        self.username = username
        self.kind = kind
        self.status = status
        self.message = message
        self.recordsFound = recordsFound
        self.processingDate = processingDate
    }
}
