import Foundation

/// One email to deliver: a multipart message with a plain-text and an HTML part.
///
/// Values are kept as data, never as pre-formatted header text: the mailer encodes every header
/// itself (RFC 2047 for non-ASCII, CR/LF refused), so a player or map name can never inject a header.
public struct MailMessage: Sendable, Equatable {
    /// The recipient's address.
    public var to: String
    /// The subject as the reader sees it (may contain any Unicode text).
    public var subject: String
    /// The plain-text part.
    public var text: String
    /// The HTML part, or `nil` for a text-only message.
    public var html: String?
    /// Extra headers (e.g. `List-Unsubscribe`), in order; names must be plain header tokens.
    public var headers: [(name: String, value: String)]

    /// Creates a message from its parts.
    public init(to: String, subject: String, text: String, html: String?, headers: [(name: String, value: String)] = [])
    {
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.headers = headers
    }

    public static func == (lhs: MailMessage, rhs: MailMessage) -> Bool {
        lhs.to == rhs.to && lhs.subject == rhs.subject && lhs.text == rhs.text && lhs.html == rhs.html
            && lhs.headers.map(\.name) == rhs.headers.map(\.name)
            && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }
}

/// Why a message was not delivered.
public enum MailError: Error, Sendable, Equatable {
    /// The message itself cannot be sent (bad recipient address, a header value with CR/LF):
    /// retrying will not help.
    case invalidMessage(String)
    /// The server refused the recipient or the message permanently (5xx).
    case rejected(String)
    /// The server could not be reached, refused us for now (4xx), or did not answer in time:
    /// the message may be retried later.
    case unavailable(String)
}

/// Delivers email. Implementations: SMTP (through libcurl) and a file outbox for demos.
public protocol MailSender: Sendable {
    /// Sends one message; returns once the server accepted it.
    /// - Throws: ``MailError``.
    func send(_ message: MailMessage) async throws
}

extension MailError: DiagnosticCodeProviding {
    /// The case only: the associated text may quote the SMTP server, which can echo the recipient.
    public var diagnosticCode: String {
        switch self {
        case .invalidMessage: "invalid-message"
        case .rejected: "rejected"
        case .unavailable: "unavailable"
        }
    }
}
