/// Data checks that must pass before a migration can run.
enum Preflights {
    /// The check for the migration `name`, if it has one.
    static func check(for name: String) -> (@Sendable (SQLTransaction) async throws -> [String])? {
        switch name {
        case "0002_unique_user_identity": duplicateUsers
        default: nil
        }
    }

    /// Users sharing an email (case-insensitively) or a username, which the unique indexes would refuse.
    /// Only ids are reported: the values themselves are personal data and stay out of logs.
    @Sendable static func duplicateUsers(_ tx: SQLTransaction) async throws -> [String] {
        var problems: [String] = []
        let emails = try await tx.rows(
            """
            SELECT id FROM users u
            WHERE (SELECT count(*) FROM users v WHERE lower(v.email) = lower(u.email)) > 1
            ORDER BY id
            """)
        if !emails.isEmpty {
            let ids = try emails.map { String(try $0.int("id")) }.joined(separator: ", ")
            problems.append("users sharing an email (case-insensitive): ids \(ids)")
        }
        let usernames = try await tx.rows(
            """
            SELECT id FROM users u
            WHERE u.username IS NOT NULL
              AND (SELECT count(*) FROM users v WHERE v.username = u.username) > 1
            ORDER BY id
            """)
        if !usernames.isEmpty {
            let ids = try usernames.map { String(try $0.int("id")) }.joined(separator: ", ")
            problems.append("users sharing a username: ids \(ids)")
        }
        return problems
    }
}
