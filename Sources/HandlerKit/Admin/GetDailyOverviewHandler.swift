import Foundation
import RecordsCore

/// `GET /api/v1/admin/daily-overview` (R26): what the daily run did on each of the last five UTC
/// days (today first; days without rows are left out), per user and per kind, with totals.
public struct GetDailyOverviewHandler: Handler {
    /// Days shown: today and the four before (the original queried six and rendered five).
    static let daysShown = 5

    private let history: any NotificationHistoryRepository
    private let alerts: any AlertRepository

    public init(history: any NotificationHistoryRepository, alerts: any AlertRepository) {
        self.history = history
        self.alerts = alerts
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        _ = try context.requireCaller()
        let now = context.clock.now
        let rows = try await history.history(since: UTCDays.day(now, minus: Self.daysShown - 1))
        let byDay = Dictionary(HistoryDay.byDay(rows).map { ($0.day, $0.entries) }, uniquingKeysWith: { $0 + $1 })
        var summaries: [JSONValue] = []
        var totalSent = 0
        var totalErrors = 0
        for offset in 0..<Self.daysShown {
            let day = UTCDays.day(now, minus: offset)
            guard let entries = byDay[day], !entries.isEmpty else { continue }
            let sent = entries.filter { $0.status == .sent }.count
            let errors = entries.filter { $0.status == .technicalError }.count
            totalSent += sent
            totalErrors += errors
            let status = errors == 0 ? "success" : (sent > 0 ? "partial" : "error")
            let relative = offset == 0 ? "Today" : offset == 1 ? "Yesterday" : "\(offset) days ago"
            let message = errors == 0 ? "Daily batch job complete" : "Errors encountered during daily job"
            let mapperAlerts = entries.filter { $0.kind == .mapperAlert }.count
            // Built member by member: one nested literal this size is slow for the type checker.
            var stats = JSONObject()
            stats["num_users"] = .int(Set(entries.map(\.userId)).count)
            stats["num_mapper_alerts"] = .int(mapperAlerts)
            stats["num_driver_notifications"] = .int(entries.count - mapperAlerts)
            stats["num_notifications_sent"] = .int(sent)
            stats["num_errors"] = .int(errors)
            var summary = JSONObject()
            summary["date"] = .string(day)
            summary["display_date"] = .string(UTCDays.longEnglish(day) ?? day)
            summary["relative_date"] = .string(relative)
            summary["overall_status"] = .string(status)
            summary["status_message"] = .string(message)
            summary["stats"] = .object(stats)
            summary["user_breakdown"] = .array(Self.breakdown(entries))
            summaries.append(.object(summary))
        }
        let mapsChecked = try await alerts.totalMapCount()
        return .json(
            200,
            [
                "message": "Admin daily overview retrieved successfully",
                "daily_summaries": .array(summaries),
                "overall": [
                    "maps_checked": .int(mapsChecked), "notifications_sent": .int(totalSent),
                    "total_errors": .int(totalErrors),
                ],
            ] as JSONValue)
    }

    /// One line per user (by username, as the original sorted), the latest row of each kind.
    static func breakdown(_ entries: [NotificationHistoryEntry]) -> [JSONValue] {
        var lines: [String: JSONObject] = [:]
        for entry in entries {
            var line =
                lines[entry.username] ?? [
                    "username": .string(entry.username), "mapper_alert": .null, "driver_notification": .null,
                ]
            line[entry.kind.rawValue] = HistoryDay.outcome(entry, withCreatedAt: false)
            lines[entry.username] = line
        }
        return lines.keys.sorted().compactMap { lines[$0].map(JSONValue.object) }
    }
}
