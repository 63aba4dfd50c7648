import Foundation

/// What a player chose on their preference page (a row of `user_preferences`).
///
/// A user without a row has the ``defaults(userId:)``: the digest on, dates in UTC, every kind of
/// news by email, link generation 0.
public struct UserPreferences: Sendable, Equatable {
    public var userId: Int
    /// The daily email is paused (the page, or a one-click unsubscribe).
    public var digestPaused: Bool
    /// The IANA zone the digest's dates are shown in.
    public var timeZone: String
    /// Which news the digest carries.
    public var emailNews: NewsKinds
    /// Preference links carry this; raising it revokes every link issued before.
    public var linkGeneration: Int

    public init(userId: Int, digestPaused: Bool, timeZone: String, emailNews: NewsKinds, linkGeneration: Int) {
        self.userId = userId
        self.digestPaused = digestPaused
        self.timeZone = timeZone
        self.emailNews = emailNews
        self.linkGeneration = linkGeneration
    }

    /// The preferences of a user who never saved any.
    public static func defaults(userId: Int) -> UserPreferences {
        UserPreferences(userId: userId, digestPaused: false, timeZone: "UTC", emailNews: .all, linkGeneration: 0)
    }
}
