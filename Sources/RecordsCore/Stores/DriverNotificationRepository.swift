import Foundation

/// Reads and writes `driver_notifications`.
public protocol DriverNotificationRepository: Sendable {
    /// The user's notifications, newest first (R19).
    func notifications(userId: Int) async throws -> [DriverNotification]

    /// Inserts a notification (R20).
    /// - Throws: `StoreError.uniqueViolation` when the user already watches that map.
    func create(_ notification: NewDriverNotification, now: Date) async throws -> DriverNotification

    /// Deletes the user's notification (R21). Returns `false` when no such row belongs to the user.
    func delete(id: Int, userId: Int) async throws -> Bool

    /// Users with at least one active notification, ordered by id: the daily run's driver work list.
    func watchers() async throws -> [DriverWatcher]

    /// Stores what the daily run observed for one notification (position, best score, status);
    /// also stamps `last_checked`. Returns `false` when the row is gone.
    func recordCheck(
        id: Int, position: Int, personalBest: Int, status: DriverNotificationStatus, now: Date
    ) async throws -> Bool

    /// Stamps `last_checked` on the given rows (maps whose check succeeded without a change).
    func markChecked(ids: [Int], now: Date) async throws

    /// The number of rows (R32 `maps_being_watched`).
    func count() async throws -> Int
}
