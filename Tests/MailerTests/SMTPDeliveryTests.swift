import Foundation
import Logging
import RecordsCore
import SMTPTestServer
import Testing

@testable import Mailer

/// Delivery through libcurl to the loopback receiver, over real sockets.
@Suite("SMTP delivery")
struct SMTPDeliveryTests {
    static let sender = try! MailAddress(parsing: "Records <records@example.com>")

    static func mailer(
        _ server: SMTPTestServer, security: SMTPConfiguration.Security = .none, host: String = "127.0.0.1",
        user: String? = nil, password: String? = nil, sendTimeout: Duration = .seconds(20),
        concurrency: Int = 4, caFile: String? = nil
    ) -> SMTPMailer {
        SMTPMailer(
            configuration: SMTPConfiguration(
                host: host, port: server.port, security: security, username: user, password: password, from: sender,
                connectTimeout: .seconds(5), sendTimeout: sendTimeout, maxConcurrentSends: concurrency, caFile: caFile),
            logger: Logger(label: "test.mail"))
    }

    static func message(to: String = "driver@example.org", subject: String = "Your daily records") -> MailMessage {
        MailMessage(to: to, subject: subject, text: "Plain text", html: "<p>HTML</p>")
    }

    /// Runs `body` against a fresh server, stopping it whatever happens.
    static func withServer<T>(
        _ options: SMTPTestServer.Options = .init(), _ body: (SMTPTestServer) async throws -> T
    ) async throws -> T {
        let server = try await SMTPTestServer.start(options)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    static func expectMailError(
        _ expected: (MailError) -> Bool, sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () async throws -> Void
    ) async {
        do {
            try await body()
            Issue.record("the send succeeded", sourceLocation: sourceLocation)
        } catch let error as MailError {
            #expect(expected(error), "unexpected \(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("not a MailError: \(error)", sourceLocation: sourceLocation)
        }
    }

    static func isUnavailable(_ error: MailError) -> Bool {
        if case .unavailable = error { return true }
        return false
    }

    static func isRejected(_ error: MailError) -> Bool {
        if case .rejected = error { return true }
        return false
    }

    @Test func messageArrivesWithHeadersPartsUnicodeAndLongLines() async throws {
        try await Self.withServer { server in
            let subject = "3 nouveaux records sur « Pâques 🐣 »"
            let long = String(repeating: "0123456789", count: 120)
            let text = "Records:\n.\n..\n.hidden dot line\n\(long)\nend"
            try await Self.mailer(server).send(
                MailMessage(
                    to: "driver@example.org", subject: subject, text: text, html: "<p>\(long)</p>",
                    headers: [("X-Recordsw-Run", "42")]))
            let mail = try #require(try await server.waitForMessages(count: 1).first)
            #expect(mail.mailFrom == "records@example.com")
            #expect(mail.recipients == ["driver@example.org"])
            #expect(mail.authenticatedUser == nil)
            #expect(mail.overTLS == false)
            #expect(mail.subject == subject)
            #expect(mail.header("To") == "driver@example.org")
            #expect(mail.header("From") == "\"Records\" <records@example.com>")
            #expect(mail.header("X-Recordsw-Run") == "42")
            #expect(mail.header("Message-ID")?.hasSuffix("@example.com>") == true)
            // Lines that start with a dot survive libcurl's dot-stuffing and our un-stuffing.
            #expect(mail.body("text/plain") == text.replacingOccurrences(of: "\n", with: "\r\n"))
            #expect(mail.body("text/html") == "<p>\(long)</p>")
            #expect(mail.lines.allSatisfy { $0.utf8.count <= 998 })
        }
    }

    @Test func authPlainIsUsedWhenConfigured() async throws {
        try await Self.withServer(.init(credentials: ("bot@example.com", "app password"))) { server in
            try await Self.mailer(server, user: "bot@example.com", password: "app password").send(Self.message())
            let mail = try #require(try await server.waitForMessages(count: 1).first)
            #expect(mail.authenticatedUser == "bot@example.com")
            #expect(mail.authMechanism == "PLAIN")
        }
    }

    @Test func authLoginIsUsedWhenItIsTheOnlyMechanism() async throws {
        try await Self.withServer(.init(credentials: ("bot", "secret"), authMechanisms: ["LOGIN"])) { server in
            try await Self.mailer(server, user: "bot", password: "secret").send(Self.message())
            let mail = try #require(try await server.waitForMessages(count: 1).first)
            #expect(mail.authMechanism == "LOGIN")
        }
    }

    @Test func wrongPasswordIsUnavailableNotRejected() async throws {
        try await Self.withServer(.init(credentials: ("bot", "secret"))) { server in
            await Self.expectMailError({ error in
                guard case .unavailable(let reason) = error else { return false }
                return reason.contains("EMAIL_USER and EMAIL_PASS")
            }) {
                try await Self.mailer(server, user: "bot", password: "wrong").send(Self.message())
            }
            #expect(server.messages.isEmpty)
        }
    }

    @Test func missingLoginIsUnavailable() async throws {
        try await Self.withServer(.init(credentials: ("bot", "secret"))) { server in
            await Self.expectMailError(Self.isUnavailable) { try await Self.mailer(server).send(Self.message()) }
            #expect(server.messages.isEmpty)
        }
    }

    @Test(arguments: [
        SMTPTestServer.Fault.greeting(421), .mailFrom(421), .recipient(450), .data(451), .dropOnMailFrom,
    ])
    func temporaryFailuresAreUnavailable(fault: SMTPTestServer.Fault) async throws {
        try await Self.withServer { server in
            server.setFault(fault)
            await Self.expectMailError({ error in
                guard case .unavailable(let reason) = error else { return false }
                return fault.code.map { reason == "the SMTP server deferred the message (\($0))" } ?? true
            }) { try await Self.mailer(server).send(Self.message()) }
            #expect(server.messages.isEmpty)
            // The same mailer delivers once the server behaves again.
            server.setFault(.none)
            try await Self.mailer(server).send(Self.message())
            #expect(try await server.waitForMessages(count: 1).count == 1)
        }
    }

    @Test(arguments: [SMTPTestServer.Fault.greeting(554), .mailFrom(553), .recipient(550), .data(554)])
    func permanentFailuresAreRejected(fault: SMTPTestServer.Fault) async throws {
        try await Self.withServer { server in
            server.setFault(fault)
            await Self.expectMailError({ $0 == .rejected("the SMTP server refused the message (\(fault.code ?? 0))") })
            {
                try await Self.mailer(server).send(Self.message())
            }
            #expect(server.messages.isEmpty)
        }
    }

    @Test func serverDownIsUnavailable() async throws {
        let server = try await SMTPTestServer.start()
        let mailer = Self.mailer(server)
        await server.stop()
        await Self.expectMailError(Self.isUnavailable) { try await mailer.send(Self.message()) }
    }

    @Test func serverBackOnTheSamePortReceivesAgain() async throws {
        let first = try await SMTPTestServer.start()
        let mailer = Self.mailer(first)
        try await mailer.send(Self.message())
        #expect(try await first.waitForMessages(count: 1).count == 1)
        await first.stop()
        await Self.expectMailError(Self.isUnavailable) { try await mailer.send(Self.message()) }
        try await Self.withServer(.init(port: first.port)) { second in
            try await mailer.send(Self.message())
            #expect(try await second.waitForMessages(count: 1).count == 1)
            second.removeAllMessages()
            #expect(second.messages.isEmpty)
        }
    }

    @Test func silentServerTimesOutAsUnavailable() async throws {
        try await Self.withServer { server in
            server.setFault(.silentAfterData)
            await Self.expectMailError({ error in
                error == .unavailable("the SMTP server did not answer in time")
            }) {
                try await Self.mailer(server, sendTimeout: .seconds(1)).send(Self.message())
            }
        }
    }

    @Test func concurrentSendsAreBounded() async throws {
        try await Self.withServer { server in
            // Each session stays open a while, so unbounded sends would overlap.
            server.setDataReplyDelay(.milliseconds(200))
            let mailer = Self.mailer(server, concurrency: 2)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<6 {
                    group.addTask { try await mailer.send(Self.message(to: "driver\(index)@example.org")) }
                }
                try await group.waitForAll()
            }
            let messages = try await server.waitForMessages(count: 6)
            #expect(Set(messages.flatMap(\.recipients)).count == 6)
            #expect(server.peakConcurrentSessions <= 2)
            #expect(server.sessionCount == 6)
        }
    }

