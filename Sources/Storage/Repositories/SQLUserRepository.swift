import Foundation
import RecordsCore
import SQLKit

/// `UserRepository` over PostgreSQL or SQLite.
struct SQLUserRepository: UserRepository {
    let store: SQLStore

    /// The transaction advisory lock that makes registrations (count, checks, insert) take turns on PostgreSQL.
    static let registrationLock = 7_310_200

    static let columns =
        "id, username, email, password, created_at, tm_username, tm_account_id, role"

    func user(id: Int) async throws -> User? {
        try await store.first("SELECT \(unsafeRaw: Self.columns) FROM users WHERE id = \(bind: id)")
            .map(Self.user(from:))
    }

    func user(loginIdentifier identifier: String) async throws -> User? {
        try await store.first(
            """
            SELECT \(unsafeRaw: Self.columns) FROM users
            WHERE lower(email) = lower(\(bind: identifier)) OR username = \(bind: identifier)
            ORDER BY CASE WHEN lower(email) = lower(\(bind: identifier)) THEN 0 ELSE 1 END, id
            LIMIT 1
            """
        ).map(Self.user(from:))
    }

    func register(_ user: NewUser, maxUsers: Int, now: Date) async throws -> RegistrationOutcome {
        try await store.transaction { tx in
            try await Self.lockRegistrations(tx)
            let count = try await tx.first("SELECT count(*) AS n FROM users")?.int("n") ?? 0
            if count >= maxUsers { return .capReached }
            if try await tx.first("SELECT id FROM users WHERE username = \(bind: user.username)") != nil {
                return .usernameTaken
            }
            if try await tx.first("SELECT id FROM users WHERE lower(email) = lower(\(bind: user.email))") != nil {
                return .emailTaken
            }
            let row = try await tx.first(
                """
                INSERT INTO users (username, email, password, role, created_at)
                VALUES (\(bind: user.username), \(bind: user.email), \(bind: user.passwordHash),
                        \(bind: user.role.rawValue), \(tx.time(now)))
                RETURNING \(unsafeRaw: Self.columns)
                """)
            guard let row else { throw StoreInvariantError(reason: "INSERT … RETURNING gave no row") }
            return .created(try Self.user(from: row))
        }
    }

    func upsertAdmin(_ user: NewUser, now: Date) async throws -> User {
        try await store.transaction { tx in
            try await Self.lockRegistrations(tx)
            let existing = try await tx.first(
                """
                SELECT id FROM users
                WHERE lower(email) = lower(\(bind: user.email)) OR username = \(bind: user.username)
                ORDER BY CASE WHEN lower(email) = lower(\(bind: user.email)) THEN 0 ELSE 1 END, id
                LIMIT 1
                """)
            let row: SQLStoreRow?
            if let existing {
                row = try await tx.first(
                    """
                    UPDATE users SET role = 'admin', password = \(bind: user.passwordHash)
                    WHERE id = \(bind: try existing.int("id"))
                    RETURNING \(unsafeRaw: Self.columns)
                    """)
            } else {
                row = try await tx.first(
                    """
                    INSERT INTO users (username, email, password, role, created_at)
                    VALUES (\(bind: user.username), \(bind: user.email), \(bind: user.passwordHash), 'admin',
                            \(tx.time(now)))
                    RETURNING \(unsafeRaw: Self.columns)
                    """)
            }
            guard let row else { throw StoreInvariantError(reason: "admin upsert gave no row") }
            return try Self.user(from: row)
        }
    }

    func setTrackmaniaIdentity(userId: Int, tmUsername: String, accountId: String) async throws -> Bool {
        try await store.first(
            """
            UPDATE users SET tm_username = \(bind: tmUsername), tm_account_id = \(bind: accountId)
            WHERE id = \(bind: userId) RETURNING id
            """
        ) != nil
    }

    func count() async throws -> Int {
        try await store.first("SELECT count(*) AS n FROM users")?.int("n") ?? 0
    }

    /// PostgreSQL: a transaction advisory lock. SQLite: `BEGIN IMMEDIATE` already excludes other writers.
    private static func lockRegistrations(_ tx: SQLTransaction) async throws {
        if tx.kind == .postgres {
            try await tx.run("SELECT pg_advisory_xact_lock(\(bind: registrationLock))")
        }
    }

    /// Decodes the columns of ``columns``, optionally prefixed (for joins).
    static func user(from row: SQLStoreRow) throws -> User {
        try user(from: row, prefix: "")
    }

    static func user(from row: SQLStoreRow, prefix: String) throws -> User {
        user(
            id: try row.int(prefix + "id"),
            username: try row.optionalString(prefix + "username"),
            email: try row.string(prefix + "email"),
            password: try row.string(prefix + "password"),
            createdAt: try row.optionalDate(prefix + "created_at"),
            tmUsername: try row.optionalString(prefix + "tm_username"),
            tmAccountId: try row.optionalString(prefix + "tm_account_id"),
            role: try row.optionalString(prefix + "role"))
    }

    /// A user from the columns of a `users` row, however they were read (SQLKit or a prepared statement).
    static func user(
        id: Int, username: String?, email: String, password: String, createdAt: Date?, tmUsername: String?,
        tmAccountId: String?, role: String?
    ) -> User {
        User(
            id: id, username: username, email: email, passwordHash: password,
            // The original's column is nullable; a row without one is older than anything we wrote.
            createdAt: createdAt ?? Date(timeIntervalSince1970: 0),
            tmUsername: tmUsername, tmAccountId: tmAccountId,
            // The original's column defaults to 'user' and allows NULL.
            role: UserRole(rawValue: role ?? "user") ?? .user)
    }
}
