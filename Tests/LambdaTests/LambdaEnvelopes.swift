import Foundation
import HandlerKit
import RecordsLambda

/// Wraps a fixture's event the way API Gateway would deliver it, and reads back what the function
/// answered as the service would send it to the client.
enum LambdaEnvelopes {
    /// The query string of `event` (every value of every key, RFC 3986-encoded).
    static func rawQuery(_ event: Event) -> String {
        var pairs: [(String, String)] = []
        let names = Set(event.multiValueQueryStringParameters.keys).union(event.queryStringParameters.keys).sorted()
        for name in names {
            for value in event.queryValues(name) { pairs.append((name, value)) }
        }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_.~"))
        return pairs.map {
            "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.0)="
                + "\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? $0.1)"
        }.joined(separator: "&")
    }

    /// A REST API (payload 1.0) proxy event.
    static func v1(_ event: Event) -> Data {
        var event = event
        event.requestContext.requestId = event.requestContext.requestId ?? UUID().uuidString.lowercased()
        // API Gateway fills both query maps; a fixture may give either.
        for name in Set(event.multiValueQueryStringParameters.keys).union(event.queryStringParameters.keys) {
            let values = event.queryValues(name)
            event.multiValueQueryStringParameters[name] = values
            event.queryStringParameters[name] = values.last
        }
        return (try? JSONEncoder().encode(event)) ?? Data()
    }

    /// An HTTP API (payload 2.0) event: lower-case headers, repeats joined with commas, cookies split out.
    static func v2(_ event: Event) -> Data {
        var headers: [String: String] = [:]
        var cookies: [String] = []
        func add(_ name: String, _ value: String) {
            let lowered = name.lowercased()
            if lowered == "cookie" {
                cookies += value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                return
            }
            headers[lowered] = headers[lowered].map { "\($0),\(value)" } ?? value
        }
        for (name, value) in event.headers where event.multiValueHeaders[name] == nil { add(name, value) }
        for (name, values) in event.multiValueHeaders { for value in values { add(name, value) } }
        var http: [String: Any] = ["method": event.httpMethod, "path": event.path, "protocol": "HTTP/1.1"]
        http["sourceIp"] = event.requestContext.identity.sourceIp ?? "198.51.100.7"
        http["userAgent"] = headers["user-agent"] ?? ""
        var document: [String: Any] = [
            "version": "2.0", "routeKey": "$default", "rawPath": event.path, "rawQueryString": rawQuery(event),
            "headers": headers, "isBase64Encoded": event.isBase64Encoded,
            "requestContext": [
                "http": http, "requestId": UUID().uuidString.lowercased(), "stage": "$default",
                "domainName": "abc123.execute-api.eu-west-1.amazonaws.com",
            ] as [String: Any],
        ]
        if !cookies.isEmpty { document["cookies"] = cookies }
        if let body = event.body { document["body"] = body }
        return (try? JSONSerialization.data(withJSONObject: document)) ?? Data()
    }

    static func decodeV1(_ text: String) throws -> Response {
        var response = try JSONDecoder().decode(Response.self, from: Data(text.utf8))
        if response.body == "" { response.body = nil }
        return response
    }

    static func decodeV2(_ text: String) throws -> Response {
        struct V2: Decodable {
            var statusCode: Int
            var headers: [String: String]?
            var cookies: [String]?
            var body: String?
            var isBase64Encoded: Bool?
        }
        let answer = try JSONDecoder().decode(V2.self, from: Data(text.utf8))
        return Response(
            statusCode: answer.statusCode, headers: answer.headers ?? [:],
            multiValueHeaders: answer.cookies.map { ["Set-Cookie": $0] },
            body: answer.body.flatMap { $0.isEmpty ? nil : $0 }, isBase64Encoded: answer.isBase64Encoded)
    }
}
