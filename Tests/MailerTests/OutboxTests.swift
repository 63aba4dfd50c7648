import Foundation
import Logging
import RecordsCore
import SMTPTestServer
import Testing

@testable import Mailer

@Suite("File outbox")
struct OutboxTests {
    @Test func eachMessageIsOneOwnerOnlyFile() async throws {
        let root = NSTemporaryDirectory() + "outbox-test-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let directory = root + "/var/outbox"
        let mailer = OutboxMailer(
            directory: directory, from: try MailAddress(address: "records@localhost"), logger: Logger(label: "test"))
        try await mailer.send(MailMessage(to: "a@example.org", subject: "Première", text: "one", html: "<p>one</p>"))
        try await mailer.send(MailMessage(to: "b@example.org", subject: "Second", text: "two", html: nil))

        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(names.count == 2)
        #expect(names.allSatisfy { $0.hasSuffix(".eml") && !$0.hasPrefix(".") })
        #expect(
            names.allSatisfy { $0.range(of: #"^\d{8}T\d{6}Z-[0-9a-f]{32}\.eml$"#, options: .regularExpression) != nil })
        let directoryMode = try FileManager.default.attributesOfItem(atPath: directory)[.posixPermissions] as? Int
        #expect(directoryMode == 0o700)
        var subjects: Set<String> = []
        for name in names {
            let path = "\(directory)/\(name)"
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            let mail = ReceivedMessage(raw: try String(contentsOfFile: path, encoding: .utf8))
            subjects.insert(mail.subject ?? "")
            #expect(mail.header("From") == "records@localhost")
        }
        #expect(subjects == ["Première", "Second"])
    }

    @Test func refusedMessageWritesNothing() async throws {
        let directory = NSTemporaryDirectory() + "outbox-test-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let mailer = OutboxMailer(
            directory: directory, from: try MailAddress(address: "records@localhost"), logger: Logger(label: "test"))
        await #expect(throws: MailError.self) {
            try await mailer.send(
                MailMessage(to: "a@example.org\r\nBcc: b@example.org", subject: "s", text: "t", html: nil))
        }
        #expect((try? FileManager.default.contentsOfDirectory(atPath: directory))?.isEmpty ?? true)
    }

    @Test func unwritableOutboxIsUnavailable() async throws {
        let file = NSTemporaryDirectory() + "outbox-file-\(UUID().uuidString)"
        #expect(FileManager.default.createFile(atPath: file, contents: Data()))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let mailer = OutboxMailer(
            directory: file + "/inside", from: try MailAddress(address: "records@localhost"),
            logger: Logger(label: "test"))
        await #expect(throws: MailError.self) {
            try await mailer.send(MailMessage(to: "a@example.org", subject: "s", text: "t", html: nil))
        }
    }
}
