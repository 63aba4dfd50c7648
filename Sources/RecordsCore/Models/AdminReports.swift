import Foundation

/// One line of the admin user list (R24): a user with their most recent alert.
public struct AdminUserSummary: Sendable, Equatable {
    public var id: Int
    public var username: String?
    public var email: String
    public var tmUsername: String?
    public var createdAt: Date
    /// `nil` when the user has no alert.
    public var alertType: AlertType?
    public var alertId: Int?
    public var alertCreatedAt: Date?
    /// The `map_count` of the most recent alert, 0 without one.
    public var mapCount: Int
    public var driverNotificationsCount: Int

    public init(
        id: Int, username: String?, email: String, tmUsername: String?, createdAt: Date, alertType: AlertType?,
        alertId: Int?, alertCreatedAt: Date?, mapCount: Int, driverNotificationsCount: Int
    ) {
        self.id = id
        self.username = username
        self.email = email
        self.tmUsername = tmUsername
        self.createdAt = createdAt
        self.alertType = alertType
        self.alertId = alertId
        self.alertCreatedAt = alertCreatedAt
        self.mapCount = mapCount
        self.driverNotificationsCount = driverNotificationsCount
    }
}

/// The public counters of R32.
public struct SiteStats: Sendable, Equatable {
    public var totalUsers: Int
    /// `notification_history` rows of type `mapper_alert` with status `sent`.
    public var totalAlertsSent: Int
    /// All `driver_notifications` rows.
    public var mapsBeingWatched: Int

    public init(totalUsers: Int, totalAlertsSent: Int, mapsBeingWatched: Int) {
        self.totalUsers = totalUsers
        self.totalAlertsSent = totalAlertsSent
        self.mapsBeingWatched = mapsBeingWatched
    }
}
