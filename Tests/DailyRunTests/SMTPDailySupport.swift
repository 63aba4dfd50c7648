import AsyncHTTPClient
import FakeTrackmania
import Foundation
import Logging
import Mailer
import NIOCore
import RecordsApp
import RecordsCore
import SMTPTestServer
import StoreTestSupport
import Testing
import TrackmaniaAPI

/// A loopback SMTP receiver that can be stopped and brought back (on a fresh port: binding the
/// released one again failed now and then with EADDRINUSE for longer than any retry), keeping what
/// the earlier instances received. ``currentMailer()`` follows it to its port.
actor LoopbackSMTP {
    private var server: SMTPTestServer?
    private var earlier: [ReceivedMessage] = []
    private var taken = 0
    /// The port it first listened on (what ``environment`` names).
    nonisolated let port: Int
    /// The port it listens on now.
    private var currentPort: Int

    private init(server: SMTPTestServer) {
        self.server = server
        port = server.port
        currentPort = server.port
    }

    /// Starts on a free port below Linux's ephemeral range (32768–60999): a port picked there could be
    /// taken, while the receiver is stopped, as the local port of some other test's outgoing
    /// connection, and ``restart()`` could then not bind it again.
    static func start() async throws -> LoopbackSMTP {
        LoopbackSMTP(server: try await listen())
    }

    private static func listen() async throws -> SMTPTestServer {
        var attempt = 0
        while true {
            do {
                return try await SMTPTestServer.start(.init(port: Int.random(in: 20_000..<32_000)))
            } catch {
                attempt += 1
                if attempt >= 50 { throw error }
            }
        }
    }

    /// The production mail settings (`SMTP_HOST`, `SMTP_PORT`, `SMTP_SECURITY=none`, `EMAIL_FROM`, timeouts)
    /// pointing at this receiver, as `serve` and `cron daily` read them.
    nonisolated var environment: [String: String] { Self.environment(port: port) }

    private static func environment(port: Int) -> [String: String] {
        [
            "SMTP_HOST": "127.0.0.1", "SMTP_PORT": String(port), "SMTP_SECURITY": "none",
            "EMAIL_FROM": "Records Watch <records@example.com>", "SMTP_CONNECT_TIMEOUT_SECONDS": "5",
            "SMTP_SEND_TIMEOUT_SECONDS": "20",
        ]
    }

    /// The real ``SMTPMailer``, built by the application's mail settings, pointing at the port the
    /// receiver listens on now (or last listened on).
    func currentMailer() throws -> any MailSender {
        try Self.mailer(environment: Self.environment(port: currentPort))
    }

    private static func mailer(environment: [String: String]) throws -> any MailSender {
        let config = try MailConfig(ConfigReader(environment: environment))
        guard case .smtp = config.delivery else { throw SimulatedCrash() }
        var logger = Logger(label: "daily-smtp-test")
        logger.logLevel = .critical
        return config.makeMailer(logger: logger)
    }

    /// Every message accepted so far, by every instance, in order.
    var all: [ReceivedMessage] { earlier + (server?.messages ?? []) }

    /// The messages accepted since the previous call. The test server records a message before it
    /// answers 250, so once a run returned, everything it delivered is here: no waiting needed.
    func take() -> [ReceivedMessage] {
        let current = all
        defer { taken = current.count }
        return Array(current.dropFirst(taken))
    }

    func setFault(_ fault: SMTPTestServer.Fault) { server?.setFault(fault) }

    /// Stops listening: connections are refused until ``restart()``.
    func stop() async {
        guard let server else { return }
        earlier += server.messages
        self.server = nil
        await server.stop()
    }

    /// Starts a new receiver, on a fresh port (``currentMailer()`` follows it).
    func restart() async throws {
        guard server == nil else { return }
        let fresh = try await Self.listen()
        server = fresh
        currentPort = fresh.port
    }
}

/// The real SMTP mailer of a ``LoopbackSMTP``, built for each message at the receiver's current port.
struct FollowingMailer: MailSender {
    let smtp: LoopbackSMTP

    func send(_ message: MailMessage) async throws {
        try await smtp.currentMailer().send(message)
    }
}

