import Foundation
import HostileText
import RecordsCore
import Testing

/// Hostile names, seeded and reproducible, go through the digest: whatever scalars they hold, the
/// HTML part has exactly the tags and attributes of the template (read by an HTML5 tokenizer), the
/// text part exactly its lines, and no name brings a control, bidi or other format character along.
@Suite struct DigestEscapingTests {
    let composer = DigestComposer(maxNewRecordsPerMap: 5, popularMapMessage: "Busy map")

    /// username, map, player, zone, passer, disabled channel.
    func digest(_ names: [String]) -> MailMessage {
        let records = [
            MapperRecordPayload(
                mapUid: "M1", mapName: names[1], accountId: "acc-p", zoneName: names[3], position: 1, score: 61_234,
                timestamp: 1_700_000_000, improved: true)
        ]
        let changes = [
            DriverChangePayload(
                kind: .beaten, mapUid: "M2", mapName: names[1], oldPosition: 2, newPosition: 3, oldScore: 50_000,
                newScore: 50_000, passedBy: ["acc-q", "acc-p"], range: 100, detectedAt: 1_700_000_000)
        ]
        let extras = DigestComposer.Extras(
            timeZone: "Europe/Paris", preferencesURL: "https://records.example.com/p/tok",
            unsubscribeURL: "https://records.example.com/u/tok", unsubscribeMailto: "records@example.com",
            disabledChannels: [names[5]])
        return composer.compose(
            username: names[0], email: "ann@example.com", records: records, changes: changes,
            names: ["acc-p": names[2], "acc-q": names[4]], extras: extras
        ).message
    }

    static let benign = ["Ann", "Map", "Player", "Zone", "Passer", "Channel"]

    @Test func namesAddNoTagAttributeOrLineToEitherPart() {
        let template = digest(Self.benign)
        let markup = HTMLTokenizer.markup(template.html ?? "")
        let lineCount = template.text.split(separator: "\n", omittingEmptySubsequences: false).count
        var failures: [String] = []
        HostileNames.forEach(seed: 0xD16E57, slots: 6) { names, label in
            let message = digest(names)
            let html = message.html ?? ""
            if HTMLTokenizer.markup(html) != markup { failures.append("\(label): HTML markup changed: \(names)") }
            let shown = HTMLTokenizer.text(html)
            let text = message.text
            // A name is shown as written up to the digest's bound on a name (80 scalars, 200 for a notice).
            for (slot, name) in names.map(HostileNames.plain).enumerated() {
                let limit = slot == 5 ? 200 : 80
                // A name of blanks only (spaces, joiners) shows its id instead, like a name of codes only.
                if name.unicodeScalars.allSatisfy({
                    $0.properties.isWhitespace || $0.properties.generalCategory == .format
                }) {
                    continue
                }
                let name = String(String.UnicodeScalarView(name.unicodeScalars.prefix(limit)))
                guard !HostileNames.contains(shown, name) || !HostileNames.contains(text, name) else { continue }
                failures.append("\(label): \(name.debugDescription) is not shown as written")
            }
            if text.split(separator: "\n", omittingEmptySubsequences: false).count != lineCount {
                failures.append("\(label): the text part has other lines: \(names)")
            }
            let strays =
                HostileNames.strays(in: text, allowing: ["\n"]) + HostileNames.strays(in: shown, allowing: ["\n"])
                + HostileNames.strays(in: message.subject)
            if !strays.isEmpty { failures.append("\(label): stray scalars \(strays) from \(names)") }
        }
        #expect(failures.isEmpty, "\(failures.count) failures, first: \(failures.prefix(3))")
    }

    @Test func aPrependedSignOrCombiningMarkNoLongerHidesMarkup() {
        let message = digest([
            "\u{0600}<b>", "\"\u{0301}><img src=x>", "\u{0600}<img src=x onerror=alert(1)>", "Z\u{20D2}<a>",
            "x", "\u{202E}y",
        ])
        let html = message.html ?? ""
        #expect(!html.contains("<img") && !html.contains("<b>") && !html.contains("<a>"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.contains("&quot;\u{0301}&gt;"))
        #expect(!html.unicodeScalars.contains("\u{0600}") && !html.unicodeScalars.contains("\u{202E}"))
        #expect(message.text.contains("Hello <b>,\n"))
    }

    @Test("Trackmania formatting codes never reach the mail; a name of codes only shows its id")
    func formattingCodes() {
        let message = digest(["Ann", "$f00$oRed$z Rally", "$i$o$$", "Zone", "$s $n", "Channel"])
        let html = message.html ?? ""
        for part in [message.text, HTMLTokenizer.text(html)] {
            #expect(part.contains("Red Rally"))
            #expect(part.contains("$"))  // the player's `$$` is a dollar sign
            #expect(!part.contains("$f00") && !part.contains("$o") && !part.contains("$z"))
            #expect(part.contains("acc-q"))  // the passer's name was only codes and blanks
        }
    }
}
