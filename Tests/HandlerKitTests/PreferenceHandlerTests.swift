import FixtureKit
import Foundation
import HandlerKit
import Logging
import RecordsApp
import RecordsCore
import Testing

/// The preference page's push-channel flows, with a recording `PushTransport` at the seam (the real
/// Discord/ntfy transport is wired by the composition root once it exists).
@Suite("Preference page")
struct PreferenceHandlerTests {
    /// Records every test message and answers with a scripted outcome.
    actor RecordingTransport: PushTransport {
        private(set) var sent: [PushChannel] = []
        var outcome: PushOutcome = .delivered

        func sendTest(to channel: PushChannel, timeZone: String) async -> PushOutcome {
            sent.append(channel)
            return outcome
        }

        func answer(_ outcome: PushOutcome) { self.outcome = outcome }

        /// No posts: these tests only send test messages (the daily run's push phase is not run here).
        nonisolated func posts(for news: PushNews, to channel: PushChannel) -> [PushPost] { [] }

        /// Never delivers: as ``posts(for:to:)``, only test messages go through this double.
        func send(_ post: PushPost, to channel: PushChannel) async -> PushPostOutcome {
            .retryLater(retryAfter: nil, reason: "this transport only sends tests")
        }
    }

    /// The real application over a fresh SQLite store with one user, `alice`, and her link.
    struct App {
        let runtime: AppRuntime
        let dispatcher: Dispatcher
        let transport: RecordingTransport
        let userId: Int
        let token: String
        let folder: URL

        static func open(pushConfigured: Bool = true) async throws -> App {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("recordsw-prefs-\(UUID())")
            var environment = AppFixtureHost.baseEnvironment(fixturesRoot: FixtureReplayTests.root)
            environment["SQLITE_PATH"] = folder.appendingPathComponent("store.sqlite").path
            environment["PUBLIC_BASE_URL"] = "https://records.example.com/"
            // The runtime's own transport is replaced below; should anything use it, it stays on loopback.
            environment["DISCORD_API_URL"] = "http://127.0.0.1:9/discord/api"
            environment["NTFY_URL"] = "http://127.0.0.1:9/ntfy"
            var logger = Logger(label: "prefs")
            logger.logLevel = .critical
            let runtime = try await AppRuntime.open(config: try AppConfig(environment: environment), logger: logger)
            _ = try await runtime.database.migrate(logger: logger)
            let outcome = try await runtime.dependencies.repositories.users.register(
                NewUser(username: "alice", email: "alice@example.com", passwordHash: "x"), maxUsers: 10, now: Date())
            guard case .created(let user) = outcome else { throw PreferenceTestError.setup }
            let transport = RecordingTransport()
            var deps = runtime.dependencies
            deps.pushTransport = pushConfigured ? transport : nil
            let links = try #require(deps.preferenceLinks)
            return App(
                runtime: runtime, dispatcher: RouteTable.dispatcher(deps, logger: logger), transport: transport,
                userId: user.id, token: links.token(userId: user.id, generation: 0, now: Date()), folder: folder)
        }

        func close() async {
            await runtime.close()
            try? FileManager.default.removeItem(at: folder)
        }

        var channels: any PushChannelRepository { runtime.dependencies.repositories.pushChannels }

        func page() async -> Response {
            await dispatcher.dispatch(Event(httpMethod: "GET", path: "/preferences/\(token)"))
        }

        /// The form token the page rendered for `action`.
        func formToken(_ action: String) async throws -> String {
            let body = await page().body ?? ""
            let marker = "name=\"action\" value=\"\(action)\"><input type=\"hidden\" name=\"form_token\" value=\""
            let start = try #require(body.range(of: marker)).upperBound
            return String(body[start...].prefix { $0 != "\"" })
        }

        func post(_ action: String, _ fields: [(String, String)]) async throws -> Response {
            let token = try await formToken(action)
            let pairs = [("action", action), ("form_token", token)] + fields
            let body = pairs.map { "\($0.0)=\(Self.encode($0.1))" }.joined(separator: "&")
            return await dispatcher.dispatch(
                Event(
                    httpMethod: "POST", path: "/preferences/\(self.token)",
                    headers: ["Content-Type": "application/x-www-form-urlencoded"], body: body))
        }

