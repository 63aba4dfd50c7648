import Foundation

/// A row of `feedback`.
public struct Feedback: Sendable, Equatable {
    public var id: Int
    public var userId: Int
    public var username: String
    public var message: String
    public var type: String
    public var createdAt: Date
    public var readAt: Date?

    public init(
        id: Int, userId: Int, username: String, message: String, type: String, createdAt: Date, readAt: Date?
    ) {
        self.id = id
        self.userId = userId
        self.username = username
        self.message = message
        self.type = type
        self.createdAt = createdAt
        self.readAt = readAt
    }
}

/// The values needed to insert feedback.
public struct NewFeedback: Sendable, Equatable {
    public var userId: Int
    public var username: String
    public var message: String
    public var type: String

    public init(userId: Int, username: String, message: String, type: String = "general") {
        self.userId = userId
        self.username = username
        self.message = message
        self.type = type
    }
}

/// What an attempt to submit feedback produced.
public enum FeedbackSubmission: Sendable, Equatable {
    case created(Feedback)
    /// At least `maxUnread` unread rows exist already.
    case tooManyUnread
}