    @Test func invalidRecipientFailsBeforeConnecting() async throws {
        try await Self.withServer { server in
            await Self.expectMailError({ if case .invalidMessage = $0 { true } else { false } }) {
                try await Self.mailer(server).send(Self.message(to: "a@example.org\r\nRCPT TO:<b@example.org>"))
            }
            #expect(server.sessionCount == 0)
        }
    }
}

extension SMTPTestServer.Fault {
    /// The reply code the fault answers with, if it answers.
    var code: Int? {
        switch self {
        case .greeting(let code), .mailFrom(let code), .recipient(let code), .data(let code): code
        default: nil
        }
    }
}

/// STARTTLS and implicit TLS against a certificate made at test time.
@Suite("SMTP over TLS")
struct SMTPTLSTests {
    @Test func starttlsUpgradesBeforeAuthAndDelivers() async throws {
        let certificate = try TestCertificate.selfSigned()
        let caFile = try certificate.writeCAFile()
        defer { try? FileManager.default.removeItem(atPath: caFile) }
        try await SMTPDeliveryTests.withServer(.init(security: .starttls(certificate), credentials: ("bot", "pw"))) {
            server in
            try await SMTPDeliveryTests.mailer(
                server, security: .starttls, host: "localhost", user: "bot", password: "pw", caFile: caFile
            ).send(SMTPDeliveryTests.message())
            let mail = try #require(try await server.waitForMessages(count: 1).first)
            #expect(mail.overTLS)
            #expect(mail.authenticatedUser == "bot")
        }
    }

