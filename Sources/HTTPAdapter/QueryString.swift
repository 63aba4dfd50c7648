import Foundation

/// Parses a raw query string into API Gateway's two maps.
///
/// Repeated keys keep every value in the multi-value map (handlers that want one value refuse
/// repeats with a 400); `a[b]=1` stays the literal key `a[b]` rather than becoming an object.
public enum QueryString {
    /// The two maps.
    public struct Parsed: Sendable {
        public var single: [String: String] = [:]
        public var multi: [String: [String]] = [:]
    }

    /// - Returns: The maps, or `nil` when a name or value has invalid percent-encoding.
    public static func parse(_ query: String?) -> Parsed? {
        var parsed = Parsed()
        guard let query, !query.isEmpty else { return parsed }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]), let value = decode(parts.count > 1 ? parts[1] : "") else {
                return nil
            }
            parsed.single[name] = value
            parsed.multi[name, default: []].append(value)
        }
        return parsed
    }

    private static func decode(_ text: Substring) -> String? {
        let decoded = text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
        if decoded?.contains("\0") == true { return nil }
        return decoded
    }
}