        static func encode(_ value: String) -> String {
            var allowed = CharacterSet.alphanumerics
            allowed.insert(charactersIn: "-._~")
            return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
        }
    }

    enum PreferenceTestError: Error { case setup }

    static let webhook = "https://discord.com/api/webhooks/123456789012345678/abcdefghijklmnopqrstuvwxyz-_0123"

    @Test("a Discord webhook is tested, then stored in canonical form; only a hint is shown")
    func addDiscord() async throws {
        let app = try await App.open()
        let response = try await app.post(
            "add-discord",
            [
                (
                    "webhook_url",
                    " https://discordapp.com/api/v10/webhooks/123456789012345678/abcdefghijklmnopqrstuvwxyz-_0123/ "
                ), ("mapper", "on"),
            ])
        #expect(response.statusCode == 303)
        #expect(response.header("Location") == "\(app.token)?notice=added")
        let sent = await app.transport.sent
        #expect(sent.map(\.target) == [Self.webhook])
        let stored = try await app.channels.channels(userId: app.userId)
        #expect(stored.map(\.target) == [Self.webhook])
        #expect(stored.first?.news == [.mapperRecords])
        let page = await app.page().body ?? ""
        #expect(page.contains("Discord webhook …345678"))
        #expect(!page.contains("abcdefghijklmnopqrstuvwxyz"))
        await app.close()
    }

    @Test(
        "webhooks of other hosts, over http, at IP literals or with extras are refused before any request",
        arguments: [
            "http://discord.com/api/webhooks/123456789012345678/abcdefghijklmnopqrstuvwxyz",
            "https://evil.example.com/api/webhooks/123456789012345678/abcdefghijklmnopqrstuvwxyz",
            "https://162.159.128.233/api/webhooks/123456789012345678/abcdefghijklmnopqrstuvwxyz",
            "https://[::1]/api/webhooks/123456789012345678/abcdefghijklmnopqrstuvwxyz",
            "https://discord.com:8443/api/webhooks/123456789012345678/abcdefghijklmnopqrstuvwxyz",
            "https://user@discord.com/api/webhooks/123456789012345678/abcdefghijklmnopqrstuvwxyz",
            "https://discord.com.evil.example/api/webhooks/123456789012345678/abcdefghijklmnopqrstuvwxyz",
            "https://discord.com/api/webhooks/123456789012345678/abcdefghijklmnopqrstuvwxyz?wait=true",
            "https://discord.com/api/webhooks/123/abc",
            "https://discord.com/api/webhooks/123456789012345678/" + String(repeating: "a", count: 300),
            "",
        ])
    func refusedWebhooks(_ url: String) async throws {
        let app = try await App.open()
        let response = try await app.post("add-discord", [("webhook_url", url)])
        #expect(response.statusCode == 400)
        #expect(response.header("Content-Type") == "text/html; charset=utf-8")
        #expect(await app.transport.sent.isEmpty)
        #expect(try await app.channels.channels(userId: app.userId).isEmpty)
        await app.close()
    }

    @Test("a webhook the far side says is gone is not stored")
    func goneWebhookIsRefused() async throws {
        let app = try await App.open()
        await app.transport.answer(.gone(reason: "Discord answered 404: Unknown Webhook"))
        let response = try await app.post("add-discord", [("webhook_url", Self.webhook)])
        #expect(response.statusCode == 422)
        #expect(response.body?.contains("Discord answered 404: Unknown Webhook") == true)
        #expect(try await app.channels.channels(userId: app.userId).isEmpty)
        await app.close()
    }

    @Test("an ntfy topic with a token; a bad topic or token is refused")
    func ntfy() async throws {
        let app = try await App.open()
        await app.transport.answer(.retryLater(retryAfter: 5, reason: "429"))
        var response = try await app.post("add-ntfy", [("topic", "tm-alice"), ("access_token", "tk_abc123")])
        #expect(response.statusCode == 303)
        #expect(response.header("Location") == "\(app.token)?notice=added-untested")
        let stored = try await app.channels.channels(userId: app.userId)
        #expect(stored.map(\.target) == ["tm-alice"])
        #expect(stored.first?.accessToken == "tk_abc123")
        #expect(stored.first?.news == [])
        for (topic, token) in [("a/b", ""), ("tm alice", ""), (String(repeating: "t", count: 65), ""), ("ok", "tk 1")] {
            response = try await app.post("add-ntfy", [("topic", topic), ("access_token", token)])
            #expect(response.statusCode == 400, "\(topic) \(token)")
        }
        #expect(try await app.channels.channels(userId: app.userId).count == 1)
        await app.close()
    }

