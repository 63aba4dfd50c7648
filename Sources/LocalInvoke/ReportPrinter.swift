import FixtureKit
import Foundation
import HandlerKit

/// Renders fixture reports: the responses as JSON, and with `--check` the verdicts.
enum ReportPrinter {
    static func render(_ report: FixtureReport, check: Bool) -> String {
        var lines: [String] = []
        if let error = report.error { lines.append("ERROR \(report.name): \(error)") }
        for step in report.steps {
            if check {
                let verdict = step.failures.isEmpty ? "PASS" : "FAIL"
                lines.append("\(verdict) \(report.name) :: \(step.name)")
                lines += step.failures.map { "    \($0)" }
            } else {
                lines.append("# \(report.name) :: \(step.name)")
                if let response = step.response { lines.append(json(response)) }
            }
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ response: Response) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(response)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
