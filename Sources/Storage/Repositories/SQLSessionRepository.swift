import Foundation
import RecordsCore
import SQLKit

/// `SessionRepository` over the `login_sessions` table.
struct SQLSessionRepository: SessionRepository {
    let store: SQLStore

    func create(_ session: LoginSession) async throws {
        try await store.run(
            """
            INSERT INTO login_sessions (id, user_id, created_at, expires_at, last_accessed_at, user_agent, ip_address)
            VALUES (\(bind: session.id), \(bind: session.userId), \(store.time(session.createdAt)),
                    \(store.time(session.expiresAt)), \(store.time(session.lastAccessedAt)),
                    \(bind: session.userAgent), \(bind: session.ipAddress))
            """)
    }

    func activeSession(id: String, now: Date) async throws -> SessionWithUser? {
        if let postgres = store.preparing {
            return try await postgres.prepared(ActiveSessionStatement(id: id, now: now)).first
        }
        let row = try await store.first(
            """
            SELECT s.id AS s_id, s.user_id AS s_user_id, s.created_at AS s_created_at, s.expires_at AS s_expires_at,
                   s.last_accessed_at AS s_last_accessed_at, s.user_agent AS s_user_agent,
                   s.ip_address AS s_ip_address,
                   u.id AS u_id, u.username AS u_username, u.email AS u_email, u.password AS u_password,
                   u.created_at AS u_created_at, u.tm_username AS u_tm_username,
                   u.tm_account_id AS u_tm_account_id, u.role AS u_role
            FROM login_sessions s JOIN users u ON u.id = s.user_id
            WHERE s.id = \(bind: id) AND s.expires_at > \(store.time(now))
            """)
        guard let row else { return nil }
        let session = LoginSession(
            id: try row.string("s_id"),
            userId: try row.int("s_user_id"),
            createdAt: try row.date("s_created_at"),
            expiresAt: try row.date("s_expires_at"),
            lastAccessedAt: try row.date("s_last_accessed_at"),
            userAgent: try row.optionalString("s_user_agent"),
            ipAddress: try row.optionalString("s_ip_address")
        )
        return SessionWithUser(session: session, user: try SQLUserRepository.user(from: row, prefix: "u_"))
    }

    func touch(id: String, at: Date) async throws -> Bool {
        try await store.first(
            "UPDATE login_sessions SET last_accessed_at = \(store.time(at)) WHERE id = \(bind: id) RETURNING id"
        ) != nil
    }

    func rotateRefresh(id: String, presented: Int, now: Date, grace: TimeInterval) async throws -> RefreshRotation {
        try await store.transaction { tx in
            // The row lock (PostgreSQL) or the write transaction (SQLite) serialises concurrent refreshes.
            let lock = tx.kind == .postgres ? " FOR UPDATE" : ""
            guard
                let row = try await tx.first(
                    """
                    SELECT refresh_generation, refresh_rotated_at FROM login_sessions WHERE id = \(bind: id)\(unsafeRaw: lock)
                    """)
            else { return .missing }
            let current = try row.int("refresh_generation")
            let rotatedAt = try row.optionalDate("refresh_rotated_at")
            if presented == current {
                try await tx.run(
                    """
                    UPDATE login_sessions SET refresh_generation = \(bind: current + 1),
                        refresh_rotated_at = \(tx.time(now)), last_accessed_at = \(tx.time(now))
                    WHERE id = \(bind: id)
                    """)
                return .issue(generation: current + 1)
            }
            if presented == current - 1, let rotatedAt, now.timeIntervalSince(rotatedAt) <= grace {
                try await tx.run(
                    "UPDATE login_sessions SET last_accessed_at = \(tx.time(now)) WHERE id = \(bind: id)")
                return .issue(generation: current)
            }
            try await tx.run("DELETE FROM login_sessions WHERE id = \(bind: id)")
            return .reused
        }
    }

    func hasSession(userId: Int, ipAddress: String, now: Date) async throws -> Bool {
        try await store.first(
            """
            SELECT 1 AS found FROM login_sessions
            WHERE user_id = \(bind: userId) AND ip_address = \(bind: ipAddress) AND expires_at > \(store.time(now))
            LIMIT 1
            """) != nil
    }

    func delete(id: String) async throws -> Bool {
        try await store.first("DELETE FROM login_sessions WHERE id = \(bind: id) RETURNING id") != nil
    }

    func deleteAll(userId: Int) async throws {
        try await store.run("DELETE FROM login_sessions WHERE user_id = \(bind: userId)")
    }

    func pruneExpired(now: Date) async throws -> Int {
        try await store.rows("DELETE FROM login_sessions WHERE expires_at <= \(store.time(now)) RETURNING id").count
    }
}