/// ``DailyHarness`` (fake Trackmania over HTTP, a real store, a hand-moved clock) with the real
/// ``SMTPMailer`` delivering to a ``LoopbackSMTP`` instead of the recording mailer.
struct SMTPDailyHarness: Sendable {
    let daily: DailyHarness
    let smtp: LoopbackSMTP
    let mailer: any MailSender

    var clock: ManualClock { daily.clock }
    var repositories: Repositories { daily.repositories }

    static func with(
        _ backend: Backend, instances: Int = 1,
        configure: @escaping @Sendable (inout TrackmaniaConfiguration) -> Void = { _ in },
        _ body: @escaping @Sendable (SMTPDailyHarness) async throws -> Void
    ) async throws {
        guard TestStores.available(backend) else { return }
        let smtp = try await LoopbackSMTP.start()
        let mailer = FollowingMailer(smtp: smtp)
        do {
            try await DailyHarness.with(backend, instances: instances, configure: configure) { daily in
                try await body(SMTPDailyHarness(daily: daily, smtp: smtp, mailer: mailer))
            }
        } catch {
            await smtp.stop()
            throw error
        }
        await smtp.stop()
    }

    /// The run over store handle `instance`, mailing through SMTP.
    func coordinator(
        instance: Int = 0, settings: DailyRunSettings = DailyHarness.settings, preferenceLinks: PreferenceLinks? = nil,
        checkpoint: @escaping @Sendable (DailyRunCheckpoint) async throws -> Void = { _ in }
    ) -> DailyRunCoordinator {
        let repos = daily.databases[instance].repositories
        var logger = Logger(label: "daily-run-smtp-test")
        logger.logLevel = .critical
        let services = daily.services
        let runner = DailyRunner(
            repositories: repos,
            services: DailyRunner.Services(
                leaderboards: services.leaderboards, directory: services.directory, exchange: services.exchange,
                mailer: mailer),
            settings: settings, preferenceLinks: preferenceLinks, clock: clock, logger: logger, checkpoint: checkpoint)
        return DailyRunCoordinator(runner: runner, runs: repos.dailyRuns, locks: repos.locks, metrics: .disabled)
    }

    /// Runs once to the end and returns the report.
    @discardableResult
    func run(
        checkpoint: @escaping @Sendable (DailyRunCheckpoint) async throws -> Void = { _ in },
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> DailyRunReport {
        let outcome = try await coordinator(checkpoint: checkpoint).runNow()
        guard case .finished(let report) = outcome else {
            Issue.record("run did not finish: \(outcome)", sourceLocation: sourceLocation)
            throw SimulatedCrash()
        }
        return report
    }

    /// The fake's world as it is now (`GET /_fake/world`).
    func world() async throws -> FakeWorld {
        let response = try await HTTPClient.shared.execute(
            HTTPClientRequest(url: daily.fake.baseURL + "/_fake/world"), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 16 << 20)
        return try JSONDecoder().decode(FakeWorld.self, from: Data(body.readableBytesView))
    }

    /// Replaces the fake's world (`PUT /_fake/world`).
    func replaceWorld(_ world: FakeWorld) async throws {
        var request = HTTPClientRequest(url: daily.fake.baseURL + "/_fake/world")
        request.method = .PUT
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: Array(try JSONEncoder().encode(world))))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        _ = try await response.body.collect(upTo: 1 << 20)
        #expect(response.status.code == 204)
    }
}

/// What tests read in a received digest.
extension ReceivedMessage {
    /// The plain-text part with LF line endings (as the composer wrote it).
    var plain: String { body("text/plain")?.replacingOccurrences(of: "\r\n", with: "\n") ?? "" }

    /// The HTML part with LF line endings.
    var html: String { body("text/html")?.replacingOccurrences(of: "\r\n", with: "\n") ?? "" }

    /// The header section as received (before the first empty line).
    var headerSection: String { raw.components(separatedBy: "\r\n\r\n").first ?? "" }
}

extension [ReceivedMessage] {
    /// The message to `name@example.com`.
    func to(_ name: String) -> ReceivedMessage? {
        first { $0.recipients == ["\(name.lowercased())@example.com"] }
    }

    /// Every envelope recipient, sorted.
    var recipients: [String] { flatMap(\.recipients).sorted() }
}

/// `YYYY-MM-DD HH:MM UTC`, as digests show dates, computed here independently of the composer.
func utcMinute(_ seconds: Int) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd HH:mm 'UTC'"
    return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
}
