import Foundation
import RecordsCore

/// Validation of account fields. No HTML escaping and no SQL-word blacklist (every query is
/// parameterised): a password or name containing `;`, `<` or `drop` is accepted as typed.
/// Messages are the original's where it had one; each throws a 400 ``HandlerError``.
public enum AccountRules {
    static let emailPattern = #"^[^\s@]+@[^\s@]+\.[^\s@]+$"#

    /// A trimmed, lower-cased email address: one plain address the mailer can send to
    /// (``EmailSyntax/isPlainAddress(_:)``), so an account never holds an address its digest cannot
    /// go to, nor one that would carry a second recipient or a line break into a header.
    public static func email(_ raw: String?) throws -> String {
        let value = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else { throw HandlerError.badRequest("Required field missing") }
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw HandlerError.badRequest("Invalid email format: control characters are not allowed")
        }
        guard value.utf8.count <= 254, value.range(of: emailPattern, options: .regularExpression) != nil else {
            throw HandlerError.badRequest("Invalid email format")
        }
        guard !value.contains(where: { ",;<>\"()[]:".contains($0) }) else {
            throw HandlerError.badRequest("Invalid email format: give exactly one address")
        }
        guard EmailSyntax.isPlainAddress(value) else {
            throw HandlerError.badRequest(
                "Invalid email format: use letters, digits and !#$%&'*+-/=?^_`{|}~ with single dots before the @, "
                    + "and letters, digits, hyphens and dots after it")
        }
        return value.lowercased()
    }

    /// A password as typed: 8 characters or more, not only spaces, at most 72 bytes (bcrypt ignores
    /// the rest, so a longer one would silently not count), no NUL.
    public static func password(_ raw: String?) throws -> String {
        guard let value = raw, !value.isEmpty else { throw HandlerError.badRequest("Required field missing") }
        guard value.count >= 8, !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
            !value.contains("\0")
        else {
            throw HandlerError.badRequest("Invalid password format")
        }
        guard value.utf8.count <= 72 else {
            throw HandlerError.badRequest("Invalid password format: at most 72 bytes")
        }
        return value
    }

    /// A site username as typed (trimmed): 3 to 50 characters, no control characters. It is the
    /// Trackmania Exchange name the mapper alerts search by, so it is stored unaltered.
    public static func username(_ raw: String?) throws -> String {
        let value = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else { throw HandlerError.badRequest("Required field missing") }
        guard (3...50).contains(value.count),
            !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw HandlerError.badRequest("Invalid username format")
        }
        return value
    }
}
