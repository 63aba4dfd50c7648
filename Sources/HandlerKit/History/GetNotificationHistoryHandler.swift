import Foundation
import RecordsCore

/// `GET /api/v1/notification-history` (R27): the caller's daily-run outcomes of today and the five
/// days before (UTC), newest day first; only days with rows appear, and when one kind has several
/// rows on a day the latest wins, as in the original.
public struct GetNotificationHistoryHandler: Handler {
    private let history: any NotificationHistoryRepository

    public init(history: any NotificationHistoryRepository) {
        self.history = history
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        let caller = try context.requireCaller()
        let rows = try await history.history(userId: caller.userId, since: HistoryDay.since(context.clock.now))
        let days: [JSONValue] = HistoryDay.byDay(rows).map { day, entries -> JSONValue in
            var object: JSONObject = ["date": .string(day), "mapper_alert": .null, "driver_notification": .null]
            // Rows come oldest first within a day, so the last one of a kind wins.
            for entry in entries { object[entry.kind.rawValue] = HistoryDay.outcome(entry, withCreatedAt: true) }
            return .object(object)
        }
        return .json(
            200, ["message": "Notification history retrieved successfully", "history": .array(days)] as JSONValue)
    }
}
