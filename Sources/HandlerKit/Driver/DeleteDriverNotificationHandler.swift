import Foundation
import RecordsCore

/// `DELETE /api/v1/driver/notifications/:id` (R21): stops watching one of the caller's maps.
public struct DeleteDriverNotificationHandler: Handler {
    private let notifications: any DriverNotificationRepository
    private let limiter: RequestLimiter

    public init(notifications: any DriverNotificationRepository, limiter: RequestLimiter) {
        self.notifications = notifications
        self.limiter = limiter
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        let caller = try context.requireCaller()
        try await limiter.consume(.changeWatch, key: String(caller.userId), now: context.clock.now)
        let id = try WatchingInput.rowId(event, message: "Invalid notification ID")
        // Another user's notification and a missing one answer alike.
        guard try await notifications.delete(id: id, userId: caller.userId) else {
            throw HandlerError.notFound("Notification not found or not authorized")
        }
        return .json(200, ["success": true, "msg": "Driver notification deleted successfully"] as JSONValue)
    }
}
