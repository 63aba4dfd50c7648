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

    /// The response as pretty JSON; a JSON body is shown as JSON (not as one escaped string), any
    /// other body (an HTML page, plain text) as its text.
    static func json(_ response: Response) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(response),
            var object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        else { return "{}" }
        if response.isBase64Encoded != true, let body = response.body,
            let parsed = try? JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed])
        {
            object["body"] = parsed
        }
        let options: JSONSerialization.WritingOptions = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? JSONSerialization.data(withJSONObject: object, options: options))
            .map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
