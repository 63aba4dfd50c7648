import Foundation

/// `driver_notifications.status`: whether the driver still holds a top-5 position.
public enum DriverNotificationStatus: String, Sendable, Codable, CaseIterable {
    case active
    case inactive
}

/// A row of `driver_notifications`: a driver watching their own position on one map.
public struct DriverNotification: Sendable, Equatable {
    public var id: Int
    public var userId: Int
    public var mapUid: String
    public var mapName: String
    public var currentPosition: Int
    /// The driver's best score in milliseconds, kept current by the daily run.
    public var personalBest: Int
    public var status: DriverNotificationStatus
    public var isActive: Bool
    public var createdAt: Date
    public var updatedAt: Date
    public var lastChecked: Date

    public init(
        id: Int, userId: Int, mapUid: String, mapName: String, currentPosition: Int, personalBest: Int,
        status: DriverNotificationStatus, isActive: Bool, createdAt: Date, updatedAt: Date, lastChecked: Date
    ) {
        self.id = id
        self.userId = userId
        self.mapUid = mapUid
        self.mapName = mapName
        self.currentPosition = currentPosition
        self.personalBest = personalBest
        self.status = status
        self.isActive = isActive
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.lastChecked = lastChecked
    }
}

/// The values needed to insert a driver notification.
public struct NewDriverNotification: Sendable, Equatable {
    public var userId: Int
    public var mapUid: String
    public var mapName: String
    public var position: Int
    public var personalBest: Int

    public init(userId: Int, mapUid: String, mapName: String, position: Int, personalBest: Int) {
        self.userId = userId
        self.mapUid = mapUid
        self.mapName = mapName
        self.position = position
        self.personalBest = personalBest
    }
}

/// A user with at least one active driver notification, as the daily run needs them.
public struct DriverWatcher: Sendable, Equatable {
    public var userId: Int
    public var username: String?
    public var email: String
    public var tmUsername: String?
    public var tmAccountId: String?

    public init(userId: Int, username: String?, email: String, tmUsername: String?, tmAccountId: String?) {
        self.userId = userId
        self.username = username
        self.email = email
        self.tmUsername = tmUsername
        self.tmAccountId = tmAccountId
    }
}
