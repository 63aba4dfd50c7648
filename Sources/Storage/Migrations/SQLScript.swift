import Foundation

/// Splits a schema file into statements: comment lines are dropped and a statement ends with a
/// semicolon at the end of a line (our SQL files keep to that, so no SQL parser is needed).
enum SQLScript {
    /// The statements of `text`, in order, without their trailing semicolons.
    static func statements(_ text: String) -> [String] {
        var statements: [String] = []
        var current: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("--") { continue }
            if trimmed.hasSuffix(";") {
                current.append(line[..<line.lastIndex(of: ";")!])
                statements.append(current.joined(separator: "\n"))
                current = []
            } else {
                current.append(line)
            }
        }
        let rest = current.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        if !rest.isEmpty { statements.append(rest) }
        return statements
    }
}
