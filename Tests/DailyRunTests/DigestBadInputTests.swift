import Foundation
import HostileText
import RecordsCore
import Testing

/// The bad input of issue 21: names made only of codes, 10,000-character names, markup, CRLF, mass
/// mentions and RTL overrides; a world where every record is secret; 5,000 items for one player.
/// Each gives a correct, bounded mail: both parts within their budgets, HTML whole (never cut
/// mid-markup), nothing from a name in a header.
@Suite struct DigestBadInputTests {
    let composer = DigestComposer(maxNewRecordsPerMap: 20, popularMapMessage: "Busy map")

    func record(map: String, name: String, account: String, position: Int, score: Int = 30_000)
        -> MapperRecordPayload
    {
        MapperRecordPayload(
            mapUid: map, mapName: name, accountId: account, zoneName: "France", position: position, score: score,
            timestamp: 1_700_000_000, improved: false)
    }

    func change(map: String, name: String, passers: [String]) -> DriverChangePayload {
        DriverChangePayload(
            kind: .beaten, mapUid: map, mapName: name, oldPosition: 2, newPosition: 3, oldScore: 40_000,
            newScore: 40_000, passedBy: passers, range: 100, detectedAt: 1_700_000_000,
            passedByScores: passers.map { _ in 39_000 })
    }

    /// Start and end tags of the elements the template opens, balanced and never closed before opened.
    func balanced(_ html: String) -> Bool {
        let paired: Set<String> = ["table", "tr", "td", "div", "ul", "li", "span", "a", "title", "style", "body"]
        var open: [String: Int] = [:]
        for token in HTMLTokenizer.markup(html) {
            switch token {
            case .startTag(let name, _, _) where paired.contains(name): open[name, default: 0] += 1
            case .endTag(let name) where paired.contains(name):
                open[name, default: 0] -= 1
                if open[name, default: 0] < 0 { return false }
            default: break
            }
        }
        return !open.isEmpty && open.values.allSatisfy { $0 == 0 }
    }

    @Test func namesOfCodesOnlyHugeNamesAndHostileOnesGiveAWholeBoundedMail() {
        let huge = String(repeating: "$f00W$o", count: 2_000) + String(repeating: "x", count: 10_000)
        let names = [
            "$o$i$z$$$", "$l[https://evil.example]click$l", huge, "<script>alert(1)</script>",
            "a\r\nBcc: victim@example.com", "@everyone", "\u{202E}dlrow\u{202C}",
        ]
        let records = names.enumerated().map {
            record(map: "M\($0.offset)", name: $0.element, account: "acc-\($0.offset)", position: $0.offset + 1)
        }
        var displayNames: [String: String] = [:]
        for (index, name) in names.enumerated() { displayNames["acc-\(index)"] = name }
        let digest = composer.compose(
            username: huge, email: "ann@example.com", records: records,
            changes: [change(map: "D", name: huge, passers: ["acc-2", "acc-3"])], names: displayNames)
        let message = digest.message
        let html = message.html ?? ""
        #expect(message.headers.isEmpty)
        #expect(!message.subject.contains("\r") && !message.subject.contains("\n"))
        #expect(message.subject == "7 new records on your maps · you were passed on 1 map")
        #expect(html.utf8.count < 100_000 && message.text.utf8.count < 100_000)
        #expect(balanced(html))
        #expect(!html.contains("<script>") && !html.contains("evil.example"))
        #expect(!message.text.contains("evil.example") && !message.text.contains("\u{202E}"))
        // A 10,000-character name is cut to a bounded one, in both parts.
        #expect(!message.text.contains(String(repeating: "x", count: 100)))
        #expect(message.text.contains("WWWWWWWWWW"))
        // Codes only: the account id; the link code keeps its text, never its target.
        #expect(message.text.contains("🥇 #1 $ · "))
        #expect(message.text.contains("🥈 #2 click · "))
        #expect(message.text.contains("@everyone"))
    }

    @Test func aWorldWhereEveryRecordIsSecret() {
        let records = (1...5).map { record(map: "S", name: "Secret", account: "a\($0)", position: $0, score: -1) }
        let changes = [
            DriverChangePayload(
                kind: .beaten, mapUid: "S", mapName: "Secret", oldPosition: 2, newPosition: 3, oldScore: -1,
                newScore: -1, passedBy: ["a1"], range: 100, detectedAt: 1_700_000_000, passedByScores: [-1]),
            DriverChangePayload(
                kind: .improved, mapUid: "S", mapName: "Secret", oldPosition: 3, newPosition: 2, oldScore: -1,
                newScore: -1, passedBy: [], range: 100, detectedAt: 1_700_000_000),
        ]
        let message = composer.compose(
            username: "ann", email: "ann@example.com", records: records, changes: changes, names: [:]
        ).message
        for part in [message.text, HTMLTokenizer.text(message.html ?? "")] {
            #expect(!part.contains("0.000"))
            #expect(part.contains("secret"))
        }
        #expect(message.text.contains("Passed: 🥈 #2 → 🥉 #3 · your time secret\n  Passed by a1: secret\n"))
        #expect(message.text.contains("New personal best: secret\n"))
    }

    @Test("5,000 items for one player: a bounded mail, folded whole, that counts what it left out")
    func fiveThousandItems() {
        // 4,000 records, each on a map of its own (nothing folds as popular), and 1,000 changes.
        let records = (0..<4_000).map {
            record(map: "map-\($0)", name: "Map number \($0)", account: "acc-\($0 % 50)", position: $0 % 30 + 1)
        }
        let changes = (0..<1_000).map { change(map: "drive-\($0)", name: "Drive \($0)", passers: ["acc-1"]) }
        let digest = composer.compose(
            username: "ann", email: "ann@example.com", records: records, changes: changes, names: [:],
            extras: .init(
                preferencesURL: "https://records.example.com/p", unsubscribeURL: "https://records.example.com/u"))
        let message = digest.message
        let html = message.html ?? ""
        #expect(html.utf8.count <= DigestComposer.htmlBudget)
        #expect(message.text.utf8.count <= DigestComposer.textBudget)
        #expect(balanced(html))
        #expect(html.hasSuffix("</html>\n"))
        #expect(message.subject == "4000 new records on your maps · you were passed on 1000 maps")
        // The summary still counts everything; the fold line counts what each part left out.
        #expect(message.text.contains("- 4000 new records on 4000 of your maps\n"))
        #expect(message.text.contains("more maps with new records not shown, to keep this email small."))
        #expect(HTMLTokenizer.text(html).contains("more maps with new records not shown"))
        // The footer and its links always make it.
        #expect(message.text.contains("Unsubscribe (pauses the daily email at once): https://records.example.com/u"))
        #expect(html.contains("href=\"https://records.example.com/u\""))
    }
}
