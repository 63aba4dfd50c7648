import Foundation
import RecordsCore
import SMTPTestServer
import Testing

@testable import Mailer

@Suite("MIME composition")
struct ComposerTests {
    let composer = MIMEComposer(from: try! MailAddress(parsing: "Records Watch <records@example.com>"))

    func parsed(_ message: MailMessage) throws -> ReceivedMessage {
        let composed = try composer.compose(
            message, date: Date(timeIntervalSince1970: 1_795_892_687), uniqueID: "abc123")
        return ReceivedMessage(raw: String(decoding: composed.data, as: UTF8.self))
    }

    @Test func multipartMessageHasEveryHeaderAndBothParts() throws {
        let mail = try parsed(
            MailMessage(
                to: "driver@example.org", subject: "New records on your maps", text: "Hello\nthere",
                html: "<p>Hello</p>", headers: [("List-Unsubscribe", "<https://example.com/u>")]))
        #expect(mail.header("From") == "\"Records Watch\" <records@example.com>")
        #expect(mail.header("To") == "driver@example.org")
        #expect(mail.header("Subject") == "New records on your maps")
        #expect(mail.header("Date") == "Sat, 28 Nov 2026 19:04:47 +0000")
        #expect(mail.header("Message-ID") == "<abc123@example.com>")
        #expect(mail.header("MIME-Version") == "1.0")
        #expect(mail.header("List-Unsubscribe") == "<https://example.com/u>")
        #expect(mail.header("Content-Type") == "multipart/alternative; boundary=\"=_recordsw_abc123\"")
        #expect(mail.body("text/plain") == "Hello\r\nthere")
        #expect(mail.body("text/html") == "<p>Hello</p>")
    }

    @Test func textOnlyMessageIsASinglePart() throws {
        let mail = try parsed(MailMessage(to: "a@example.org", subject: "s", text: "only text", html: nil))
        #expect(mail.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(mail.header("Content-Transfer-Encoding") == "quoted-printable")
        #expect(mail.body("text/plain") == "only text")
        #expect(mail.body("text/html") == nil)
    }

    @Test func unicodeSubjectIsEncodedAndDecodesBack() throws {
        let subject = "Nouveaux records sur « Été 2026 » 🏁 — " + String(repeating: "ü", count: 80)
        let mail = try parsed(MailMessage(to: "a@example.org", subject: subject, text: "x", html: nil))
        #expect(mail.subject == subject)
        #expect(mail.header("Subject")?.hasPrefix("=?UTF-8?B?") == true)
        #expect(mail.lines.allSatisfy { $0.utf8.count <= 78 })
    }

    @Test func longAsciiSubjectIsFoldedAndUnfoldsBack() throws {
        let subject = (1...40).map { "word\($0)" }.joined(separator: " ")
        let mail = try parsed(MailMessage(to: "a@example.org", subject: subject, text: "x", html: nil))
        #expect(mail.subject == subject)
        #expect(mail.lines.allSatisfy { $0.utf8.count <= 78 })
    }

    @Test func everyLineEndsInCRLFAndStaysShort() throws {
        let long = String(repeating: "é1234567890", count: 200)
        let text = "first line\r\nsecond\rthird\n\(long)\ntrailing space \n.\n..\n.dot"
        let composed = try composer.compose(
            MailMessage(to: "a@example.org", subject: "s", text: text, html: "<b>\(long)</b>"))
        let raw = String(decoding: composed.data, as: UTF8.self)
        #expect(composed.data.allSatisfy { $0 < 0x80 })
        #expect(!raw.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(!raw.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
        #expect(raw.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })
        let mail = ReceivedMessage(raw: raw)
        #expect(
            mail.body("text/plain")
                == "first line\r\nsecond\r\nthird\r\n\(long)\r\ntrailing space \r\n.\r\n..\r\n.dot")
        #expect(mail.body("text/html") == "<b>\(long)</b>")
    }

    @Test func quotedPrintableEncodesEqualsAndTrailingWhitespace() {
        #expect(QuotedPrintable.encode("a=b") == "a=3Db")
        #expect(QuotedPrintable.encode("end \t") == "end =09")
        #expect(QuotedPrintable.encode("é") == "=C3=A9")
        let encoded = QuotedPrintable.encode(String(repeating: "x", count: 200))
        #expect(encoded.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 76 })
        #expect(ReceivedMessage.decodeQuotedPrintable(encoded) == String(repeating: "x", count: 200))
    }

    @Test func dateIsRFC5322InUTC() {
        #expect(MIMEComposer.rfc5322Date(Date(timeIntervalSince1970: 0)) == "Thu, 1 Jan 1970 00:00:00 +0000")
    }
}

