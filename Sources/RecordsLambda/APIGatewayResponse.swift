import Foundation
import HandlerKit

/// Responses in the shapes API Gateway and function URLs take back.
public enum APIGatewayResponse {
    /// Payload format 1.0: `headers` and `multiValueHeaders` (the service merges them).
    public static func v1(_ response: Response) -> Data {
        var document: [String: Any] = ["statusCode": response.statusCode]
        document["headers"] = response.headers.filter { !isLength($0.key) }
        if let multi = response.multiValueHeaders?.filter({ !isLength($0.key) }), !multi.isEmpty {
            document["multiValueHeaders"] = multi
        }
        document["body"] = response.body ?? ""
        document["isBase64Encoded"] = response.isBase64Encoded ?? false
        return encode(document)
    }

    /// Payload format 2.0: single-valued `headers` (repeats joined with commas) and `Set-Cookie`
    /// values in `cookies`, which the service sends as separate header lines.
    public static func v2(_ response: Response) -> Data {
        var headers: [String: String] = [:]
        var cookies: [String] = []
        func add(_ name: String, _ value: String) {
            if isLength(name) { return }
            if name.lowercased() == "set-cookie" {
                cookies.append(value)
            } else if let existing = headers[name] {
                headers[name] = "\(existing), \(value)"
            } else {
                headers[name] = value
            }
        }
        for (name, value) in response.headers.sorted(by: { $0.key < $1.key }) { add(name, value) }
        for (name, values) in (response.multiValueHeaders ?? [:]).sorted(by: { $0.key < $1.key }) {
            for value in values { add(name, value) }
        }
        var document: [String: Any] = ["statusCode": response.statusCode, "headers": headers]
        if !cookies.isEmpty { document["cookies"] = cookies }
        document["body"] = response.body ?? ""
        document["isBase64Encoded"] = response.isBase64Encoded ?? false
        return encode(document)
    }

    /// The service computes the length itself (as Hummingbird does for `serve`).
    private static func isLength(_ name: String) -> Bool { name.lowercased() == "content-length" }

    private static func encode(_ document: [String: Any]) -> Data {
        // Only strings, numbers, booleans, arrays and maps of them: serialisation cannot fail.
        (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes]))
            ?? Data(#"{"statusCode":500}"#.utf8)
    }
}
