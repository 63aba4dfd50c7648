import Foundation
import RecordsCore

/// An HTTP response in the shape of an API Gateway proxy response.
public struct Response: Sendable, Equatable, Codable {
    public var statusCode: Int
    public var headers: [String: String]
    public var multiValueHeaders: [String: [String]]?
    public var body: String?
    public var isBase64Encoded: Bool?

    public init(
        statusCode: Int,
        headers: [String: String] = [:],
        multiValueHeaders: [String: [String]]? = nil,
        body: String? = nil,
        isBase64Encoded: Bool? = nil
    ) {
        self.statusCode = statusCode
        self.headers = headers
        self.multiValueHeaders = multiValueHeaders
        self.body = body
        self.isBase64Encoded = isBase64Encoded
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        statusCode = try container.decodeIfPresent(Int.self, forKey: .statusCode) ?? 200
        headers = try container.decodeIfPresent([String: String].self, forKey: .headers) ?? [:]
        multiValueHeaders = try container.decodeIfPresent([String: [String]].self, forKey: .multiValueHeaders)
        body = try container.decodeIfPresent(String.self, forKey: .body)
        isBase64Encoded = try container.decodeIfPresent(Bool.self, forKey: .isBase64Encoded)
    }

    /// The JSON content type the original sent (Express appends the charset).
    public static let jsonContentType = "application/json; charset=utf-8"

    /// A JSON response from an `Encodable` value.
    /// - Parameters:
    ///   - status: The status code.
    ///   - value: The body, encoded compactly without escaping slashes.
    public static func json(_ status: Int = 200, _ value: some Encodable) -> Response {
        let encoder = JSONEncoder()
        // Sorted keys keep bodies byte-stable across runs (Linux encoders do not keep declaration order).
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        // Encoding our own response structs cannot fail; fall back to an empty object to stay total.
        let body = (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return Response(statusCode: status, headers: jsonHeaders, body: body)
    }

    /// A JSON response from a ``JSONValue``: the same bytes as the `Encodable` form, written
    /// without `JSONEncoder` (most handlers answer this way, so it is the hot path).
    public static func json(_ status: Int = 200, _ value: JSONValue) -> Response {
        Response(statusCode: status, headers: jsonHeaders, body: value.jsonText(sortedKeys: true) ?? "{}")
    }

    /// The content type, with room for the CORS and security headers the dispatcher adds, so the
    /// dictionary is not regrown on every response.
    static var jsonHeaders: [String: String] {
        var headers = [String: String](minimumCapacity: 10)
        headers["Content-Type"] = jsonContentType
        return headers
    }

    /// A JSON response holding one message under `key` (`{"msg":"…"}`, `{"error":"…"}`).
    public static func message(_ status: Int, key: String, _ text: String) -> Response {
        json(status, JSONValue.object(JSONObject([(key, .string(text))])))
    }

    /// The first value of a header, matched case-insensitively.
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first(where: { $0.key.lowercased() == lowered })?.value
    }

    /// Sets a header, replacing any value under a differently-cased name.
    public mutating func setHeader(_ name: String, _ value: String) {
        let lowered = name.lowercased()
        for key in headers.keys where key.lowercased() == lowered { headers[key] = nil }
        headers[name] = value
    }
}