    @Test func implicitTLSDelivers() async throws {
        let certificate = try TestCertificate.selfSigned()
        let caFile = try certificate.writeCAFile()
        defer { try? FileManager.default.removeItem(atPath: caFile) }
        try await SMTPDeliveryTests.withServer(.init(security: .implicitTLS(certificate))) { server in
            try await SMTPDeliveryTests.mailer(server, security: .tls, host: "localhost", caFile: caFile)
                .send(SMTPDeliveryTests.message())
            let mail = try #require(try await server.waitForMessages(count: 1).first)
            #expect(mail.overTLS)
        }
    }

    @Test func untrustedCertificateIsRefused() async throws {
        let certificate = try TestCertificate.selfSigned()
        try await SMTPDeliveryTests.withServer(.init(security: .starttls(certificate))) { server in
            await SMTPDeliveryTests.expectMailError(SMTPDeliveryTests.isUnavailable) {
                try await SMTPDeliveryTests.mailer(server, security: .starttls, host: "localhost")
                    .send(SMTPDeliveryTests.message())
            }
            #expect(server.messages.isEmpty)
        }
    }

    @Test func starttlsIsRequiredWhenConfigured() async throws {
        // A server that does not offer STARTTLS: the mailer must not fall back to plain text.
        try await SMTPDeliveryTests.withServer { server in
            await SMTPDeliveryTests.expectMailError(SMTPDeliveryTests.isUnavailable) {
                try await SMTPDeliveryTests.mailer(server, security: .starttls).send(SMTPDeliveryTests.message())
            }
            #expect(server.messages.isEmpty)
        }
    }
}
