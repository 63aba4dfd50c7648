import Foundation
import RecordsCore

/// The day window and grouping shared by the notification history (R27) and the admin daily
/// overview (R26), in UTC whatever the process or database time zone.
enum HistoryDay {
    /// How many days before today the history reaches (the original's `CURRENT_DATE - 5 days`).
    static let daysBack = 5

    /// The first UTC day of the window ending today.
    static func since(_ now: Date) -> String { UTCDays.day(now, minus: daysBack) }

    /// One day's entry of a kind as the original showed it.
    static func outcome(_ entry: NotificationHistoryEntry, withCreatedAt: Bool) -> JSONValue {
        var object: JSONObject = [
            "status": .string(entry.status.rawValue),
            "message": .string(entry.message),
            "records_found": .int(entry.recordsFound),
        ]
        if withCreatedAt { object["created_at"] = .string(Timestamps.iso8601(entry.createdAt)) }
        return .object(object)
    }

    /// Rows grouped by day in the order the days first appear, each day's rows in their order.
    static func byDay(_ entries: [NotificationHistoryEntry]) -> [(day: String, entries: [NotificationHistoryEntry])] {
        var order: [String] = []
        var groups: [String: [NotificationHistoryEntry]] = [:]
        for entry in entries {
            if groups[entry.processingDate] == nil { order.append(entry.processingDate) }
            groups[entry.processingDate, default: []].append(entry)
        }
        return order.map { ($0, groups[$0] ?? []) }
    }
}
