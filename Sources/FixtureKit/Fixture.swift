import Foundation
import HandlerKit
import RecordsCore

/// A fixture file: one request with its expected response, or a scenario of ordered steps.
///
/// The format is documented in `docs/fixtures.md`. Strings in a step's event may contain
/// `{{name}}`, replaced by a value captured from an earlier step's response.
public struct Fixture: Sendable {
    /// One request and what its response must look like.
    public struct Step: Sendable {
        public var name: String
        /// The event as JSON, substituted before decoding into ``HandlerKit/Event``.
        public var event: JSONValue
        public var expect: Expectation
        /// Variable name → dotted path into the response (`body.access_token`, `headers.Location`).
        public var capture: [String: String]
        /// Finish the host's background work (queued map searches) before sending the event.
        public var settle: Bool = false
        /// Changes to the fake Trackmania world made before the event (`world`).
        public var world: WorldChange? = nil
    }

    /// What a response must satisfy.
    public struct Expectation: Sendable {
        public var statusCode: Int?
        /// Header name (any case) → expected value or matcher.
        public var headers: [String: JSONValue]
        /// A partial JSON match of the parsed body.
        public var body: JSONValue?
        /// The exact body text (for empty or non-JSON bodies).
        public var bodyText: String?
        /// The messages the step must have sent, one expectation each (`[]`: none); `nil` checks no mail.
        public var mail: [MailExpectation]? = nil
    }

    /// Rows created before the first step, through the repositories (not through requests).
    public struct Setup: Sendable {
        /// Users to create: `email`, `username`, `password`, optional `role`, `tmUsername`, `tmAccountId`.
        public var users: [JSONObject]
        /// `admin_config` entries to set.
        public var adminConfig: [String: String]
        /// Extra environment values for this fixture (e.g. `CRON_SECRET`).
        public var environment: [String: String]
        /// Activity rows created after the users, by key (`alerts`, `mapPositions`, `driverNotifications`,
        /// `notificationHistory`, `feedback`); see `docs/fixtures.md` and `AppFixtureHost.seedActivity`.
        public var activity: [String: [JSONObject]] = [:]

        public static let empty = Setup(users: [], adminConfig: [:], environment: [:])

        /// The setup keys holding activity rows.
        public static let activityKeys = [
            "alerts", "mapPositions", "driverNotifications", "notificationHistory", "feedback", "preferences",
            "pushChannels",
        ]
    }

    /// The file's path relative to the fixtures folder, for reports.
    public var name: String
    public var description: String?
    public var setup: Setup
    public var steps: [Step]
}

extension Fixture {
    /// Why a file could not be read as a fixture.
    public struct FormatError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Whether JSON text has the shape of a fixture (top-level `event` or `steps`), so data files
    /// such as the fake Trackmania world beside the fixtures are skipped.
    public static func looksLikeFixture(_ value: JSONValue) -> Bool {
        guard let object = value.objectValue else { return false }
        return object["steps"] != nil || object["event"] != nil
    }

    /// Parses a fixture.
    /// - Parameters:
    ///   - value: The file's JSON.
    ///   - name: The name used in reports.
    /// - Throws: ``FormatError`` describing the first problem.
    public init(parsing value: JSONValue, name: String) throws {
        guard let object = value.objectValue else { throw FormatError(description: "\(name): not a JSON object") }
        self.name = name
        description = object["description"]?.stringValue
        setup = try Self.parseSetup(object["setup"], name: name)
        if let steps = object["steps"] {
            guard let array = steps.arrayValue, !array.isEmpty else {
                throw FormatError(description: "\(name): steps must be a non-empty array")
            }
            self.steps = try array.enumerated().map { index, step in
                try Self.parseStep(step, defaultName: "step \(index + 1)", file: name)
            }
        } else {
            self.steps = [try Self.parseStep(value, defaultName: "request", file: name)]
        }
    }

    private static func parseStep(_ value: JSONValue, defaultName: String, file: String) throws -> Step {
        guard let object = value.objectValue, let event = object["event"], event.objectValue != nil else {
            throw FormatError(description: "\(file): \(defaultName) needs an \"event\" object")
        }
        guard let expect = object["expect"]?.objectValue else {
            throw FormatError(description: "\(file): \(defaultName) needs an \"expect\" object")
        }
        var headers: [String: JSONValue] = [:]
        for member in expect["headers"]?.objectValue?.members ?? [] { headers[member.key] = member.value }
        var capture: [String: String] = [:]
        for member in object["capture"]?.objectValue?.members ?? [] {
            guard let path = member.value.stringValue else {
                throw FormatError(description: "\(file): capture \(member.key) must be a path string")
            }
            capture[member.key] = path
        }
        let status = expect["statusCode"]?.numberValue.map { Int($0) }
        var mail: [MailExpectation]? = nil
        if let expected = expect["mail"] {
            guard let array = expected.arrayValue else {
                throw FormatError(description: "\(file): \(defaultName) expect.mail must be an array")
            }
            mail = try array.map { try MailExpectation.parse($0, file: file) }
        }
        return Step(
            name: object["name"]?.stringValue ?? defaultName,
            event: event,
            expect: Expectation(
                statusCode: status, headers: headers, body: expect["body"], bodyText: expect["bodyText"]?.stringValue,
                mail: mail),
            capture: capture, settle: object["settle"] == .bool(true),
            world: try object["world"].map { try WorldChange.parse($0, file: file) })
    }

    private static func parseSetup(_ value: JSONValue?, name: String) throws -> Setup {
        guard let value else { return .empty }
        guard let object = value.objectValue else { throw FormatError(description: "\(name): setup must be an object") }
        let users = try (object["users"]?.arrayValue ?? []).map { user -> JSONObject in
            guard let user = user.objectValue else {
                throw FormatError(description: "\(name): setup.users holds objects")
            }
            return user
        }
        var config: [String: String] = [:]
        for member in object["adminConfig"]?.objectValue?.members ?? [] {
            config[member.key] = member.value.stringValue ?? member.value.jsonText()
        }
        var environment: [String: String] = [:]
        for member in object["environment"]?.objectValue?.members ?? [] {
            environment[member.key] = member.value.stringValue ?? member.value.jsonText()
        }
        var setup = Setup(users: users, adminConfig: config, environment: environment)
        for key in Setup.activityKeys {
            guard let rows = object[key] else { continue }
            setup.activity[key] = try (rows.arrayValue ?? [.null]).map { row in
                guard let row = row.objectValue else {
                    throw FormatError(description: "\(name): setup.\(key) holds objects")
                }
                return row
            }
        }
        return setup
    }
}
