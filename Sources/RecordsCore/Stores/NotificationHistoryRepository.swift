import Foundation

/// Reads and writes `notification_history`.
public protocol NotificationHistoryRepository: Sendable {
    /// Inserts a history row.
    func record(_ entry: NewNotificationHistoryEntry, now: Date) async throws -> NotificationHistoryEntry

    /// The user's rows processed on or after the UTC day `since` (`YYYY-MM-DD`), newest day first and,
    /// within a day, oldest row first (R27).
    func history(userId: Int, since: String) async throws -> [NotificationHistoryEntry]

    /// Every user's rows processed on or after `since`, in the same order (R26).
    func history(since: String) async throws -> [NotificationHistoryEntry]

    /// The number of rows with this kind and status (R32).
    func count(kind: NotificationKind, status: NotificationOutcome) async throws -> Int
}
