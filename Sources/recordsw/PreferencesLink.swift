import ArgumentParser
import Foundation
import Logging
import RecordsApp
import RecordsCore

/// `recordsw preferences-link`: prints a user's signed preference link (what the digest carries), so
/// an operator can help a player whose links expired, or turn off every older link first.
struct PreferencesLink: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preferences-link",
        abstract: "Print a user's signed preference-page link.",
        discussion: """
            Needs PREFERENCES_SECRET or JWT_SECRET (the server's), or the link would not open. The link starts \
            with PUBLIC_BASE_URL. Exit codes: 0 printed, 64 no such user, 69 database unreachable, 78 a \
            setting is missing or invalid.
            """)

    @OptionGroup var common: CommonOptions

    @Option(help: "The user's email address or site username.")
    var email: String

    @Flag(help: "Turn off every link issued before (raises the user's link generation) first.")
    var revoke = false

    func run() async throws {
        let config = try common.loadConfig()
        guard let secret = config.jwtSecret ?? config.preferences.secret else {
            throw AppConfig.Invalid(
                description: "set PREFERENCES_SECRET or JWT_SECRET (the server's), or the link would not open")
        }
        let links = config.preferences.links(jwtSecret: secret)
        let logger = makeLogger(config)
        let revoke = self.revoke
        let identifier = email.trimmingCharacters(in: .whitespaces)
        let token = try await withDatabase(config, logger: logger) { database -> String? in
            _ = try await database.migrate(logger: logger)
            let repos = database.repositories
            guard let user = try await repos.users.user(loginIdentifier: identifier) else { return nil }
            let now = Date()
            let generation =
                revoke
                ? try await repos.preferences.bumpLinkGeneration(userId: user.id, now: now)
                : try await repos.preferences.preferences(userId: user.id).linkGeneration
            return links.token(userId: user.id, generation: generation, now: now)
        }
        guard let token else { throw ValidationError("no user with that email or username") }
        print(links.pageURL(token: token))
    }
}