@Suite("Header injection")
struct HeaderInjectionTests {
    let composer = MIMEComposer(from: try! MailAddress(address: "records@example.com"))

    func headerNames(_ message: MailMessage) throws -> [String] {
        let composed = try composer.compose(message)
        return ReceivedMessage(raw: String(decoding: composed.data, as: UTF8.self)).headers.map { $0.name.lowercased() }
    }

    @Test(arguments: [
        "Map\r\nBcc: victim@example.net", "Map\nBcc: victim@example.net", "Map\rBcc: victim@example.net",
        "Map\u{2028}Bcc: x@example.net", "Map\u{0}\u{7}\u{1B}", "=?UTF-8?B?QmNjOiB4?= trick", "\r\n\r\nbody",
    ])
    func subjectCannotAddAHeader(subject: String) throws {
        let message = MailMessage(to: "a@example.org", subject: subject, text: "t", html: "<p>t</p>")
        let names = try headerNames(message)
        #expect(!names.contains("bcc"))
        #expect(names.filter { $0 == "subject" }.count == 1)
        let composed = try composer.compose(message)
        let mail = ReceivedMessage(raw: String(decoding: composed.data, as: UTF8.self))
        #expect(mail.subject == subject)
        #expect(mail.body("text/plain") == "t")
    }

    @Test(arguments: [
        "a@example.org\r\nBcc: victim@example.net", "a@example.org, b@example.org", "A <a@example.org>",
        "a b@example.org", "a@example.org\n", "", "no-at-sign", "a@", "@example.org", "a..b@example.org",
        "é@example.org", "a@exa mple.org", "a@example.org>", "<a@example.org",
    ])
    func badRecipientIsRefused(to: String) {
        #expect(throws: MailError.self) {
            try composer.compose(MailMessage(to: to, subject: "s", text: "t", html: nil))
        }
    }

    @Test func extraHeaderValueWithLineBreakIsRefused() {
        for value in ["x\r\nBcc: victim@example.net", "x\ny", "x\ry", "é", "x\u{0}"] {
            #expect(throws: MailError.self) {
                try composer.compose(
                    MailMessage(to: "a@example.org", subject: "s", text: "t", html: nil, headers: [("X-Tag", value)]))
            }
        }
    }

    @Test func extraHeaderNameMustBeATokenAndNotOneWeSet() {
        for name in ["X Tag", "X:Tag", "", "X-Tag\r\nBcc", "Bcc", "subject", "Content-Type", "From"] {
            #expect(throws: MailError.self) {
                try composer.compose(
                    MailMessage(to: "a@example.org", subject: "s", text: "t", html: nil, headers: [(name, "v")]))
            }
        }
    }

    @Test func senderDisplayNameWithLineBreakIsRefused() {
        #expect(throws: MailError.self) { try MailAddress(address: "a@example.org", displayName: "A\r\nBcc: x") }
        #expect(throws: MailError.self) { try MailAddress(parsing: "Evil\n <a@example.org>") }
        #expect(throws: MailError.self) {
            try MailAddress(address: "a@example.org", displayName: String(repeating: "x", count: 201))
        }
    }

    @Test func unicodeDisplayNameIsEncoded() throws {
        let composer = MIMEComposer(from: try MailAddress(parsing: "Relevé des records <r@example.com>"))
        let composed = try composer.compose(MailMessage(to: "a@example.org", subject: "s", text: "t", html: nil))
        let mail = ReceivedMessage(raw: String(decoding: composed.data, as: UTF8.self))
        let from = try #require(mail.header("From"))
        #expect(from.hasPrefix("=?UTF-8?B?"))
        #expect(ReceivedMessage.decodeEncodedWords(from) == "Relevé des records <r@example.com>")
    }
}
