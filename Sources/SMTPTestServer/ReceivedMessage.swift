import Foundation

/// A message the test server accepted, with readers for what tests check.
public struct ReceivedMessage: Sendable, Equatable {
    /// The `MAIL FROM` address.
    public let mailFrom: String
    /// The `RCPT TO` addresses.
    public let recipients: [String]
    /// The message as received, dot-stuffing undone, with CRLF line endings.
    public let raw: String
    /// The user of a successful AUTH, if any.
    public let authenticatedUser: String?
    /// `PLAIN` or `LOGIN`, when the client authenticated.
    public let authMechanism: String?
    /// Whether the message travelled over TLS (STARTTLS or implicit).
    public let overTLS: Bool

    /// A message as received; `raw` alone also lets tests read composed or outbox messages.
    public init(
        mailFrom: String = "", recipients: [String] = [], raw: String, authenticatedUser: String? = nil,
        authMechanism: String? = nil, overTLS: Bool = false
    ) {
        self.mailFrom = mailFrom
        self.recipients = recipients
        self.raw = raw
        self.authenticatedUser = authenticatedUser
        self.authMechanism = authMechanism
        self.overTLS = overTLS
    }

    /// The header section's fields, unfolded, in order.
    public var headers: [(name: String, value: String)] {
        Self.parseHeaders(Self.split(raw).head)
    }

    /// The first header named `name` (case-insensitive), unfolded.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// The subject with RFC 2047 encoded-words decoded.
    public var subject: String? {
        header("Subject").map(Self.decodeEncodedWords)
    }

    /// The physical lines of the raw message (without CRLF).
    public var lines: [String] {
        raw.components(separatedBy: "\r\n").dropLast().map { String($0) }
    }

    /// The decoded body of the first part whose type is `mediaType` (`text/plain`, `text/html`),
    /// looking inside `multipart/*` bodies.
    public func body(_ mediaType: String) -> String? {
        Self.findPart(mediaType, in: raw)
    }

    // MARK: - Parsing

    static func split(_ entity: String) -> (head: String, body: String) {
        if let range = entity.range(of: "\r\n\r\n") {
            return (String(entity[..<range.lowerBound]), String(entity[range.upperBound...]))
        }
        return (entity, "")
    }

    static func parseHeaders(_ head: String) -> [(name: String, value: String)] {
        var result: [(name: String, value: String)] = []
        for line in head.components(separatedBy: "\r\n") where !line.isEmpty {
            if line.first == " " || line.first == "\t", !result.isEmpty {
                result[result.count - 1].value += line  // unfold: drop the CRLF, keep the space
            } else if let colon = line.firstIndex(of: ":") {
                let name = String(line[..<colon])
                let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
                result.append((name, String(value)))
            }
        }
        return result
    }

    static func findPart(_ mediaType: String, in entity: String) -> String? {
        let (head, body) = split(entity)
        let headers = parseHeaders(head)
        func value(_ name: String) -> String? {
            headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
        }
        let contentType = value("Content-Type") ?? "text/plain"
        let type = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if type?.hasPrefix("multipart/") == true, let boundary = parameter("boundary", of: contentType) {
            for part in body.components(separatedBy: "--\(boundary)").dropFirst() {
                if part.hasPrefix("--") { break }
                // The CRLFs around a boundary belong to the boundary, not to the part.
                if let found = findPart(mediaType, in: trimmingOneLineBreak(part, leading: true)) { return found }
            }
            return nil
        }
        guard type == mediaType.lowercased() else { return nil }
        let content = trimmingOneLineBreak(body, leading: false)
        switch value("Content-Transfer-Encoding")?.lowercased() {
        case "quoted-printable": return decodeQuotedPrintable(content)
        case "base64":
            return Data(base64Encoded: content.replacingOccurrences(of: "\r\n", with: "")).flatMap {
                String(data: $0, encoding: .utf8)
            }
        default: return content
        }
    }

    /// Drops one CRLF at the end (and at the start when `leading`), counting in Unicode scalars:
    /// Swift treats CRLF as one `Character`.
    static func trimmingOneLineBreak(_ text: String, leading: Bool) -> String {
        var scalars = Substring(text).unicodeScalars
        if leading, scalars.starts(with: ["\r", "\n"]) { scalars = scalars.dropFirst(2) }
        if scalars.reversed().starts(with: ["\n", "\r"]) { scalars = scalars.dropLast(2) }
        return String(scalars)
    }

    static func parameter(_ name: String, of header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == name else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            }
            return value
        }
        return nil
    }

    /// Decodes quoted-printable text (soft breaks removed, CRLF kept as line breaks).
    public static func decodeQuotedPrintable(_ text: String) -> String {
        var bytes: [UInt8] = []
        let input = Array(text.utf8)
        var index = 0
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "=") {
                if index + 2 < input.count, input[index + 1] == 13, input[index + 2] == 10 {
                    index += 3
                    continue
                }
                if index + 2 < input.count,
                    let value = UInt8(String(decoding: input[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
                {
                    bytes.append(value)
                    index += 3
                    continue
                }
            }
            bytes.append(byte)
            index += 1
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Decodes RFC 2047 `B` and `Q` encoded-words; whitespace between adjacent words is dropped.
    public static func decodeEncodedWords(_ value: String) -> String {
        var output = ""
        var rest = Substring(value)
        var previousWasWord = false
        while let start = rest.range(of: "=?") {
            let between = rest[..<start.lowerBound]
            guard let (decoded, end) = decodeWord(rest[start.lowerBound...]) else {
                output += rest[..<start.upperBound]
                rest = rest[start.upperBound...]
                previousWasWord = false
                continue
            }
            if !(previousWasWord && between.allSatisfy({ $0 == " " || $0 == "\t" })) { output += between }
            output += decoded
            rest = rest[end...]
            previousWasWord = true
        }
        return output + rest
    }

    private static func decodeWord(_ text: Substring) -> (String, Substring.Index)? {
        let parts = text.dropFirst(2).split(separator: "?", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, parts[3].hasPrefix("=") else { return nil }
        let encoded = String(parts[2])
        let end = text.index(parts[3].startIndex, offsetBy: 1)
        switch parts[1].uppercased() {
        case "B":
            guard let data = Data(base64Encoded: encoded) else { return nil }
            return (String(decoding: data, as: UTF8.self), end)
        case "Q":
            return (decodeQuotedPrintable(encoded.replacingOccurrences(of: "_", with: " ")), end)
        default:
            return nil
        }
    }
}

extension ReceivedMessage {
    public static func == (lhs: ReceivedMessage, rhs: ReceivedMessage) -> Bool {
        lhs.mailFrom == rhs.mailFrom && lhs.recipients == rhs.recipients && lhs.raw == rhs.raw
            && lhs.authenticatedUser == rhs.authenticatedUser && lhs.overTLS == rhs.overTLS
    }
}
