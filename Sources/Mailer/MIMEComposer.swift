import Foundation
import RecordsCore

/// A message ready for the wire: the envelope and the RFC 5322 bytes (ASCII, CRLF line endings).
public struct ComposedMail: Sendable, Equatable {
    /// The envelope sender (`MAIL FROM`).
    public var sender: String
    /// The envelope recipient (`RCPT TO`).
    public var recipient: String
    /// The `Message-ID` header's value, with its angle brackets.
    public var messageID: String
    /// The whole message: headers, blank line, body.
    public var data: [UInt8]
}

/// Builds MIME messages from ``MailMessage`` values.
///
/// The result is `multipart/alternative` (text, then HTML) when the message has an HTML part, else
/// a single `text/plain` part; both are UTF-8, quoted-printable. Every header is written by this
/// type: values that could break a header are encoded (the subject) or refused (addresses, extra
/// headers), so no input can add a header or a recipient.
public struct MIMEComposer: Sendable {
    /// The `From` address (and envelope sender).
    public let from: MailAddress

    /// Headers the composer writes itself; an extra header may not repeat them.
    static let reservedHeaders: Set<String> = [
        "from", "to", "cc", "bcc", "subject", "date", "message-id", "mime-version", "content-type",
        "content-transfer-encoding", "sender", "return-path",
    ]

    private static let idCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-".utf8)

    public init(from: MailAddress) {
        self.from = from
    }

    /// Composes `message`.
    /// - Parameters:
    ///   - message: What to send.
    ///   - date: The `Date` header's time.
    ///   - uniqueID: Makes the `Message-ID` and the boundary (random by default; tests fix it).
    /// - Throws: ``MailError/invalidMessage(_:)`` for a bad recipient or extra header.
    public func compose(_ message: MailMessage, date: Date = Date(), uniqueID: String = Self.randomID()) throws
        -> ComposedMail
    {
        let recipient = try MailAddress(address: message.to)
        guard !uniqueID.isEmpty, uniqueID.utf8.allSatisfy({ Self.idCharacters.contains($0) }) else {
            throw MailError.invalidMessage("a message id may hold only letters, digits, dots and dashes")
        }
        let messageID = "<\(uniqueID)@\(from.domain)>"
        var headers = [
            "Date: \(Self.rfc5322Date(date))",
            "From: \(Self.formatted(from))",
            "To: \(recipient.address)",
            HeaderText.unstructured(name: "Subject", value: message.subject),
            "Message-ID: \(messageID)",
            "MIME-Version: 1.0",
        ]
        for header in message.headers {
            guard HeaderText.isValidName(header.name) else {
                throw MailError.invalidMessage("an extra header has an invalid name")
            }
            guard !Self.reservedHeaders.contains(header.name.lowercased()) else {
                throw MailError.invalidMessage("the header \(header.name) is set by the mailer")
            }
            headers.append(try HeaderText.structured(name: header.name, value: header.value))
        }

        var body: [String]
        if let html = message.html {
            // "=_" can never occur in quoted-printable output, so the boundary cannot clash with a part.
            let boundary = "=_recordsw_\(uniqueID)"
            headers.append("Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"")
            body = [
                "This is a multi-part message in MIME format.",
                "",
                "--\(boundary)",
                "Content-Type: text/plain; charset=utf-8",
                "Content-Transfer-Encoding: quoted-printable",
                "",
                QuotedPrintable.encode(message.text),
                "--\(boundary)",
                "Content-Type: text/html; charset=utf-8",
                "Content-Transfer-Encoding: quoted-printable",
                "",
                QuotedPrintable.encode(html),
                "--\(boundary)--",
            ]
        } else {
            headers.append("Content-Type: text/plain; charset=utf-8")
            headers.append("Content-Transfer-Encoding: quoted-printable")
            body = [QuotedPrintable.encode(message.text)]
        }
        let text = (headers + [""] + body).joined(separator: "\r\n") + "\r\n"
        return ComposedMail(
            sender: from.address, recipient: recipient.address, messageID: messageID, data: Array(text.utf8))
    }

    /// A random identifier: 32 hexadecimal digits.
    public static func randomID() -> String {
        UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }

    static func formatted(_ address: MailAddress) -> String {
        guard let name = address.displayName else { return address.address }
        return "\(HeaderText.displayName(name)) <\(address.address)>"
    }

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Sun, 29 Nov 2026 19:04:47 +0000` (RFC 5322 §3.3, always UTC).
    static func rfc5322Date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.weekday, .day, .month, .year, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String {
            let number = value ?? 0
            return number < 10 ? "0\(number)" : "\(number)"
        }
        return "\(weekdays[(parts.weekday ?? 1) - 1]), \(parts.day ?? 1) \(months[(parts.month ?? 1) - 1]) "
            + "\(parts.year ?? 1970) \(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) +0000"
    }
}
