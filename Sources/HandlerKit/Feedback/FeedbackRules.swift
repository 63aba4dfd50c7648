import Foundation
import RecordsCore

/// The limits of the feedback routes (R28–R31).
public enum FeedbackRules {
    /// Submissions per user: 5 per 5 minutes, as the original.
    public static let rate = RateRule(
        name: "submit_feedback", limit: 5, window: .seconds(300),
        message: "Rate limit exceeded. Please wait before submitting more feedback.")
    /// Longest message, in characters (the original cut silently at 2000; we refuse instead).
    public static let maxMessageLength = 2000
    /// The kinds the admin page colours; anything else is refused.
    public static let types: Set<String> = ["general", "bug", "feature"]
    /// Unread rows at which submissions pause until an admin reads some (the original's cap).
    public static let maxUnread = 50
    /// Rows listed on the admin page.
    public static let listLimit = 100

    /// The `:id` path parameter as a row id.
    /// - Throws: 400 for anything but a positive integer.
    static func id(_ event: Event) throws -> Int {
        guard let text = event.pathParameters["id"], text.allSatisfy({ $0.isASCII && $0.isNumber }),
            let id = Int(text), id > 0, id <= Int(Int32.max)
        else { throw HandlerError.badRequest("Feedback ID must be a positive integer") }
        return id
    }
}
