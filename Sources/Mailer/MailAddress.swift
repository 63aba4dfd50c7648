import Foundation
import RecordsCore

/// An email address checked to be safe both in the SMTP envelope and in a header.
///
/// Only plain ASCII `local@domain` addresses are accepted (no quoted local parts, no comments,
/// no internationalised addresses): everything a digest recipient or a configured sender needs,
/// and nothing that could carry a line break, an angle bracket or a second address.
public struct MailAddress: Sendable, Equatable, CustomStringConvertible {
    /// The `local@domain` part used in `MAIL FROM`, `RCPT TO` and headers.
    public let address: String
    /// A display name for the `From` header (any Unicode text without control characters).
    public let displayName: String?

    /// Checks `address` and `displayName`.
    /// - Throws: ``MailError/invalidMessage(_:)`` saying what is wrong (never echoing the value).
    public init(address: String, displayName: String? = nil) throws {
        guard Self.isValidAddress(address) else {
            throw MailError.invalidMessage("not a valid email address")
        }
        if let displayName {
            guard !displayName.unicodeScalars.contains(where: HeaderText.isControl) else {
                throw MailError.invalidMessage("a display name contains a control character")
            }
            // Keeps the From line (a quoted name is not folded) far below the 998-character limit.
            guard displayName.utf8.count <= 200 else {
                throw MailError.invalidMessage("a display name is longer than 200 bytes")
            }
        }
        self.address = address
        let trimmed = displayName?.trimmingCharacters(in: .whitespaces)
        self.displayName = (trimmed?.isEmpty ?? true) ? nil : trimmed
    }

    /// Parses `user@example.com` or `Display Name <user@example.com>` (the form of `EMAIL_FROM`).
    /// - Throws: ``MailError/invalidMessage(_:)``.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            let inner = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            var name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
                name = String(name.dropFirst().dropLast())
            }
            try self.init(address: inner, displayName: name.isEmpty ? nil : name)
        } else {
            try self.init(address: trimmed)
        }
    }

    /// The domain part, used for `Message-ID`s.
    public var domain: String {
        String(address[address.index(after: address.lastIndex(of: "@")!)...])
    }

    public var description: String { address }

    static func isValidAddress(_ address: String) -> Bool {
        EmailSyntax.isPlainAddress(address)
    }
}
