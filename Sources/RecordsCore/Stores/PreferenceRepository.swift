import Foundation

/// Reads and writes `user_preferences`.
public protocol PreferenceRepository: Sendable {
    /// The user's preferences, or ``UserPreferences/defaults(userId:)`` when they never saved any.
    func preferences(userId: Int) async throws -> UserPreferences

    /// Stores the digest settings of the page (pause, zone, news), keeping the link generation.
    func save(userId: Int, digestPaused: Bool, timeZone: String, emailNews: NewsKinds, now: Date) async throws

    /// Pauses or resumes the digest only (the one-click unsubscribe); idempotent.
    func setDigestPaused(userId: Int, paused: Bool, now: Date) async throws

    /// Raises the link generation by one, revoking every link issued before.
    /// - Returns: The new generation.
    func bumpLinkGeneration(userId: Int, now: Date) async throws -> Int
}
