import Foundation
import HandlerKit
import RecordsCore

/// The outcome of one step.
public struct StepReport: Sendable {
    public var name: String
    /// The request as dispatched (variables substituted), `nil` when it could not be built.
    public var event: Event? = nil
    public var response: Response?
    /// Empty when the step passed.
    public var failures: [String]
}

/// The outcome of one fixture file.
public struct FixtureReport: Sendable {
    public var name: String
    public var steps: [StepReport]
    /// Set when the fixture could not run at all (bad file, host failed to start).
    public var error: String?

    /// Whether every step passed.
    public var passed: Bool { error == nil && steps.allSatisfy { $0.failures.isEmpty } }
}

/// Replays fixtures: substitutes captured variables, dispatches each step on a fresh host,
/// compares with the expectation and captures values for later steps.
public struct FixtureRunner: Sendable {
    private let makeHost: FixtureHostFactory

    /// - Parameter makeHost: Creates a fresh host (new empty store) for each fixture file.
    public init(makeHost: @escaping FixtureHostFactory) {
        self.makeHost = makeHost
    }

    /// Runs every step of `fixture` in order on one fresh host; stops at the first failing step
    /// because later steps depend on its captures.
    public func run(_ fixture: Fixture) async -> FixtureReport {
        var report = FixtureReport(name: fixture.name, steps: [], error: nil)
        let host: any FixtureHost
        do {
            host = try await makeHost(fixture.setup)
        } catch {
            report.error = "could not start: \(error)"
            return report
        }
        var variables = host.variables
        for step in fixture.steps {
            let outcome = await run(step, host: host, variables: &variables)
            report.steps.append(outcome)
            if !outcome.failures.isEmpty { break }
        }
        do { try await host.shutdown() } catch { report.error = "shutdown failed: \(error)" }
        return report
    }

    private func run(_ step: Fixture.Step, host: any FixtureHost, variables: inout [String: String]) async
        -> StepReport
    {
        let event: Event
        do {
            event = try Self.makeEvent(step.event, variables: variables)
        } catch {
            return StepReport(name: step.name, response: nil, failures: ["event: \(error)"])
        }
        if step.settle { await host.settle() }
        if let change = step.world {
            do {
                try await host.changeWorld(change)
            } catch {
                return StepReport(name: step.name, event: event, response: nil, failures: ["world: \(error)"])
            }
        }
        var mailBefore = 0
        if step.expect.mail != nil { mailBefore = await host.mail().count }
        let response = await host.dispatch(event)
        // Expected headers and body text may name captured variables too (a Location that holds a token).
        var expect = step.expect
        expect.headers = expect.headers.mapValues { Self.substitute($0, variables: variables) }
        expect.bodyText = expect.bodyText.map { Self.substitute(.string($0), variables: variables).stringValue ?? $0 }
        var failures = ExpectationCheck.failures(of: response, against: expect)
        if let expected = expect.mail {
            failures += MailCheck.failures(sent: Array(await host.mail().dropFirst(mailBefore)), expected: expected)
        }
        let document = ExpectationCheck.document(of: response)
        for (name, path) in step.capture.sorted(by: { $0.key < $1.key }) {
            if path.hasPrefix("$regex:") {
                // A capture from the raw body text (an HTML page): the pattern's first group.
                guard let value = Self.firstGroup(String(path.dropFirst("$regex:".count)), in: response.body ?? "")
                else {
                    failures.append("capture \(name): \(path) does not match the body")
                    continue
                }
                variables[name] = value
                continue
            }
            guard let value = document.value(at: path) else {
                failures.append("capture \(name): nothing at \(path)")
                continue
            }
            variables[name] = value.stringValue ?? value.jsonText()
        }
        return StepReport(name: step.name, event: event, response: response, failures: failures)
    }

    /// The first capture group of `pattern` in `text` (the whole match when the pattern has none).
    static func firstGroup(_ pattern: String, in text: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
            let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
        else { return nil }
        let range = match.numberOfRanges > 1 ? match.range(at: 1) : match.range
        return Range(range, in: text).map { String(text[$0]) }
    }

    /// Substitutes `{{name}}` and decodes the event; a JSON `body` is serialised to text.
    static func makeEvent(_ value: JSONValue, variables: [String: String]) throws -> Event {
        guard var object = substitute(value, variables: variables).objectValue else {
            throw Fixture.FormatError(description: "event must be an object")
        }
        if let body = object["body"], body.stringValue == nil, body != .null {
            object["body"] = .string(body.jsonText())
        }
        let data = Data(JSONValue.object(object).jsonText().utf8)
        return try JSONDecoder().decode(Event.self, from: data)
    }

    static func substitute(_ value: JSONValue, variables: [String: String]) -> JSONValue {
        switch value {
        case .string(let text) where text.contains("{{"):
            var result = text
            for (name, replacement) in variables {
                result = result.replacingOccurrences(of: "{{\(name)}}", with: replacement)
            }
            return .string(result)
        case .array(let values):
            return .array(values.map { substitute($0, variables: variables) })
        case .object(let object):
            return .object(JSONObject(object.members.map { ($0.key, substitute($0.value, variables: variables)) }))
        default:
            return value
        }
    }
}

/// Compares a response with an expectation.
enum ExpectationCheck {
    static func failures(of response: Response, against expect: Fixture.Expectation) -> [String] {
        var failures: [String] = []
        if let status = expect.statusCode, status != response.statusCode {
            failures.append("statusCode: expected \(status), found \(response.statusCode) body \(response.body ?? "")")
        }
        for (name, expected) in expect.headers.sorted(by: { $0.key < $1.key }) {
            failures += Matcher.mismatches(
                expected: expected, actual: response.header(name).map(JSONValue.string), path: "headers.\(name)")
        }
        if let text = expect.bodyText, text.hasPrefix("$"), !text.hasPrefix("$$") {
            // A matcher over the raw body text (`$regex:` for HTML pages).
            failures += Matcher.mismatches(
                expected: .string(text), actual: .string(response.body ?? ""), path: "bodyText")
        } else if let text = expect.bodyText, text != (response.body ?? "") {
            failures.append("body: expected text \(text), found \(response.body ?? "")")
        }
        if let body = expect.body {
            guard let parsed = parsedBody(response) else {
                return failures + ["body: not JSON: \(response.body ?? "")"]
            }
            failures += Matcher.mismatches(expected: body, actual: parsed)
        }
        return failures
    }

    /// `{statusCode, headers, body}` of a response, for captures.
    static func document(of response: Response) -> JSONValue {
        var object = JSONObject([("statusCode", .number(Double(response.statusCode)))])
        object["headers"] = .object(
            JSONObject(response.headers.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
        if let body = parsedBody(response) { object["body"] = body }
        return .object(object)
    }

    static func parsedBody(_ response: Response) -> JSONValue? {
        guard let text = response.body, !text.isEmpty else { return nil }
        return try? JSONValue.parse(text)
    }
}
