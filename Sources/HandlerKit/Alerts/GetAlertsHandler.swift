import Foundation
import RecordsCore

/// `GET /api/v1/users/alerts` (R5): the caller's alerts, newest first.
public struct GetAlertsHandler: Handler {
    private let alerts: any AlertRepository

    public init(alerts: any AlertRepository) {
        self.alerts = alerts
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        let caller = try context.requireCaller()
        let list = try await alerts.alerts(userId: caller.userId)
        return .json(200, ["alerts": .array(list.map(AlertRules.entry))] as JSONValue)
    }
}
