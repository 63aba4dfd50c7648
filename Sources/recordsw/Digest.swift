import ArgumentParser
import Foundation
import Logging
import RecordsApp
import RecordsCore

/// `recordsw digest …`: looks at the daily digest without sending it.
struct Digest: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Look at the daily digest without sending it.", subcommands: [Preview.self])

    /// `recordsw digest preview --user NAME`: the next digest of one user, changing nothing.
    struct Preview: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Render the next digest of a user from their pending items, changing nothing.",
            discussion: """
                Composes what the next daily run would mail the user (their preferences, time zone and links \
                applied; display names from the cache only), without settling an item, writing the ledger or \
                sending anything. Prints the recipient, subject and headers, then the text part (unless only \
                --html is given). The links need PREFERENCES_SECRET or JWT_SECRET (the server's) to be the ones \
                the run would send; without either they are left out. Exit codes: 0 shown (or nothing to \
                send, said on standard error), 1 the store could not be read (not migrated) or the HTML file could \
                not be written, 64 no such user, 69 \
                database unreachable, 78 a setting is missing or invalid.
                """)

        @OptionGroup var common: CommonOptions

        @Option(help: "The user's email address or site username.")
        var user: String

        @Option(help: "Write the HTML part to this file.")
        var html: String?

        @Flag(help: "Print the text part (the default when --html is not given).")
        var text = false

        func run() async throws {
            let config = try common.loadConfig()
            let logger = makeLogger(config)
            let lifetime = TimeInterval(config.trackmania.displayNameLifetime.components.seconds)
            let links = (config.jwtSecret ?? config.preferences.secret).map { config.preferences.links(jwtSecret: $0) }
            let identifier = user.trimmingCharacters(in: .whitespaces)
            let outcome: DigestPreview.Outcome
            do {
                outcome = try await withDatabase(config, logger: logger) { database in
                    let repos = database.repositories
                    var settings = try await config.dailyRun.settings(displayNameLifetime: lifetime)
                        .applyingAdminOverrides(from: repos.adminConfig)
                    settings.emailConfirmation = config.selfHelp.emailConfirmation
                    return try await DigestPreview(
                        repositories: repos, settings: settings, preferenceLinks: links, clock: SystemClock()
                    ).preview(user: identifier)
                }
            } catch let unreachable as DatabaseUnreachable {
                throw unreachable
            } catch {
                // A store without the schema (never migrated) is not changed here: say what to run.
                Self.note("could not read the store (has `recordsw migrate` run?): \(error)")
                throw ExitCode.failure
            }
            switch outcome {
            case .unknownUser:
                throw ValidationError("no user with that email or username")
            case .nothingPending(let pending):
                Self.note(
                    pending == 0
                        ? "nothing pending: the next run would mail this user no digest"
                        : "\(pending) pending item(s), none of a kind this user gets by email: no digest would be mailed"
                )
            case .paused(let pending):
                Self.note("the digest is paused: the next run would settle \(pending) pending item(s) without a mail")
            case .digest(let digest, let items, let alreadySent):
                if alreadySent {
                    Self.note("today's digest already went out: these \(items) item(s) wait for tomorrow's")
                }
                try show(digest.message)
            case .awaitingConfirmation(let digest, let items):
                Self.note(
                    "the address is not confirmed yet: these \(items) item(s) wait, and this digest goes out "
                        + "with the first run after it is (EMAIL_CONFIRMATION=off sends without)")
                try show(digest.message)
            }
        }

        private func show(_ message: MailMessage) throws {
            var head = ["To: \(message.to)", "Subject: \(message.subject)"]
            head += message.headers.map { "\($0.name): \($0.value)" }
            print(head.joined(separator: "\n"))
            if let path = html {
                do {
                    try Data((message.html ?? "").utf8).write(to: URL(fileURLWithPath: path))
                } catch {
                    Self.note("could not write \(path): \(error.localizedDescription)")
                    throw ExitCode.failure
                }
                print("HTML part written to \(path) (\((message.html ?? "").utf8.count) bytes)")
            }
            if text || html == nil { print("\n" + message.text) }
        }

        private static func note(_ line: String) {
            FileHandle.standardError.write(Data("recordsw: \(line)\n".utf8))
        }
    }
}
