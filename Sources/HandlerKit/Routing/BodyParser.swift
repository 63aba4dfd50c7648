import Foundation
import RecordsCore

/// Turns an event's body into a ``RequestBody``, refusing what a handler could not use.
///
/// JSON (or no content type) and form-encoded bodies are accepted, as the original's body parsers
/// did; a malformed or non-object body is a 400 instead of the original's 500.
enum BodyParser {
    /// The largest body accepted, as the original's `express.json({ limit: '1mb' })`.
    static let maximumBytes = 1_048_576

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
            object = try parseForm(String(decoding: data, as: UTF8.self))
        default:
            throw HandlerError(415, "Unsupported content type \(mediaType.essence); send application/json")
        }
        // Captured Lambda events carry "{}" on GET; anything more on a GET is a client mistake.
        if (method == "GET" || method == "HEAD"), !object.members.isEmpty, raw != "{}" {
            throw HandlerError.badRequest("A \(method) request must not have a body")
        }
        return RequestBody(object)
    }

    private static func parseJSON(_ data: Data) throws -> JSONObject {
        let value: JSONValue
        do {
            value = try JSONValue.parse(data)
        } catch {
            throw HandlerError.badRequest("Invalid JSON in request body")
        }
        guard case .object(let object) = value else {
            throw HandlerError.badRequest("Request body must be a JSON object, not \(value.kindName)")
        }
        return object
    }

    private static func parseForm(_ text: String) throws -> JSONObject {
        var object = JSONObject()
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = formDecode(parts[0]), let value = formDecode(parts.count > 1 ? parts[1] : "") else {
                throw HandlerError.badRequest("Invalid percent-encoding in form body")
            }
            guard object[name] == nil else { throw HandlerError.badRequest("Repeated form field: \(name)") }
            object[name] = .string(value)
        }
        return object
    }

    private static func formDecode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
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
