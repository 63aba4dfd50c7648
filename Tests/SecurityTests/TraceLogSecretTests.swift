import FixtureKit
import Foundation
import HandlerKit
import Logging
import RecordsCore
import StoreTestSupport
import Testing

/// `docs/security.md` promises that no log level shows a bind, a body or a token. Every fixture is
/// replayed with the whole application (and the libraries under it) logging at `trace`, on both
/// stores, and the captured log is searched for every secret the fixtures used or were answered.
@Suite("No secret in a trace log")
struct TraceLogSecretTests {
    static let root = FixtureSuite.repositoryFixtures()

    /// Fields whose values are secrets wherever they appear in a fixture's requests or answers.
    static let secretFields: Set<String> = [
        "password", "newPassword", "currentPassword", "email", "access_token", "refresh_token", "accessToken",
        "refreshToken", "token", "webhook_url", "webhookUrl", "webhook", "topic", "form_token",
    ]

    @Test(
        "the fixtures at trace leave no password, email, hash, token or webhook in the log", arguments: Backend.testable
    )
    func fixturesAtTrace(_ backend: Backend) async throws {
        guard TestStores.available(backend) else { return }
        let records = LogRecords()
        var logger = Logger(label: "trace") { _ in CapturingLogHandler(records: records) }
        logger.logLevel = .trace
        let quiet = Logger(label: "quiet") { _ in SwiftLogNoOpLogHandler() }
        let databases: AppFixtureHost.PostgresDatabases? =
            backend == .postgres
            ? AppFixtureHost.PostgresDatabases(
                create: { try TestStores.url(database: try await TestStores.createDatabase(logger: quiet)) },
                drop: { url in
                    try? await TestStores.dropDatabase(String(url.split(separator: "/").last!), logger: quiet)
                })
            : nil
        let suite = FixtureSuite(
            root: Self.root,
            runner: FixtureRunner(
                makeHost: AppFixtureHost.factory(fixturesRoot: Self.root, logger: logger, postgres: databases)))
        let reports = await suite.run()
        #expect(reports.count > 50)

        var secrets = Set<String>()
        for url in FixtureLoader.discover(root: Self.root) {
            if let value = try? JSONValue.parse(Data(contentsOf: url)) { Self.collect(value, into: &secrets) }
        }
        for step in reports.flatMap(\.steps) {
            if let body = step.event?.body, let value = try? JSONValue.parse(body) {
                Self.collect(value, into: &secrets)
            }
            if let body = step.response?.body, let value = try? JSONValue.parse(body) {
                Self.collect(value, into: &secrets)
            }
            if let path = step.event?.path, let range = path.range(of: "/preferences/") {
                let token = path[range.upperBound...].prefix { $0 != "/" && $0 != "?" }
                if token.count >= 16 { secrets.insert(String(token)) }
            }
        }
        // A secret too short to be told from ordinary words (a test password such as "x"), or made of
        // blanks only, proves nothing.
        secrets = secrets.filter { $0.count >= 8 && !$0.allSatisfy(\.isWhitespace) }
        #expect(secrets.count > 20, "the fixtures should yield passwords, emails and tokens to look for")

        let log = records.all
        #expect(log.count > 1_000, "a trace run logs plenty; \(log.count) lines means the logger was not used")
        for secret in secrets.sorted() {
            let line = log.first { $0.contains(secret) }
            #expect(line == nil, "\(backend): a log line holds \(secret): \(line?.prefix(300) ?? "")")
        }
        let patterns = [#"\$2[aby]\$[0-9]{2}\$"#, #"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"#, #"/webhooks/[0-9]+/"#]
        for pattern in patterns {
            let regex = try Regex(pattern)
            let line = log.first { $0.contains(regex) }
            #expect(line == nil, "\(backend): a log line matches \(pattern): \(line?.prefix(300) ?? "")")
        }
    }

    /// Adds the string values of secret fields (and bearer tokens in headers) found anywhere in `value`.
    static func collect(_ value: JSONValue, into secrets: inout Set<String>) {
        switch value {
        case .object(let object):
            for member in object.members {
                if secretFields.contains(member.key), case .string(let text) = member.value, !text.hasPrefix("$") {
                    secrets.insert(text)
                }
                if member.key.lowercased() == "authorization", case .string(let text) = member.value {
                    let token = text.split(separator: " ").last.map(String.init) ?? text
                    if !token.hasPrefix("$") { secrets.insert(token) }
                }
                collect(member.value, into: &secrets)
            }
        case .array(let values):
            for element in values { collect(element, into: &secrets) }
        default:
            break
        }
    }
}
