import Foundation
import RecordsCore

/// `DELETE /api/v1/users/alerts/:id` (R8): deletes one of the caller's alerts with its map list, and the
/// position baselines of those maps that no other alert still uses (co-authored maps keep theirs).
public struct DeleteAlertHandler: Handler {
    private let alerts: any AlertRepository
    private let limiter: RequestLimiter

    public init(alerts: any AlertRepository, limiter: RequestLimiter) {
        self.alerts = alerts
        self.limiter = limiter
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        let caller = try context.requireCaller()
        try await limiter.consume(.changeWatch, key: String(caller.userId), now: context.clock.now)
        let id = try WatchingInput.rowId(event, message: AlertRules.invalidIdMessage)
        guard try await alerts.delete(alertId: id, userId: caller.userId) else {
            throw HandlerError.notFound(AlertRules.notFoundMessage)
        }
        return .json(200, ["success": true, "msg": "Alert deleted successfully"] as JSONValue)
    }
}
