import Foundation
import RecordsCore

/// `GET /api/v1/feedback` (R28): the newest 100 messages for the admin page.
public struct ListFeedbackHandler: Handler {
    private let feedback: any FeedbackRepository

    public init(feedback: any FeedbackRepository) {
        self.feedback = feedback
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        _ = try context.requireCaller()
        let rows: [JSONValue] = try await feedback.list(limit: FeedbackRules.listLimit).map { row in
            [
                "id": .int(row.id), "username": .string(row.username), "message": .string(row.message),
                "type": .string(row.type), "created_at": .string(Timestamps.iso8601(row.createdAt)),
                "read_at": .string(row.readAt.map(Timestamps.iso8601)),
            ]
        }
        return .json(200, ["feedback": .array(rows)] as JSONValue)
    }
}
