/// A small reader of the Prometheus text format, strict enough to catch malformed output.
struct PrometheusText {
    struct Sample: Equatable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    var samples: [Sample] = []

    /// Parses every line: `# HELP`/`# TYPE` comments, blank lines, or `name{labels} value`.
    init(_ text: String) throws {
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("#") {
                let parts = line.split(separator: " ")
                guard parts.count >= 3, parts[1] == "TYPE" || parts[1] == "HELP" else {
                    throw Malformed(description: "bad comment: \(line)")
                }
                continue
            }
            samples.append(try Self.sample(String(line)))
        }
    }

    static func sample(_ line: String) throws -> Sample {
        var characters = Substring(line)
        let name = characters.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" }
        guard let first = name.first, !first.isNumber else { throw Malformed(description: "bad name: \(line)") }
        characters = characters.dropFirst(name.count)
        var labels: [String: String] = [:]
        if characters.first == "{" {
            characters = characters.dropFirst()
            while characters.first != "}" {
                let label = characters.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
                characters = characters.dropFirst(label.count)
                guard !label.isEmpty, characters.hasPrefix("=\"") else {
                    throw Malformed(description: "bad label: \(line)")
                }
                characters = characters.dropFirst(2)
                var value = ""
                while let character = characters.first, character != "\"" {
                    characters = characters.dropFirst()
                    if character == "\\", let escaped = characters.first {
                        characters = characters.dropFirst()
                        value.append(escaped == "n" ? "\n" : escaped)
                    } else {
                        value.append(character)
                    }
                }
                guard characters.first == "\"" else { throw Malformed(description: "unterminated label: \(line)") }
                characters = characters.dropFirst()
                labels[String(label)] = value
                if characters.first == "," { characters = characters.dropFirst() }
                guard !characters.isEmpty else { throw Malformed(description: "unterminated labels: \(line)") }
            }
            characters = characters.dropFirst()
        }
        guard characters.first == " ", let value = Double(characters.dropFirst().split(separator: " ")[0]) else {
            throw Malformed(description: "bad value: \(line)")
        }
        return Sample(name: String(name), labels: labels, value: value)
    }

    /// The value of the sample named `name` with exactly `labels`, if present.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }
}
