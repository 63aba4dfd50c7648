import FixtureKit
import Foundation
import HandlerKit
import Logging
import RecordsCore
import Testing

/// Every fixture, replayed three times on fresh applications: as real HTTP requests through the HTTP
/// adapter, and as API Gateway v1 and v2 events through the fake Runtime API and the runtime loop.
/// Each replay meets the fixture's expectations, and the three answers of every step agree: status,
/// header names and the values that do not carry per-run tokens or times, and the body's shape.
/// Serialized: fixtures with time windows (rate limits) must not be slowed by 85 parallel applications.
@Suite("Lambda fixture parity", .serialized)
struct FixtureParityTests {
    static let root = FixtureSuite.repositoryFixtures()
    static let files: [String] = FixtureLoader.discover(root: root).compactMap { url in
        let value = (try? Data(contentsOf: url)).flatMap { try? JSONValue.parse($0) }
        guard value.map(Fixture.looksLikeFixture) ?? true else { return nil }
        // Fixtures that change the fake world between steps (the digest's) need the fixture host's
        // world control, which the parity hosts do not have; FixtureReplayTests replay them over HTTP.
        if let text = try? String(contentsOf: url, encoding: .utf8), text.contains("\"world\"") { return nil }
        return FixtureLoader.relativeName(url, root: root)
    }

    @Test("the fixtures are found")
    func found() {
        #expect(Self.files.count >= 50)
    }

    @Test("HTTP adapter, API Gateway v1 and v2 answer alike", arguments: files)
    func parity(_ name: String) async throws {
        var logger = Logger(label: "parity")
        logger.logLevel = .critical
        var reports: [ParityHost.Path: FixtureReport] = [:]
        for path in ParityHost.Path.allCases {
            let suite = FixtureSuite(
                root: Self.root,
                runner: FixtureRunner(makeHost: ParityHost.factory(path, root: Self.root, logger: logger)))
            let report = try #require(await suite.run(files: [Self.root.appendingPathComponent(name)]).first)
            #expect(report.error == nil, "\(path): \(report.error ?? "")")
            for step in report.steps {
                #expect(
                    step.failures.isEmpty, "\(path) \(name) :: \(step.name): \(step.failures.joined(separator: "; "))")
            }
            reports[path] = report
        }
        let http = try #require(reports[.http])
        for path in [ParityHost.Path.v1, .v2] {
            let other = try #require(reports[path])
            #expect(other.steps.count == http.steps.count, "\(path): step count")
            for (expected, actual) in zip(http.steps, other.steps) {
                guard let a = expected.response, let b = actual.response else { continue }
                for difference in ResponseComparison.differences(http: a, lambda: b) {
                    Issue.record("\(name) :: \(expected.name) (\(path)): \(difference)")
                }
            }
        }
    }
}

/// What must agree between the HTTP adapter's answer and a Lambda answer to the same step.
enum ResponseComparison {
    /// Headers only the HTTP server adds (the service adds its own on AWS).
    static let transport: Set<String> = ["content-length", "date", "connection", "server", "transfer-encoding"]
    /// Headers whose values carry per-run tokens or times: compared by presence only.
    static let volatile: Set<String> = ["set-cookie", "location", "etag", "last-modified", "retry-after"]

    static func differences(http: Response, lambda: Response) -> [String] {
        var problems: [String] = []
        if http.statusCode != lambda.statusCode {
            problems.append("status \(http.statusCode) over HTTP, \(lambda.statusCode) on Lambda")
        }
        let left = headers(http)
        let right = headers(lambda)
        if Set(left.keys) != Set(right.keys) {
            problems.append("headers \(left.keys.sorted()) over HTTP, \(right.keys.sorted()) on Lambda")
        }
        for (name, value) in left where !volatile.contains(name) {
            if let other = right[name], other != value { problems.append("\(name): \(value) vs \(other)") }
        }
        let leftBody = http.body ?? ""
        let rightBody = lambda.body ?? ""
        if let a = try? JSONValue.parse(Data(leftBody.utf8)), let b = try? JSONValue.parse(Data(rightBody.utf8)) {
            if shape(a) != shape(b) { problems.append("body shape \(shape(a)) vs \(shape(b))") }
        } else if leftBody.isEmpty != rightBody.isEmpty {
            problems.append("body \(leftBody.isEmpty ? "empty" : "present") over HTTP, not on Lambda")
        }
        return problems
    }

    static func headers(_ response: Response) -> [String: String] {
        var result: [String: String] = [:]
        for (name, value) in response.headers where !transport.contains(name.lowercased()) {
            result[name.lowercased()] = value
        }
        for (name, values) in response.multiValueHeaders ?? [:] where !transport.contains(name.lowercased()) {
            result[name.lowercased()] = values.joined(separator: ", ")
        }
        return result
    }

    /// Keys and kinds of a JSON document (strings, numbers and booleans by kind, not value).
    static func shape(_ value: JSONValue) -> String {
        switch value {
        case .object(let object):
            return "{" + object.keys.sorted().map { "\($0):\(shape(object[$0] ?? .null))" }.joined(separator: ",") + "}"
        case .array(let items): return "[" + items.map(shape).joined(separator: ",") + "]"
        case .string: return "s"
        case .null: return "null"
        case .bool: return "b"
        default: return "n"
        }
    }
}
