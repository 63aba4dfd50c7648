import Foundation
import RecordsCore
import SQLKit

/// `SelfHelpRepository` over `email_confirmations`, `password_resets` and `self_help_mail` (0030).
struct SQLSelfHelpRepository: SelfHelpRepository {
    let store: SQLStore

    // MARK: Mail queue

    func enqueue(_ kind: SelfHelpMailKind, email: String, userId: Int?, now: Date) async throws {
        try await store.run(
            """
            INSERT INTO self_help_mail (kind, email, user_id, created_at, attempts, next_attempt_at)
            VALUES (\(bind: kind.rawValue), \(bind: email), \(bind: userId), \(store.time(now)), 0, \(store.time(now)))
            """)
    }

    func claimNext(now: Date, lease: TimeInterval) async throws -> SelfHelpMailRequest? {
        // PostgreSQL: a row another instance is claiming is skipped, not waited for.
        let skipLocked: SQLQueryString = store.kind == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        let free: SQLQueryString = "(claimed_until IS NULL OR claimed_until <= \(store.time(now)))"
        let row = try await store.first(
            """
            UPDATE self_help_mail SET claimed_until = \(store.time(now.addingTimeInterval(lease))),
                attempts = attempts + 1
            WHERE id = (SELECT id FROM self_help_mail WHERE next_attempt_at <= \(store.time(now)) AND \(free)
                        ORDER BY id LIMIT 1\(skipLocked))
              AND \(free)
            RETURNING id, kind, email, user_id, created_at, attempts
            """)
        guard let row else { return nil }
        return SelfHelpMailRequest(
            id: try row.int("id"), kind: try row.value("kind", as: SelfHelpMailKind.self),
            email: try row.string("email"), userId: try row.optionalInt("user_id"),
            createdAt: try row.date("created_at"), attempts: try row.int("attempts"))
    }

    func finish(id: Int) async throws {
        try await store.run("DELETE FROM self_help_mail WHERE id = \(bind: id)")
    }

    func retry(id: Int, at: Date) async throws {
        try await store.run(
            """
            UPDATE self_help_mail SET next_attempt_at = \(store.time(at)), claimed_until = NULL
            WHERE id = \(bind: id)
            """)
    }

    // MARK: Accounts

    func userId(email: String) async throws -> Int? {
        // The lowest id wins, as at login, should an original database hold two spellings of one address.
        try await store.first(
            "SELECT id FROM users WHERE lower(email) = lower(\(bind: email)) ORDER BY id LIMIT 1"
        ).map { try $0.int("id") }
    }

    func requireConfirmation(userId: Int, email: String, now: Date) async throws {
        try await store.transaction { tx in
            try await tx.run(
                """
                INSERT INTO email_confirmations (user_id, requested_at, confirmed_at)
                VALUES (\(bind: userId), \(tx.time(now)), NULL)
                ON CONFLICT (user_id) DO NOTHING
                """)
            try await tx.run(
                """
                INSERT INTO self_help_mail (kind, email, user_id, created_at, attempts, next_attempt_at)
                VALUES ('confirmation', \(bind: email), \(bind: userId), \(tx.time(now)), 0, \(tx.time(now)))
                """)
        }
    }

    func isConfirmed(userId: Int) async throws -> Bool {
        try await awaitingConfirmation(among: [userId]).isEmpty
    }

    func awaitingConfirmation(among userIds: [Int]) async throws -> Set<Int> {
        guard !userIds.isEmpty else { return [] }
        var awaiting = Set<Int>()
        // Bounded statements however many users wait for a digest.
        for start in stride(from: 0, to: userIds.count, by: 500) {
            let chunk = Array(userIds[start..<min(start + 500, userIds.count)])
            for row in try await store.rows(
                """
                SELECT user_id FROM email_confirmations
                WHERE user_id IN (\(binds: chunk)) AND confirmed_at IS NULL
                """)
            {
                awaiting.insert(try row.int("user_id"))
            }
        }
        return awaiting
    }

    func confirm(userId: Int, now: Date) async throws -> Bool {
        let confirmed = try await store.rows(
            """
            UPDATE email_confirmations SET confirmed_at = \(store.time(now))
            WHERE user_id = \(bind: userId) AND confirmed_at IS NULL
            RETURNING user_id
            """)
        return !confirmed.isEmpty
    }

    // MARK: Password resets

    func storeReset(nonceHash: String, userId: Int, now: Date, expiresAt: Date) async throws {
        try await store.run(
            """
            INSERT INTO password_resets (nonce_hash, user_id, created_at, expires_at)
            VALUES (\(bind: nonceHash), \(bind: userId), \(store.time(now)), \(store.time(expiresAt)))
            """)
    }

    func resetIsOpen(nonceHash: String, userId: Int, now: Date) async throws -> Bool {
        try await store.first(
            """
            SELECT user_id FROM password_resets
            WHERE nonce_hash = \(bind: nonceHash) AND user_id = \(bind: userId) AND used_at IS NULL
              AND expires_at > \(store.time(now))
            """) != nil
    }

    func resetPassword(nonceHash: String, userId: Int, passwordHash: String, now: Date) async throws -> Bool {
        try await store.transaction { tx in
            // The use is the guard: of two parallel posts of one link, only one finds it unused.
            let used = try await tx.first(
                """
                UPDATE password_resets SET used_at = \(tx.time(now))
                WHERE nonce_hash = \(bind: nonceHash) AND user_id = \(bind: userId) AND used_at IS NULL
                  AND expires_at > \(tx.time(now))
                RETURNING user_id
                """)
            guard used != nil else { return false }
            try await tx.run("UPDATE users SET password = \(bind: passwordHash) WHERE id = \(bind: userId)")
            try await tx.run("DELETE FROM login_sessions WHERE user_id = \(bind: userId)")
            try await tx.run(
                """
                UPDATE password_resets SET used_at = \(tx.time(now))
                WHERE user_id = \(bind: userId) AND used_at IS NULL
                """)
            try await tx.run(
                """
                UPDATE email_confirmations SET confirmed_at = \(tx.time(now))
                WHERE user_id = \(bind: userId) AND confirmed_at IS NULL
                """)
            return true
        }
    }

    func pruneResets(before: Date) async throws {
        try await store.run(
            """
            DELETE FROM password_resets
            WHERE expires_at <= \(store.time(before)) OR used_at <= \(store.time(before))
            """)
    }
}
