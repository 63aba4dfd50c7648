import Foundation

extension JSONValue {
    /// Parses trusted or already size-bounded UTF-8 JSON text (``JSONLimits/lenient``); object keys
    /// come out sorted, a repeated key keeps its last value.
    /// - Parameter data: The bytes to parse.
    /// - Returns: The parsed value (any top-level kind).
    /// - Throws: ``JSONReadError`` when the text is not JSON.
    public static func parse(_ data: Data) throws -> JSONValue {
        try JSONReader.parse(data, limits: .lenient)
    }

    /// Parses JSON text given as a string.
    public static func parse(_ text: String) throws -> JSONValue {
        try parse(Data(text.utf8))
    }

    /// Compact JSON text of this value, slashes unescaped, members in insertion order; `null` when
    /// a number is not finite.
    public func jsonText() -> String {
        jsonText(sortedKeys: false) ?? "null"
    }

    /// Follows a dotted path (`user.id`, `alerts.0.id`) into objects and arrays.
    /// - Parameter path: Keys separated by dots; numeric components index arrays.
    /// - Returns: The value found, or `nil` when any step is missing.
    public func value(at path: String) -> JSONValue? {
        var current: JSONValue = self
        for component in path.split(separator: ".", omittingEmptySubsequences: true) {
            switch current {
            case .object(let object):
                guard let next = object[String(component)] else { return nil }
                current = next
            case .array(let array):
                guard let index = Int(component), array.indices.contains(index) else { return nil }
                current = array[index]
            default:
                return nil
            }
        }
        return current
    }
}