    @Test("Send a test: gone disables the channel with its reason; delivered enables it again")
    func testButton() async throws {
        let app = try await App.open()
        _ = try await app.post("add-ntfy", [("topic", "tm-alice")])
        let id = try #require(try await app.channels.channels(userId: app.userId).first?.id)
        await app.transport.answer(.gone(reason: "ntfy answered 403"))
        var response = try await app.post("channel-\(id)", [("op", "test")])
        #expect(response.header("Location") == "\(app.token)?notice=test-gone")
        var channel = try #require(try await app.channels.channels(userId: app.userId).first)
        #expect(channel.status == .disabled && channel.disabledReason == "ntfy answered 403")
        let page = await app.page().body ?? ""
        #expect(page.contains("class=\"disabled\">Disabled since"))
        #expect(page.contains("ntfy answered 403"))
        await app.transport.answer(.delivered)
        response = try await app.post("channel-\(id)", [("op", "test")])
        #expect(response.header("Location") == "\(app.token)?notice=test-delivered")
        channel = try #require(try await app.channels.channels(userId: app.userId).first)
        #expect(channel.status == .active && channel.disabledReason == nil)
        #expect(await app.transport.sent.count == 3)
        await app.close()
    }

    @Test("at most five channels of a kind")
    func channelLimit() async throws {
        let app = try await App.open()
        for index in 0..<5 {
            #expect(try await app.post("add-ntfy", [("topic", "topic-\(index)")]).statusCode == 303)
        }
        #expect(try await app.post("add-ntfy", [("topic", "topic-5")]).statusCode == 409)
        // Adding an existing one again is not a new channel.
        #expect(try await app.post("add-ntfy", [("topic", "topic-0")]).statusCode == 303)
        await app.close()
    }

    @Test("at most ten test messages per user in ten minutes")
    func testMessagesAreLimited() async throws {
        let app = try await App.open()
        _ = try await app.post("add-ntfy", [("topic", "tm-alice")])
        let id = try #require(try await app.channels.channels(userId: app.userId).first?.id)
        for _ in 0..<9 {
            #expect(try await app.post("channel-\(id)", [("op", "test")]).statusCode == 303)
        }
        let refused = try await app.post("channel-\(id)", [("op", "test")])
        #expect(refused.statusCode == 429)
        #expect(refused.header("Retry-After") == "600")
        #expect(refused.header("Content-Type") == "text/html; charset=utf-8")
        #expect(await app.transport.sent.count == 10)
        await app.close()
    }

    @Test("an expired link, or one for a deleted account, is a 410 page and changes nothing")
    func expiredAndGoneLinks() async throws {
        let app = try await App.open()
        let links = try #require(app.runtime.dependencies.preferenceLinks)
        let old = links.token(userId: app.userId, generation: 0, now: Date().addingTimeInterval(-31 * 86_400))
        for (method, path) in [("GET", "/preferences/\(old)"), ("POST", "/preferences/\(old)/unsubscribe")] {
            let response = await app.dispatcher.dispatch(Event(httpMethod: method, path: path))
            #expect(response.statusCode == 410, "\(method) \(path)")
        }
        #expect(
            (await app.dispatcher.dispatch(Event(httpMethod: "GET", path: "/preferences/\(old)"))).body?.contains(
                "This link has expired") == true)
        let ghost = links.token(userId: app.userId + 1000, generation: 0, now: Date())
        let response = await app.dispatcher.dispatch(Event(httpMethod: "GET", path: "/preferences/\(ghost)"))
        #expect(response.statusCode == 410)
        #expect(
            try await app.runtime.dependencies.repositories.preferences.preferences(userId: app.userId).digestPaused
                == false)
        await app.close()
    }

    @Test("without a push transport the page says so and offers no add forms")
    func notConfigured() async throws {
        let app = try await App.open(pushConfigured: false)
        let page = await app.page().body ?? ""
        #expect(page.contains("Push delivery is not configured"))
        #expect(!page.contains("value=\"add-discord\""))
        await app.close()
    }
}
