import ArgumentParser
import Foundation
import HandlerKit
import Logging
import RecordsApp
import RecordsCore

/// `recordsw create-admin`: creates an admin account, or promotes an existing one and resets its
/// password. Replaces the original's seeded admin, whose blank password could never sign in.
struct CreateAdmin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create or promote an admin account.",
        discussion: """
            The password is read from RECORDSW_ADMIN_PASSWORD or, if unset, the first line of standard input. \
            It must have at least 8 characters, not only spaces, and at most 72 bytes (bcrypt ignores the \
            rest). Uses the database of NEON_DB_CONNECTION_STRING, DATABASE_URL or SQLITE_PATH. Exit codes: \
            0 ready, 64 a bad email, username or password, 69 database unreachable, 78 a setting is invalid.
            """)

    @OptionGroup var common: CommonOptions

    @Option(help: "The admin's email address.")
    var email: String

    @Option(help: "The admin's site username.")
    var username: String

    func run() async throws {
        let config = try common.loadConfig()
        let logger = makeLogger(config)
        let password =
            ProcessInfo.processInfo.environment["RECORDSW_ADMIN_PASSWORD"] ?? readLine(strippingNewline: true)
        let admin: NewUser
        do {
            admin = NewUser(
                username: try AccountRules.username(username), email: try AccountRules.email(email),
                passwordHash: try await PasswordHasher().hash(try AccountRules.password(password)), role: .admin)
        } catch let error as HandlerError {
            throw ValidationError(
                "\(error.message) (the password needs at least 8 characters, not only spaces, and at most 72 bytes)")
        }
        let user = try await withDatabase(config, logger: logger) { database in
            _ = try await database.migrate(logger: logger)
            return try await database.repositories.users.upsertAdmin(admin, now: Date())
        }
        print("admin ready: id \(user.id), \(user.email)")
    }
}
