import Foundation
import RecordsCore
import SQLKit

/// `FeedbackRepository` over `feedback`.
struct SQLFeedbackRepository: FeedbackRepository {
    let store: SQLStore

    /// The transaction advisory lock that makes the unread-cap check and the insert atomic (PostgreSQL).
    private static let submitLock = 7_310_400

    static let columns = "id, user_id, username, message, type, created_at, read_at"

    func list(limit: Int) async throws -> [Feedback] {
        try await store.rows(
            """
            SELECT \(unsafeRaw: Self.columns) FROM feedback ORDER BY created_at DESC, id DESC
            LIMIT \(bind: limit)
            """
        ).map(Self.feedback(from:))
    }

    func submit(_ feedback: NewFeedback, maxUnread: Int, now: Date) async throws -> FeedbackSubmission {
        try await store.transaction { tx in
            if tx.kind == .postgres {
                try await tx.run("SELECT pg_advisory_xact_lock(\(bind: Self.submitLock))")
            }
            let unread = try await tx.first("SELECT count(*) AS n FROM feedback WHERE read_at IS NULL")?.int("n") ?? 0
            if unread >= maxUnread { return .tooManyUnread }
            let row = try await tx.first(
                """
                INSERT INTO feedback (user_id, username, message, type, created_at)
                VALUES (\(bind: feedback.userId), \(bind: feedback.username), \(bind: feedback.message),
                        \(bind: feedback.type), \(tx.time(now)))
                RETURNING \(unsafeRaw: Self.columns)
                """)
            guard let row else { throw StoreInvariantError(reason: "INSERT … RETURNING gave no row") }
            return .created(try Self.feedback(from: row))
        }
    }

    func markRead(id: Int, now: Date) async throws -> Bool {
        try await store.first(
            "UPDATE feedback SET read_at = COALESCE(read_at, \(store.time(now))) WHERE id = \(bind: id) RETURNING id"
        ) != nil
    }

    func delete(id: Int) async throws -> Bool {
        try await store.first("DELETE FROM feedback WHERE id = \(bind: id) RETURNING id") != nil
    }

    static func feedback(from row: SQLStoreRow) throws -> Feedback {
        Feedback(
            id: try row.int("id"),
            userId: try row.int("user_id"),
            username: try row.string("username"),
            message: try row.string("message"),
            type: try row.optionalString("type") ?? "general",
            createdAt: try row.optionalDate("created_at") ?? Date(timeIntervalSince1970: 0),
            readAt: try row.optionalDate("read_at")
        )
    }
}
