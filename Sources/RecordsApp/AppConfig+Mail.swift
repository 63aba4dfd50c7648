import Foundation
import Logging
import Mailer
import RecordsCore

/// Where mail goes: an SMTP server, or the file outbox when none is configured.
///
/// Settings (names of the original where it had one):
/// - `SMTP_HOST` (default `smtp.gmail.com` when `EMAIL_USER` is set), `SMTP_PORT` (587, or 465 with
///   `tls`), `SMTP_SECURITY` = `starttls` (default) | `tls` | `none`;
/// - `EMAIL_USER` / `EMAIL_PASS`: AUTH login (both or neither); `EMAIL_FROM` (default `EMAIL_USER`);
/// - `SMTP_CONNECT_TIMEOUT_SECONDS` (10), `SMTP_SEND_TIMEOUT_SECONDS` (60),
///   `SMTP_MAX_CONCURRENT_SENDS` (4), `SMTP_CA_FILE` (extra trusted CAs, PEM);
/// - `MAIL_OUTBOX_DIR` (default `var/outbox`) when neither `SMTP_HOST` nor `EMAIL_USER` is set;
///   `MAIL_OUTBOX_KEEP_DAYS` (default 30, 0 keeps every message): older messages are deleted hourly.
public struct MailConfig: Sendable, Equatable {
    /// The delivery the settings describe.
    public enum Delivery: Sendable, Equatable {
        /// Send through this SMTP server.
        case smtp(SMTPConfiguration)
        /// Write `.eml` files into `directory`, with `from` as the sender.
        case outbox(directory: String, from: MailAddress)
    }

    public var delivery: Delivery
    /// `MAIL_OUTBOX_KEEP_DAYS`: how long outbox messages are kept; 0 keeps them all.
    public var outboxKeepDays: Int

    /// The sender used when the outbox has no `EMAIL_FROM`.
    static let outboxDefaultSender = "recordsw@localhost"

    /// Reads and checks the mail settings.
    /// - Throws: ``AppConfig/Invalid`` with one line naming the bad setting.
    public init(_ reader: ConfigReader) throws {
        let user = reader.value("EMAIL_USER")
        // An app password is a secret: keep it exactly as given, apart from surrounding blanks.
        let password = reader.value("EMAIL_PASS")
        let fromSetting = reader.value("EMAIL_FROM")
        let from = try fromSetting.map { try Self.address($0, setting: "EMAIL_FROM") }
        // Checked even for the outbox, so a typo is reported before it matters.
        let securityText = reader.value("SMTP_SECURITY")?.lowercased() ?? "starttls"
        guard let security = SMTPConfiguration.Security(rawValue: securityText) else {
            throw AppConfig.Invalid(description: "SMTP_SECURITY must be starttls, tls or none")
        }
        let port = try reader.integer("SMTP_PORT", default: security == .tls ? 465 : 587, range: 1...65535)
        let connectTimeout = try reader.integer("SMTP_CONNECT_TIMEOUT_SECONDS", default: 10, range: 1...300)
        let sendTimeout = try reader.integer("SMTP_SEND_TIMEOUT_SECONDS", default: 60, range: 1...3600)
        let concurrency = try reader.integer("SMTP_MAX_CONCURRENT_SENDS", default: 4, range: 1...64)
        let caFile = reader.value("SMTP_CA_FILE")
        outboxKeepDays = try reader.integer("MAIL_OUTBOX_KEEP_DAYS", default: 30, range: 0...3650)

        guard let host = reader.value("SMTP_HOST") ?? (user == nil ? nil : "smtp.gmail.com") else {
            if password != nil {
                throw AppConfig.Invalid(description: "EMAIL_PASS is set without EMAIL_USER")
            }
            delivery = .outbox(
                directory: reader.value("MAIL_OUTBOX_DIR") ?? "var/outbox",
                from: try from ?? MailAddress(address: Self.outboxDefaultSender))
            return
        }
        guard Self.isPlausibleHost(host) else {
            throw AppConfig.Invalid(description: "SMTP_HOST must be a host name or IP address, without scheme or port")
        }
        if user != nil && password == nil {
            throw AppConfig.Invalid(description: "EMAIL_PASS is required when EMAIL_USER is set (the SMTP login)")
        }
        if user == nil && password != nil {
            throw AppConfig.Invalid(description: "EMAIL_PASS is set without EMAIL_USER")
        }
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw AppConfig.Invalid(description: "SMTP_CA_FILE is not a readable file")
        }
        let sender: MailAddress
        if let from {
            sender = from
        } else if let user {
            sender = try Self.address(user, setting: "EMAIL_USER (the default EMAIL_FROM)")
        } else {
            throw AppConfig.Invalid(
                description: "EMAIL_FROM is required when SMTP_HOST is set without EMAIL_USER (the sender address)")
        }
        delivery = .smtp(
            SMTPConfiguration(
                host: host, port: port, security: security, username: user, password: password, from: sender,
                connectTimeout: .seconds(connectTimeout), sendTimeout: .seconds(sendTimeout),
                maxConcurrentSends: concurrency, caFile: caFile))
    }

    /// Builds the mailer these settings describe, and says in the log where mail goes.
    public func makeMailer(logger: Logger) -> any MailSender {
        switch delivery {
        case .smtp(let configuration):
            logger.info(
                "mail is sent over SMTP",
                metadata: [
                    "smtp.host": .string(configuration.host), "smtp.port": "\(configuration.port)",
                    "smtp.security": .string(configuration.security.rawValue),
                    "smtp.auth": "\(configuration.username != nil)",
                ])
            if configuration.security == .none && configuration.username != nil
                && !["127.0.0.1", "::1", "localhost"].contains(configuration.host)
            {
                logger.warning(
                    "SMTP_SECURITY=none sends the SMTP login unencrypted to a host that is not loopback",
                    metadata: ["smtp.host": .string(configuration.host)])
            }
            return SMTPMailer(configuration: configuration, logger: logger)
        case .outbox(let directory, let from):
            logger.notice(
                "no SMTP settings (SMTP_HOST or EMAIL_USER): mail is written to the outbox, not sent",
                metadata: ["mail.outbox": .string(directory)])
            return OutboxMailer(directory: directory, from: from, logger: logger)
        }
    }

    private static func address(_ text: String, setting: String) throws -> MailAddress {
        do {
            return try MailAddress(parsing: text)
        } catch {
            throw AppConfig.Invalid(
                description: "\(setting) must be an email address (user@example.com or Name <user@example.com>)")
        }
    }

    /// Letters, digits, dots, dashes, or an IPv6 literal's hex digits and colons.
    private static func isPlausibleHost(_ host: String) -> Bool {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:".utf8)
        return host.utf8.count <= 253 && host.utf8.allSatisfy(allowed.contains) && host.first != "-"
    }
}
