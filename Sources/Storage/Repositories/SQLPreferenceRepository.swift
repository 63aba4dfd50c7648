import Foundation
import RecordsCore
import SQLKit

/// `PreferenceRepository` over `user_preferences`: one upsert per change, so a user without a row
/// gets one holding the defaults plus the change.
struct SQLPreferenceRepository: PreferenceRepository {
    let store: SQLStore

    func preferences(userId: Int) async throws -> UserPreferences {
        guard
            let row = try await store.first(
                """
                SELECT user_id, digest_paused, time_zone, email_news, link_generation FROM user_preferences
                WHERE user_id = \(bind: userId)
                """)
        else { return .defaults(userId: userId) }
        return UserPreferences(
            userId: try row.int("user_id"), digestPaused: try row.bool("digest_paused"),
            timeZone: try row.string("time_zone"),
            emailNews: NewsKinds(rawValue: try row.int("email_news")).intersection(.all),
            linkGeneration: try row.int("link_generation"))
    }

    func save(userId: Int, digestPaused: Bool, timeZone: String, emailNews: NewsKinds, now: Date) async throws {
        try await store.run(
            """
            INSERT INTO user_preferences (user_id, digest_paused, time_zone, email_news, link_generation, updated_at)
            VALUES (\(bind: userId), \(unsafeRaw: Self.literal(digestPaused)), \(bind: timeZone),
                    \(bind: emailNews.rawValue), 0, \(store.time(now)))
            ON CONFLICT (user_id) DO UPDATE SET
                digest_paused = excluded.digest_paused, time_zone = excluded.time_zone,
                email_news = excluded.email_news, updated_at = excluded.updated_at
            """)
    }

    func setDigestPaused(userId: Int, paused: Bool, now: Date) async throws {
        try await store.run(
            """
            INSERT INTO user_preferences (user_id, digest_paused, time_zone, email_news, link_generation, updated_at)
            VALUES (\(bind: userId), \(unsafeRaw: Self.literal(paused)), 'UTC', \(bind: NewsKinds.all.rawValue), 0,
                    \(store.time(now)))
            ON CONFLICT (user_id) DO UPDATE SET
                digest_paused = excluded.digest_paused, updated_at = excluded.updated_at
            """)
    }

    func bumpLinkGeneration(userId: Int, now: Date) async throws -> Int {
        let row = try await store.first(
            """
            INSERT INTO user_preferences (user_id, digest_paused, time_zone, email_news, link_generation, updated_at)
            VALUES (\(bind: userId), FALSE, 'UTC', \(bind: NewsKinds.all.rawValue), 1, \(store.time(now)))
            ON CONFLICT (user_id) DO UPDATE SET
                link_generation = user_preferences.link_generation + 1, updated_at = excluded.updated_at
            RETURNING link_generation
            """)
        guard let row else { throw StoreInvariantError(reason: "link generation not returned") }
        return try row.int("link_generation")
    }

    /// A boolean literal both databases read (SQLite stores it as 1 or 0).
    static func literal(_ value: Bool) -> String { value ? "TRUE" : "FALSE" }
}
