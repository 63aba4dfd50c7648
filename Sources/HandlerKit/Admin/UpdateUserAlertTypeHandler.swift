import Foundation
import RecordsCore

/// `PUT /api/v1/admin/users/alert-type` (R25): switches every alert of a user between accurate and
/// inaccurate mode.
///
/// Switching to accurate keeps the user's map list and removes only the position baselines no
/// other inaccurate alert still uses (the original deleted shared ones). Switching to inaccurate
/// lists the maps and stores missing baselines in the background, as the original did, so the
/// admin page does not wait on Trackmania.
public struct UpdateUserAlertTypeHandler: Handler {
    private let users: any UserRepository
    private let alerts: any AlertRepository
    private let sync: AlertMapSync
    private let background: BackgroundWork

    /// - Parameters:
    ///   - sync: Lists an alert's maps and records its inaccurate-mode baselines (as alert creation does).
    ///   - background: Runs that after the response, tracked so shutdown waits for it.
    public init(
        users: any UserRepository, alerts: any AlertRepository, sync: AlertMapSync, background: BackgroundWork
    ) {
        self.users = users
        self.alerts = alerts
        self.sync = sync
        self.background = background
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        _ = try context.requireCaller()
        let rawId = context.body["user_id"]
        let rawType = context.body["alert_type"]
        guard let rawId, Self.isPresent(rawId), let rawType, Self.isPresent(rawType) else {
            throw HandlerError.badRequest("user_id and alert_type are required")
        }
        guard case .string(let typeName) = rawType, let type = AlertType(rawValue: typeName) else {
            throw HandlerError.badRequest("alert_type must be \"accurate\" or \"inaccurate\"")
        }
        guard let userId = try? context.body.integer("user_id"), userId > 0 else {
            throw HandlerError.badRequest("user_id must be a positive integer")
        }
        guard let user = try await users.user(id: userId) else { throw HandlerError.notFound("User not found") }
        let existing = try await alerts.alerts(userId: userId)
        guard let current = existing.first else { throw HandlerError.badRequest("User has no alerts configured") }

        let now = context.clock.now
        let updated = try await alerts.setAlertType(userId: userId, type: type, now: now)
        let newest = updated.max { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) } ?? current
        let startInit = type == .inaccurate && current.alertType != .inaccurate
        if startInit {
            // The same listing and baselines alert creation records: maps already listed and baselines
            // another alert shares are kept.
            let sync = self.sync
            let switched = updated
            await background.launch("inaccurate-mode init") {
                for alert in switched { try await sync.sync(alert: alert) }
            }
        }
        context.logger.notice(
            "alert type changed", metadata: ["user-id": .stringConvertible(userId), "type": .string(type.rawValue)])
        return .json(
            200,
            [
                "message": "User alert type updated successfully",
                "user_id": rawId,
                "username": .string(user.username),
                "alert_type": .string(type.rawValue),
                "map_count": .int(newest.mapCount),
                "init_inaccurate_started": .bool(startInit),
            ] as JSONValue)
    }

    /// JavaScript truthiness, as the original's "required" check read these fields.
    private static func isPresent(_ value: JSONValue) -> Bool {
        switch value {
        case .null, .bool(false), .string(""): false
        case .number(let number): number != 0 && !number.isNaN
        default: true
        }
    }
}
