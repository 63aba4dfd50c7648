import FixtureKit
import Foundation
import HandlerKit
import Logging
import RecordsApp
import RecordsCore
import Testing

/// The harness of ``SelfHelpFlowTests``: the real application, its requests as a browser sends them,
/// and the messages of its file outbox.
extension SelfHelpFlowTests {
    /// The application over a fresh SQLite store whose mail goes to a temporary outbox.
    struct App {
        let runtime: AppRuntime
        let dispatcher: Dispatcher
        let folder: URL

        var outbox: URL { folder.appendingPathComponent("outbox") }
        var deps: AppDependencies { runtime.dependencies }

        static func open(_ extra: [String: String] = [:], mailer: (any MailSender)? = nil) async throws -> App {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recordsw-selfhelp-\(UUID())")
            var environment = AppFixtureHost.baseEnvironment(fixturesRoot: FixtureReplayTests.root)
            environment["SQLITE_PATH"] = folder.appendingPathComponent("store.sqlite").path
            environment["MAIL_OUTBOX_DIR"] = folder.appendingPathComponent("outbox").path
            environment["PUBLIC_BASE_URL"] = "https://records.example.com"
            environment["DISCORD_API_URL"] = "http://127.0.0.1:9/discord/api"
            environment["NTFY_URL"] = "http://127.0.0.1:9/ntfy"
            environment.merge(extra) { _, new in new }
            var logger = Logger(label: "selfhelp")
            logger.logLevel = .critical
            let runtime = try await AppRuntime.open(
                config: try AppConfig(environment: environment), logger: logger, hasher: PasswordHasher(cost: 4),
                mailer: mailer)
            _ = try await runtime.database.migrate(logger: logger)
            return App(
                runtime: runtime, dispatcher: RouteTable.dispatcher(runtime.dependencies, logger: logger),
                folder: folder)
        }

        func close() async {
            await runtime.close()
            try? FileManager.default.removeItem(at: folder)
        }

        /// Runs `body` on a fresh application, closed afterwards whatever happens.
        static func with(
            _ extra: [String: String] = [:], mailer: (any MailSender)? = nil, _ body: (App) async throws -> Void
        ) async throws {
            let app = try await open(extra, mailer: mailer)
            do {
                try await body(app)
            } catch {
                await app.close()
                throw error
            }
            await app.close()
        }

        func get(_ path: String) async -> Response {
            await dispatcher.dispatch(Event(httpMethod: "GET", path: path))
        }

        func post(_ path: String, form fields: [(String, String)], from ip: String = "198.51.100.1") async -> Response {
            let body = fields.map { "\($0.0)=\(Self.encode($0.1))" }.joined(separator: "&")
            return await dispatcher.dispatch(
                Event(
                    httpMethod: "POST", path: path, headers: ["Content-Type": "application/x-www-form-urlencoded"],
                    body: body, requestContext: Event.RequestContext(identity: .init(sourceIp: ip))))
        }

        func json(_ path: String, _ body: String, bearer: String? = nil) async -> Response {
            var headers = ["Content-Type": "application/json"]
            if let bearer { headers["Authorization"] = "Bearer \(bearer)" }
            return await dispatcher.dispatch(
                Event(
                    httpMethod: path.hasSuffix("profile") ? "GET" : "POST", path: path, headers: headers,
                    body: path.hasSuffix("profile") ? nil : body,
                    requestContext: Event.RequestContext(identity: .init(sourceIp: "198.51.100.1"))))
        }

        func register(_ name: String) async throws {
            let response = await json(
                "/api/v1/users/register",
                #"{"email":"\#(name)@example.com","password":"first-password-1","username":"\#(name)"}"#)
            #expect(response.statusCode == 201)
            #expect(response.body == #"{"msg":"User registered successfully"}"#)
        }

        func login(_ name: String, _ password: String) async -> Response {
            await json("/api/v1/users/login", #"{"email":"\#(name)@example.com","password":"\#(password)"}"#)
        }

        /// Lets the mail worker the requests woke finish.
        func settle() async { await deps.watching.background.drain() }

        /// The form token a page rendered.
        static func formToken(_ page: Response) throws -> String {
            let body = page.body ?? ""
            let marker = "name=\"form_token\" value=\""
            let start = try #require(body.range(of: marker)).upperBound
            return String(body[start...].prefix { $0 != "\"" })
        }

        /// Asks for a mail through a request form, as a browser would.
        func ask(_ form: String, for email: String, from ip: String = "198.51.100.1") async throws -> Response {
            let token = try Self.formToken(await get("/preferences/\(form)"))
            return await post("/preferences/\(form)", form: [("form_token", token), ("email", email)], from: ip)
        }

        /// Every message in the outbox (file names start with the second they were written, then a
        /// random part: messages of one second are in no particular order).
        func mails() throws -> [OutboxMail] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: outbox.path)) ?? []
            return try names.filter { $0.hasSuffix(".eml") }.sorted().map { name in
                OutboxMail(raw: try String(contentsOf: outbox.appendingPathComponent(name), encoding: .utf8))
            }
        }

        static func encode(_ value: String) -> String {
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
        }
    }

    /// One `.eml` file: its headers and the link of its text part.
    struct OutboxMail {
        let raw: String

        func header(_ name: String) -> String? {
            raw.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix(name.lowercased() + ":") }
                .map { String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces) }
        }

        /// The first `https://records.example.com/…` link, quoted-printable soft breaks undone.
        var link: String? {
            let text = raw.replacingOccurrences(of: "=\r\n", with: "").replacingOccurrences(of: "=3D", with: "=")
            guard
                let range = text.range(
                    of: #"https://records\.example\.com/[A-Za-z0-9._/-]+"#, options: .regularExpression)
            else { return nil }
            return String(text[range])
        }

        /// The link's path on the server.
        var path: String? { link.map { String($0.dropFirst("https://records.example.com".count)) } }
    }
}
