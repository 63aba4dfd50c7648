import Foundation
import RecordsCore

/// Turns an event's body into a ``RequestBody``, refusing what a handler could not use.
///
/// JSON (or no content type) and form-encoded bodies are accepted, as the original's body parsers
/// did; a malformed or non-object body is a 400 instead of the original's 500.
///
/// Parsing runs before authentication on public routes, so it is linear in the body's size and
/// stops at the first bound a body passes: no route reads more than a dozen fields or one list of
/// a few hundred strings, and a body beyond that is refused before the rest of it is read.
enum BodyParser {
    /// The largest body accepted, as the original's `express.json({ limit: '1mb' })`.
    static let maximumBytes = 1_048_576
    /// Bounds on the parsed body (docs/security.md): members of one object (or fields of a form),
    /// values in the whole body, nesting, and no repeated names.
    static let limits = JSONLimits(
        maximumDepth: 8, maximumMembers: 64, maximumValues: 1_024, rejectsDuplicateNames: true)

    static func parse(_ event: Event) throws -> RequestBody {
        guard let raw = event.body else { return RequestBody() }
        guard let data = event.bodyData else { throw HandlerError.badRequest("Request body is not valid base64") }
        guard data.count <= maximumBytes else { throw HandlerError(413, "Request body too large (limit 1 MB)") }
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return RequestBody() }

        let method = event.httpMethod.uppercased()
        let mediaType = MediaType(event.header("Content-Type"))
        if let charset = mediaType.charset, !["utf-8", "utf8", "us-ascii"].contains(charset) {
            throw HandlerError(415, "Unsupported charset \(charset); send UTF-8")
        }
        let object: JSONObject
        switch mediaType.essence {
        case "", "application/json", "text/json":
            object = try parseJSON(data)
        case let type where type.hasSuffix("+json"):
            object = try parseJSON(data)
        case "application/x-www-form-urlencoded":
            object = try parseForm(data)
        default:
            throw HandlerError(415, "Unsupported content type \(mediaType.essence); send application/json")
        }
        if Self.holdsNUL(object) {
            throw HandlerError.badRequest("Request body must not contain NUL characters")
        }
        // Captured Lambda events carry "{}" on GET; anything more on a GET is a client mistake.
        if (method == "GET" || method == "HEAD"), !object.members.isEmpty, raw != "{}" {
            throw HandlerError.badRequest("A \(method) request must not have a body")
        }
        return RequestBody(object)
    }

    /// Whether a field a handler can read holds U+0000 (JSON's `\u0000`, a form's `%00`): a top-level
    /// name, a string value, or a string in a top-level array. PostgreSQL text cannot store one and no
    /// field has a use for it, so every route refuses it here, on both stores alike, instead of a write
    /// failing later. Deeper values are never read (so never stored) and stay as sent.
    static func holdsNUL(_ object: JSONObject) -> Bool {
        func nul(_ text: String) -> Bool { text.utf8.contains(0) }
        return object.members.contains { member in
            switch member.value {
            case .string(let text): nul(member.key) || nul(text)
            case .array(let values):
                nul(member.key)
                    || values.contains { value in
                        if case .string(let text) = value { nul(text) } else { false }
                    }
            default: nul(member.key)
            }
        }
    }

    private static func parseJSON(_ data: Data) throws -> JSONObject {
        let value: JSONValue
        do {
            value = try JSONReader.parse(data, limits: limits)
        } catch {
            throw HandlerError.badRequest(message(for: error))
        }
        guard case .object(let object) = value else {
            throw HandlerError.badRequest("Request body must be a JSON object, not \(value.kindName)")
        }
        return object
    }

    static func message(for error: JSONReadError) -> String {
        switch error {
        case .syntax: "Invalid JSON in request body"
        case .tooDeep(let limit): "Request body nests too deeply (at most \(limit) levels)"
        case .tooManyMembers(let limit): "Request body has too many fields (at most \(limit) in one object)"
        case .tooManyValues(let limit): "Request body has too many values (at most \(limit))"
        case .duplicateName(let name): "Repeated field in request body: \(shown(name))"
        }
    }

    /// `name=value&…` over the body's bytes: `+` is a space, `%XX` a byte, each field valid UTF-8
    /// once decoded; stops at the first field past the member bound.
    private static func parseForm(_ data: Data) throws -> JSONObject {
        var object = JSONObject()
        let bytes = [UInt8](data)
        var start = 0
        while start <= bytes.count {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "&")) ?? bytes.count
            defer { start = end + 1 }
            guard end > start else { continue }
            guard object.members.count < limits.maximumMembers else {
                throw HandlerError.badRequest(message(for: .tooManyMembers(limit: limits.maximumMembers)))
            }
            let pair = bytes[start..<end]
            let equals = pair.firstIndex(of: UInt8(ascii: "=")) ?? end
            guard let name = formDecode(pair[..<equals]),
                let value = formDecode(equals < end ? pair[(equals + 1)...] : [])
            else {
                throw HandlerError.badRequest("Invalid percent-encoding in form body")
            }
            guard object[name] == nil else { throw HandlerError.badRequest("Repeated form field: \(shown(name))") }
            object[name] = .string(value)
        }
        return object
    }

    /// A field name as echoed in an error: the client's own text, cut to a readable length.
    private static func shown(_ name: String) -> String {
        name.unicodeScalars.count <= 64 ? name : String(String.UnicodeScalarView(name.unicodeScalars.prefix(64))) + "…"
    }

    /// One form-encoded name or value, or `nil` for a bad `%` escape or bytes that are not UTF-8.
    private static func formDecode(_ encoded: ArraySlice<UInt8>) -> String? {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(encoded.count)
        var index = encoded.startIndex
        while index < encoded.endIndex {
            switch encoded[index] {
            case UInt8(ascii: "+"):
                decoded.append(UInt8(ascii: " "))
                index += 1
            case UInt8(ascii: "%"):
                guard encoded.endIndex - index >= 3, let high = hexValue(encoded[index + 1]),
                    let low = hexValue(encoded[index + 2])
                else { return nil }
                decoded.append(high << 4 | low)
                index += 3
            case let byte:
                decoded.append(byte)
                index += 1
            }
        }
        return String(validating: decoded, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

/// The parts of a `Content-Type` header the parser needs.
struct MediaType {
    /// `type/subtype`, lower-cased; empty when the header is absent.
    var essence: String
    /// The `charset` parameter, lower-cased, when present.
    var charset: String?

    init(_ header: String?) {
        let parts = (header ?? "").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        essence = parts.first?.lowercased() ?? ""
        charset =
            parts.dropFirst().compactMap { parameter -> String? in
                let pair = parameter.split(separator: "=", maxSplits: 1)
                guard pair.count == 2, pair[0].lowercased() == "charset" else { return nil }
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\" ")).lowercased()
            }.first
    }
}
