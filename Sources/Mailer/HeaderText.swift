import Foundation
import RecordsCore

/// Header encoding rules (RFC 5322 folding, RFC 2047 encoded-words).
///
/// Whatever a value contains, the output is printable ASCII whose only line breaks are folds
/// (CRLF followed by a space), so no value can end its header and start another.
enum HeaderText {
    /// The longest line we write, well under RFC 5322's hard limit of 998.
    static let preferredLineLength = 78
    static let hardLineLimit = 998

    /// C0 controls, DEL and the Unicode line and paragraph separators.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
            || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    /// Printable ASCII (space through tilde).
    static func isPrintableASCII(_ scalar: Unicode.Scalar) -> Bool {
        (0x20...0x7E).contains(scalar.value)
    }

    /// An unstructured header (such as `Subject`) that may hold any text: printable ASCII is
    /// folded at spaces; anything else (non-ASCII, control characters, an `=?` that a reader could
    /// take for an encoded-word, or a word too long to fold) becomes UTF-8 base64 encoded-words,
    /// so even a CR or LF in the value is carried as data, never as a line break.
    static func unstructured(name: String, value: String) -> String {
        let plain =
            value.unicodeScalars.allSatisfy(isPrintableASCII) && !value.contains("=?")
            && value.first != " " && value.last != " "
        if plain, let folded = fold(name: name, value: value) {
            return folded
        }
        return "\(name): " + encodedWords(value, firstLineUsed: name.utf8.count + 2)
    }

    /// A header whose value must already be printable ASCII (extra headers such as
    /// `List-Unsubscribe`): folded at spaces when long.
    /// - Throws: ``MailError/invalidMessage(_:)`` for control characters, non-ASCII text or a value
    ///   that cannot be folded under 998 characters a line.
    static func structured(name: String, value: String) throws -> String {
        guard value.unicodeScalars.allSatisfy({ isPrintableASCII($0) || $0 == "\t" }) else {
            throw MailError.invalidMessage(
                "the value of header \(name) contains a line break, control or non-ASCII character")
        }
        guard let folded = fold(name: name, value: value) else {
            throw MailError.invalidMessage("the value of header \(name) is too long")
        }
        return folded
    }

    /// Whether `name` is a valid header field name (RFC 5322 `ftext`, 1 to 76 characters).
    static func isValidName(_ name: String) -> Bool {
        (1...76).contains(name.utf8.count)
            && name.utf8.allSatisfy { (33...126).contains($0) && $0 != UInt8(ascii: ":") }
    }

    /// Folds `name: value` at spaces so lines stay near 78 characters; `nil` when a single word
    /// would still exceed the hard limit.
    static func fold(name: String, value: String) -> String? {
        var lines: [String] = []
        var current = "\(name):"
        for word in value.split(separator: " ", omittingEmptySubsequences: false) {
            let piece = " " + word
            if current.utf8.count + piece.utf8.count > preferredLineLength, !word.isEmpty,
                current.utf8.count > name.utf8.count + 1
            {
                lines.append(current)
                current = piece
            } else {
                current += piece
            }
        }
        lines.append(current)
        guard lines.allSatisfy({ $0.utf8.count <= hardLineLimit }) else { return nil }
        return lines.joined(separator: "\r\n")
    }

    /// RFC 2047 `B` encoded-words of at most 75 characters, one per folded line, each holding
    /// whole Unicode scalars.
    static func encodedWords(_ text: String, firstLineUsed: Int) -> String {
        // "=?UTF-8?B?" + "?=" leaves 63 characters of base64 (45 bytes of text) on a continuation
        // line; the first word shares its line with the header name.
        let continuationBytes = 45
        let firstBytes = max(3, min(continuationBytes, (preferredLineLength - firstLineUsed - 12) / 4 * 3))
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            let maxBytes = words.isEmpty ? firstBytes : continuationBytes
            if !chunk.isEmpty, chunk.count + bytes.count > maxBytes {
                words.append(encodedWord(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(encodedWord(chunk)) }
        return words.joined(separator: "\r\n ")
    }

    private static func encodedWord(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?="
    }

    /// A display name as a quoted-string when it is plain ASCII, else as encoded-words.
    static func displayName(_ name: String) -> String {
        if name.unicodeScalars.allSatisfy(isPrintableASCII), !name.contains("=?") {
            let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return "\"\(escaped)\""
        }
        return encodedWords(name, firstLineUsed: 6)
    }
}
