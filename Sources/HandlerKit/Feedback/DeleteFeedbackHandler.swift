import Foundation
import RecordsCore

/// `DELETE /api/v1/feedback/:id` (R31).
public struct DeleteFeedbackHandler: Handler {
    private let feedback: any FeedbackRepository

    public init(feedback: any FeedbackRepository) {
        self.feedback = feedback
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        _ = try context.requireCaller()
        let id = try FeedbackRules.id(event)
        guard try await feedback.delete(id: id) else { throw HandlerError.notFound("Feedback not found") }
        return .json(200, ["message": "Feedback deleted"] as JSONValue)
    }
}
