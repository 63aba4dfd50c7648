import Foundation

/// Quoted-printable body encoding (RFC 2045 §6.7) with CRLF line endings.
///
/// Output lines are at most 76 characters; every line break of the input (CRLF, LF or CR)
/// becomes one CRLF; trailing spaces and tabs are encoded so no transport can strip them.
enum QuotedPrintable {
    static let maxLineLength = 76

    static func encode(_ text: String) -> String {
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var output: [String] = []
        for line in normalised.split(separator: "\n", omittingEmptySubsequences: false) {
            output.append(encodeLine(Array(line.utf8)))
        }
        return output.joined(separator: "\r\n")
    }

    private static func encodeLine(_ bytes: [UInt8]) -> String {
        var result = ""
        var lineLength = 0
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            let token: String
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                token = isLast ? hex(byte) : String(UnicodeScalar(byte))
            case 33...126 where byte != UInt8(ascii: "="):
                token = String(UnicodeScalar(byte))
            default:
                token = hex(byte)
            }
            // A soft break ("=") must fit on the line too, unless this is the line's last token.
            let limit = isLast ? maxLineLength : maxLineLength - 1
            if lineLength + token.utf8.count > limit {
                result += "=\r\n"
                lineLength = 0
            }
            result += token
            lineLength += token.utf8.count
        }
        return result
    }

    private static let digits = Array("0123456789ABCDEF")

    private static func hex(_ byte: UInt8) -> String {
        "=" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}
