import Foundation
import Logging
import Mailer
import RecordsApp
import Testing

@Suite("Mail settings")
struct MailConfigTests {
    struct NotSMTP: Error {}

    func config(_ values: [String: String]) throws -> MailConfig {
        try MailConfig(ConfigReader(environment: values))
    }

    func smtp(_ values: [String: String]) throws -> SMTPConfiguration {
        guard case .smtp(let configuration) = try config(values).delivery else {
            throw NotSMTP()
        }
        return configuration
    }

    func invalid(_ values: [String: String]) -> String? {
        do {
            _ = try config(values)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func nothingConfiguredMeansTheOutbox() throws {
        #expect(
            try config([:]).delivery
                == .outbox(directory: "var/outbox", from: try MailAddress(address: "recordsw@localhost")))
        #expect(
            try config(["MAIL_OUTBOX_DIR": "/tmp/box", "EMAIL_FROM": "me@example.com"]).delivery
                == .outbox(directory: "/tmp/box", from: try MailAddress(address: "me@example.com")))
    }

    @Test func emailUserAloneMeansGmailOnStarttls() throws {
        let smtp = try smtp(["EMAIL_USER": "bot@gmail.com", "EMAIL_PASS": "abcd efgh ijkl mnop"])
        #expect(smtp.host == "smtp.gmail.com")
        #expect(smtp.port == 587)
        #expect(smtp.security == .starttls)
        #expect(smtp.username == "bot@gmail.com")
        #expect(smtp.password == "abcd efgh ijkl mnop")
        #expect(smtp.from.address == "bot@gmail.com")
        #expect(smtp.connectTimeout == .seconds(10))
        #expect(smtp.sendTimeout == .seconds(60))
        #expect(smtp.maxConcurrentSends == 4)
        #expect(!smtp.description.contains("abcd"))
    }

    @Test func everySettingIsRead() throws {
        let smtp = try smtp([
            "SMTP_HOST": "relay.internal", "SMTP_SECURITY": "TLS", "EMAIL_FROM": "Records <records@example.com>",
            "SMTP_CONNECT_TIMEOUT_SECONDS": "3", "SMTP_SEND_TIMEOUT_SECONDS": "30", "SMTP_MAX_CONCURRENT_SENDS": "2",
        ])
        #expect(smtp.host == "relay.internal")
        #expect(smtp.port == 465)
        #expect(smtp.security == .tls)
        #expect(smtp.username == nil)
        #expect(smtp.from.displayName == "Records")
        #expect(smtp.connectTimeout == .seconds(3))
        #expect(smtp.sendTimeout == .seconds(30))
        #expect(smtp.maxConcurrentSends == 2)
        #expect(
            try self.smtp([
                "SMTP_HOST": "127.0.0.1", "SMTP_PORT": "2525", "SMTP_SECURITY": "none",
                "EMAIL_FROM": "a@example.com",
            ]).port == 2525)
    }

    @Test func badValuesNameTheirSetting() {
        let host = ["SMTP_HOST": "relay.internal", "EMAIL_FROM": "a@example.com"]
        #expect(invalid(host.merging(["SMTP_SECURITY": "ssl"]) { $1 })?.hasPrefix("SMTP_SECURITY") == true)
        #expect(invalid(host.merging(["SMTP_PORT": "0"]) { $1 })?.hasPrefix("SMTP_PORT") == true)
        #expect(invalid(host.merging(["SMTP_PORT": "smtp"]) { $1 })?.hasPrefix("SMTP_PORT") == true)
        #expect(
            invalid(host.merging(["SMTP_SEND_TIMEOUT_SECONDS": "-1"]) { $1 })?.hasPrefix("SMTP_SEND_TIMEOUT") == true)
        #expect(invalid(host.merging(["SMTP_MAX_CONCURRENT_SENDS": "0"]) { $1 })?.hasPrefix("SMTP_MAX") == true)
        #expect(invalid(host.merging(["SMTP_CA_FILE": "/nonexistent.pem"]) { $1 })?.hasPrefix("SMTP_CA_FILE") == true)
        #expect(
            invalid(["SMTP_HOST": "smtp://relay:25", "EMAIL_FROM": "a@example.com"])?.hasPrefix("SMTP_HOST") == true)
        #expect(invalid(["SMTP_HOST": "relay.internal"])?.hasPrefix("EMAIL_FROM is required") == true)
        #expect(invalid(["EMAIL_USER": "bot@gmail.com"])?.hasPrefix("EMAIL_PASS is required") == true)
        #expect(invalid(["EMAIL_PASS": "x"])?.hasPrefix("EMAIL_PASS is set without EMAIL_USER") == true)
        #expect(invalid(["EMAIL_FROM": "not an address"])?.hasPrefix("EMAIL_FROM") == true)
        #expect(invalid(["EMAIL_USER": "bot", "EMAIL_PASS": "x"])?.hasPrefix("EMAIL_USER") == true)
        #expect(invalid(["SMTP_SECURITY": "starttls "]) == nil)
    }

    @Test func theFactoryBuildsTheMailerTheSettingsDescribe() throws {
        let logger = Logger(label: "test")
        let smtp = try config(["SMTP_HOST": "relay.internal", "EMAIL_FROM": "a@example.com"]).makeMailer(logger: logger)
        #expect((smtp as? SMTPMailer)?.configuration.host == "relay.internal")
        let outbox = try config(["MAIL_OUTBOX_DIR": "/tmp/box"]).makeMailer(logger: logger)
        #expect((outbox as? OutboxMailer)?.directory == "/tmp/box")
    }

    @Test func appConfigCarriesTheMailSection() throws {
        let config = try AppConfig(environment: ["SMTP_HOST": "relay.internal", "EMAIL_FROM": "a@example.com"])
        guard case .smtp(let smtp) = config.mail.delivery else {
            Issue.record("expected SMTP")
            return
        }
        #expect(smtp.host == "relay.internal")
        #expect(throws: AppConfig.Invalid.self) { try AppConfig(environment: ["SMTP_SECURITY": "ssl"]) }
    }
}
