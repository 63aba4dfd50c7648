import Foundation
import RecordsCore

/// `PUT /api/v1/users/alerts/:id` (R7): changes the record filter of one of the caller's alerts.
///
/// The body is required: a `PUT` without one is a client mistake, not a request to reset the filter,
/// so it is a 400 instead of silently becoming `top5`. Inside a body, an absent, `null` or empty
/// `record_filter` still means `top5`, as the original's.
public struct UpdateAlertHandler: Handler {
    static let missingBodyMessage = "Request body required: {\"record_filter\": \"top5\", \"wr\" or \"all\"}"

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
        guard AlertRules.hasBody(event) else { throw HandlerError.badRequest(Self.missingBodyMessage) }
        let filter = try AlertRules.recordFilter(context.body)
        // Another user's alert and a missing one answer alike, so ids reveal nothing.
        guard
            try await alerts.setRecordFilter(alertId: id, userId: caller.userId, filter: filter, now: context.clock.now)
                != nil
        else { throw HandlerError.notFound(AlertRules.notFoundMessage) }
        return .json(200, ["success": true, "record_filter": .string(filter.rawValue)] as JSONValue)
    }
}
