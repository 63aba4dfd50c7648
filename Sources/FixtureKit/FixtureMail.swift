import Foundation
import RecordsCore

/// The fixture application's mailer: keeps every message it is handed, in order, so a step can
/// expect the mail its request sent (a daily run's digest) without an SMTP server or an outbox.
public actor FixtureMailbox: MailSender {
    private var messages: [MailMessage] = []

    public init() {}

    public func send(_ message: MailMessage) async throws {
        messages.append(message)
    }

    /// Every message sent so far, oldest first.
    public var sent: [MailMessage] { messages }
}

extension Fixture {
    /// A message a step expects in the outbox (`expect.mail`): its recipient, a subject (exact or a
    /// matcher such as `$regex:`), and texts its plain-text and HTML parts must contain.
    public struct MailExpectation: Sendable {
        public var to: String?
        public var subject: JSONValue?
        public var textContains: [String]
        public var htmlContains: [String]

        static func parse(_ value: JSONValue, file: String) throws -> MailExpectation {
            guard let object = value.objectValue else {
                throw FormatError(description: "\(file): expect.mail holds objects")
            }
            func strings(_ key: String) throws -> [String] {
                guard let value = object[key] else { return [] }
                if let one = value.stringValue { return [one] }
                guard let array = value.arrayValue, array.allSatisfy({ $0.stringValue != nil }) else {
                    throw FormatError(
                        description: "\(file): expect.mail \(key) must be a string or an array of strings")
                }
                return array.compactMap(\.stringValue)
            }
            return MailExpectation(
                to: object["to"]?.stringValue, subject: object["subject"], textContains: try strings("textContains"),
                htmlContains: try strings("htmlContains"))
        }

        /// How `message` differs from this expectation (empty when it matches).
        func mismatches(_ message: MailMessage, path: String) -> [String] {
            var failures: [String] = []
            if let to, to.lowercased() != message.to.lowercased() {
                failures.append("\(path).to: expected \(to), found \(message.to)")
            }
            if let subject {
                failures += Matcher.mismatches(
                    expected: subject, actual: .string(message.subject), path: "\(path).subject")
            }
            for text in textContains where !message.text.contains(text) {
                failures.append("\(path).text: does not contain \(text.debugDescription)")
            }
            for text in htmlContains where !(message.html ?? "").contains(text) {
                failures.append("\(path).html: does not contain \(text.debugDescription)")
            }
            return failures
        }
    }
}

enum MailCheck {
    /// Matches the messages a step sent with its expectations: as many messages as expectations,
    /// each expectation met by a message of its own (in any order). On failure, the subjects and
    /// recipients of what was sent are named.
    static func failures(sent: [MailMessage], expected: [Fixture.MailExpectation]) -> [String] {
        let summary = sent.map { "\($0.to): \($0.subject.debugDescription)" }.joined(separator: "; ")
        guard sent.count == expected.count else {
            return ["mail: expected \(expected.count) message(s), \(sent.count) sent [\(summary)]"]
        }
        var unused = Array(sent.indices)
        var failures: [String] = []
        for (index, expectation) in expected.enumerated() {
            if let match = unused.firstIndex(where: { expectation.mismatches(sent[$0], path: "").isEmpty }) {
                unused.remove(at: match)
                continue
            }
            // No message matches: report against the message to the same recipient (or the first left).
            let nearest = unused.first { sent[$0].to.lowercased() == expectation.to?.lowercased() } ?? unused.first
            failures +=
                nearest.map { expectation.mismatches(sent[$0], path: "mail.\(index)") }
                ?? ["mail.\(index): no message left to match"]
        }
        return failures
    }
}
