import Foundation
import RecordsCore

/// `PUT /api/v1/feedback/:id/read` (R30): stamps `read_at` once (marking again keeps the first time).
public struct MarkFeedbackReadHandler: Handler {
    private let feedback: any FeedbackRepository

    public init(feedback: any FeedbackRepository) {
        self.feedback = feedback
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        _ = try context.requireCaller()
        let id = try FeedbackRules.id(event)
        guard try await feedback.markRead(id: id, now: context.clock.now) else {
            throw HandlerError.notFound("Feedback not found")
        }
        return .json(200, ["message": "Feedback marked as read"] as JSONValue)
    }
}
