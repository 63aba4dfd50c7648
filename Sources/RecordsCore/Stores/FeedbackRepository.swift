import Foundation

/// Reads and writes `feedback`.
public protocol FeedbackRepository: Sendable {
    /// The newest rows first, at most `limit` (R28).
    func list(limit: Int) async throws -> [Feedback]

    /// Inserts feedback unless `maxUnread` unread rows exist already, atomically (R29).
    func submit(_ feedback: NewFeedback, maxUnread: Int, now: Date) async throws -> FeedbackSubmission

    /// Sets `read_at` unless already set (R30). Returns `false` when the row does not exist.
    func markRead(id: Int, now: Date) async throws -> Bool

    /// Deletes a row (R31). Returns `false` when it did not exist.
    func delete(id: Int) async throws -> Bool
}
