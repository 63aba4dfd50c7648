import Foundation
import HostileText
import RecordsCore
import SMTPTestServer
import Testing

@testable import Mailer

/// Hostile map names, seeded and reproducible, reach a digest's subject: whatever scalars they hold,
/// the composed message has exactly the template's header fields, every header line is printable
/// ASCII (continuations start with a space), and the subject decodes to the name made plain.
@Suite struct HeaderEscapingTests {
    let composer = MIMEComposer(from: try! MailAddress(parsing: "Records Watch <records@example.com>"))
    let digests = DigestComposer(maxNewRecordsPerMap: 5, popularMapMessage: "Busy map")

    func composed(username: String, map: String) throws -> (fields: [String], lines: [String], subject: String?) {
        let record = MapperRecordPayload(
            mapUid: "M1", mapName: map, accountId: "acc-p", zoneName: "Zone", position: 1, score: 61_234,
            timestamp: 1_700_000_000, improved: false)
        let message = digests.compose(
            username: username, email: "ann@example.com", records: [record], changes: [], names: [:],
            extras: .init(unsubscribeURL: "https://records.example.com/u/tok", unsubscribeMailto: "records@example.com")
        ).message
        let raw = String(
            decoding: try composer.compose(message, date: Date(timeIntervalSince1970: 1_795_892_687), uniqueID: "abc")
                .data, as: UTF8.self)
        let head = raw.components(separatedBy: "\r\n\r\n")[0]
        let lines = head.components(separatedBy: "\r\n")
        let fields = lines.filter { !$0.hasPrefix(" ") && !$0.hasPrefix("\t") }.map {
            String($0.prefix { $0 != ":" })
        }
        return (fields, lines, ReceivedMessage(raw: raw).subject)
    }

    @Test func namesAddNoHeaderAndReadPlainInTheSubject() throws {
        let template = try composed(username: "Ann", map: "Map").fields
        var failures: [String] = []
        try HostileNames.forEach(seed: 0x5B1EC7, slots: 2) { names, label in
            let mail = try composed(username: names[0], map: names[1])
            if mail.fields != template { failures.append("\(label): header fields \(mail.fields) from \(names)") }
            let unprintable = mail.lines.flatMap { $0.unicodeScalars.filter { !(0x20...0x7E).contains($0.value) } }
            if !unprintable.isEmpty { failures.append("\(label): header bytes \(unprintable) from \(names)") }
            // The one map is named in the subject, made plain and cut to 40 scalars (its id when blank).
            let plain = HostileNames.plain(names[1])
            let blank = plain.unicodeScalars.allSatisfy {
                $0.properties.isWhitespace || $0.properties.generalCategory == .format
            }
            let shown = blank ? "M1" : plain
            let name = String(String.UnicodeScalarView(shown.unicodeScalars.prefix(40)))
            let expected = "1 new record on \(name)" + (shown.unicodeScalars.count > 40 ? "…" : "")
            if mail.subject.map({ $0.unicodeScalars.elementsEqual(expected.unicodeScalars) }) != true {
                failures.append("\(label): subject \(String(describing: mail.subject)) from \(names)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures, first: \(failures.prefix(3))")
    }

    @Test func bidiControlsAndSeparatorsLeaveTheSubject() throws {
        let mail = try composed(username: "Ann", map: "\u{202E}pam\u{202C}\u{2028}Bcc: x@example.com\u{0600}")
        #expect(mail.subject == "1 new record on pam Bcc: x@example.com")
    }
}
