import Foundation
import RecordsCore

/// Partial JSON matching for fixture expectations.
///
/// Objects match when every expected key matches (extra actual keys are fine); arrays must have
/// the same length and match element by element; scalars must be equal. Expected strings that
/// start with `$` are matchers: `$any`, `$absent`, `$null`, `$string`, `$nonEmptyString`,
/// `$number`, `$integer`, `$boolean`, `$array`, `$object`, `$uuid`, `$iso8601`, `$jwt`,
/// `$regex:<pattern>`. A literal leading `$` is written `$$`.
public enum Matcher {
    /// Compares and returns human-readable mismatches (empty when it matches).
    /// - Parameters:
    ///   - expected: The expectation.
    ///   - actual: The value found, or `nil` when absent.
    ///   - path: Where in the document this is, for messages.
    public static func mismatches(expected: JSONValue, actual: JSONValue?, path: String = "body") -> [String] {
        if case .string(let text) = expected, text.hasPrefix("$"), !text.hasPrefix("$$") {
            return matcher(text, actual: actual, path: path)
        }
        guard let actual else { return ["\(path): missing, expected \(expected.jsonText())"] }
        switch (expected, actual) {
        case (.object(let want), .object(let have)):
            return want.members.flatMap { member in
                mismatches(expected: member.value, actual: have[member.key], path: "\(path).\(member.key)")
            }
        case (.array(let want), .array(let have)):
            guard want.count == have.count else {
                return ["\(path): expected \(want.count) elements, found \(have.count)"]
            }
            return zip(want, have).enumerated().flatMap { index, pair in
                mismatches(expected: pair.0, actual: pair.1, path: "\(path).\(index)")
            }
        case (.string(let text), _) where text.hasPrefix("$$"):
            return actual == .string(String(text.dropFirst()))
                ? [] : ["\(path): expected \(text.dropFirst()), found \(actual.jsonText())"]
        default:
            return expected == actual ? [] : ["\(path): expected \(expected.jsonText()), found \(actual.jsonText())"]
        }
    }

    private static func matcher(_ name: String, actual: JSONValue?, path: String) -> [String] {
        if name == "$absent" {
            return actual == nil ? [] : ["\(path): expected absent, found \(actual!.jsonText())"]
        }
        guard let actual else { return ["\(path): missing, expected \(name)"] }
        let ok: Bool
        switch name {
        case "$any": ok = true
        case "$null": ok = actual == .null
        case "$string": ok = actual.stringValue != nil
        case "$nonEmptyString": ok = !(actual.stringValue ?? "").isEmpty
        case "$number": ok = actual.numberValue != nil
        case "$integer": ok = actual.numberValue.map { $0.rounded() == $0 } ?? false
        case "$boolean": if case .bool = actual { ok = true } else { ok = false }
        case "$array": ok = actual.arrayValue != nil
        case "$object": ok = actual.objectValue != nil
        case "$uuid": ok = actual.stringValue.flatMap(UUID.init(uuidString:)) != nil
        case "$iso8601": ok = actual.stringValue.map(isISO8601) ?? false
        case "$jwt": ok = actual.stringValue.map { $0.split(separator: ".").count == 3 } ?? false
        case let pattern where pattern.hasPrefix("$regex:"):
            let regex = String(pattern.dropFirst("$regex:".count))
            ok = actual.stringValue.map { $0.range(of: regex, options: .regularExpression) != nil } ?? false
        default:
            return ["\(path): unknown matcher \(name)"]
        }
        return ok ? [] : ["\(path): expected \(name), found \(actual.jsonText())"]
    }

    private static func isISO8601(_ text: String) -> Bool {
        text.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$"#, options: .regularExpression) != nil
    }
}
