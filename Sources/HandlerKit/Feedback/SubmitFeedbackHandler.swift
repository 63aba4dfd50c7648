import Foundation
import RecordsCore

/// `POST /api/v1/feedback` (R29): stores a signed-in user's message as written (the frontend
/// escapes on display; the original escaped here too, so users saw `&amp;`).
public struct SubmitFeedbackHandler: Handler {
    private let feedback: any FeedbackRepository
    private let limiter: RequestLimiter

    public init(feedback: any FeedbackRepository, limiter: RequestLimiter) {
        self.feedback = feedback
        self.limiter = limiter
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        let caller = try context.requireCaller()
        let now = context.clock.now
        // Counted before validation, as the original, so a client cannot probe the rules without limit.
        try await limiter.consume(FeedbackRules.rate, key: String(caller.userId), now: now)

        let message = (try context.body.string("message") ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !message.isEmpty else { throw HandlerError.badRequest("Required field missing") }
        guard message.count <= FeedbackRules.maxMessageLength else {
            throw HandlerError.badRequest("Message must be at most \(FeedbackRules.maxMessageLength) characters")
        }
        let type = try context.body.string("type") ?? "general"
        guard FeedbackRules.types.contains(type) else {
            throw HandlerError.badRequest("type must be one of: general, bug, feature")
        }

        let new = NewFeedback(
            userId: caller.userId, username: caller.user.username ?? caller.user.email, message: message, type: type)
        switch try await feedback.submit(new, maxUnread: FeedbackRules.maxUnread, now: now) {
        case .tooManyUnread:
            throw HandlerError(503, "Feedback submission is temporarily disabled. Please try again later.")
        case .created(let row):
            return .json(
                201, ["message": "Feedback submitted successfully", "feedback_id": .int(row.id)] as JSONValue)
        }
    }
}
