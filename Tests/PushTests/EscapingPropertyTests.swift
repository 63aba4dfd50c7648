import Foundation
import HostileText
import RecordsCore
import Testing

@testable import Push

/// Hostile names, seeded and reproducible, go through the Discord and ntfy renderers: Discord sees
/// exactly the template's markdown (no format, link or mention from a name, `allowed_mentions`
/// empty), ntfy exactly the template's lines, and no name brings a control, bidi or other format
/// character along; every name is still shown as written.
@Suite struct EscapingPropertyTests {
    let discord = DiscordRenderer(mapLinkBase: "https://trackmania.io/#/leaderboard")
    let ntfy = NtfyRenderer(mapLinkBase: "https://trackmania.io/#/leaderboard")

    static let benign = ["Map", "Player", "Zone", "Passer"]

    /// map, player, zone, passer: one item of each kind.
    static func news(_ names: [String]) -> PushNews {
        let when = 1_763_874_012
        func change(_ id: Int, _ kind: DriverChangeKind) -> PushNews.Entry {
            PushNews.Entry(
                itemId: id,
                content: .change(
                    DriverChangePayload(
                        kind: kind, mapUid: "uid\(id)", mapName: names[0], oldPosition: 3, newPosition: 4,
                        oldScore: 40_200, newScore: 40_100, passedBy: ["acc-q", "acc-p"], range: 100,
                        detectedAt: when)))
        }
        let record = PushNews.Entry(
            itemId: 1,
            content: .record(
                MapperRecordPayload(
                    mapUid: "uid1", mapName: names[0], accountId: "acc-p", zoneName: names[2], position: 1,
                    score: 30_123, timestamp: when, improved: true)))
        return PushNews(
            entries: [record, change(2, .beaten), change(3, .improved), change(4, .outOfRange)],
            names: ["acc-p": names[1], "acc-q": names[3]], timeZone: "Europe/Paris")
    }

    static func json(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Each embed's title and description, in order.
    func discordTexts(_ news: PushNews) throws -> [String] {
        var texts: [String] = []
        for post in discord.posts(for: news) {
            let object = try Self.json(post.body)
            let mentions = try #require(object["allowed_mentions"] as? [String: Any])
            #expect((mentions["parse"] as? [Any])?.isEmpty == true)
            #expect(mentions.count == 1)
            for embed in try #require(object["embeds"] as? [[String: Any]]) {
                texts += [embed["title"] as? String ?? "", embed["description"] as? String ?? ""]
            }
        }
        return texts
    }

    @Test func discordSeesOnlyTheTemplatesMarkdown() throws {
        let template = try discordTexts(Self.news(Self.benign)).map(DiscordMarkup.live)
        var failures: [String] = []
        try HostileNames.forEach(seed: 0xD15C0, slots: 4) { names, label in
            let texts = try discordTexts(Self.news(names))
            if texts.map(DiscordMarkup.live) != template {
                failures.append("\(label): live markdown changed: \(texts)")
            }
            let strays = texts.flatMap { HostileNames.strays(in: $0, allowing: ["\n", "\u{200B}"]) }
            if !strays.isEmpty { failures.append("\(label): stray scalars \(strays) from \(names)") }
            let shown = texts.map(DiscordMarkup.shown).joined(separator: "\n")
            for name in names.map(HostileNames.plain) where !HostileNames.contains(shown, name) {
                failures.append("\(label): \(name.debugDescription) is not shown as written")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures, first: \(failures.prefix(3))")
    }

    @Test func ntfyTitlesAndBodiesKeepTheTemplatesLines() throws {
        func messages(_ news: PushNews) throws -> [(title: String, body: String)] {
            // One item per news so every title carries its map name, then all items in one body.
            let single = try news.entries.map {
                let one = PushNews(entries: [$0], names: news.names, timeZone: "UTC")
                let post = try #require(ntfy.posts(for: one, topic: "t").first)
                let object = try Self.json(post.body)
                return (title: object["title"] as? String ?? "", body: object["message"] as? String ?? "")
            }
            let all = try ntfy.posts(for: news, topic: "t").map {
                let object = try Self.json($0.body)
                return (title: object["title"] as? String ?? "", body: object["message"] as? String ?? "")
            }
            return single + all
        }
        func lines(_ text: String) -> Int { text.split(separator: "\n", omittingEmptySubsequences: false).count }
        let template = try messages(Self.news(Self.benign)).map { [lines($0.title), lines($0.body)] }
        var failures: [String] = []
        try HostileNames.forEach(seed: 0x17F1, slots: 4) { names, label in
            let rendered = try messages(Self.news(names))
            if rendered.map({ [lines($0.title), lines($0.body)] }) != template {
                failures.append("\(label): lines changed: \(rendered)")
            }
            let strays = rendered.flatMap {
                HostileNames.strays(in: $0.title) + HostileNames.strays(in: $0.body, allowing: ["\n"])
            }
            if !strays.isEmpty { failures.append("\(label): stray scalars \(strays) from \(names)") }
            let shown = rendered.map { $0.title + "\n" + $0.body }.joined(separator: "\n")
            for name in names.map(HostileNames.plain) where !HostileNames.contains(shown, name) {
                failures.append("\(label): \(name.debugDescription) is not shown as written")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures, first: \(failures.prefix(3))")
    }

    @Test func aPrependedSignOrCombiningMarkNoLongerCarriesMarkdown() {
        #expect(DiscordMarkdown.escape("\u{0600}**b**") == #"\*\*b\*\*"#)
        #expect(DiscordMarkdown.escape("*\u{0301}x") == "\\*\u{0301}x")
        #expect(DiscordMarkdown.escape("\u{0600}@everyone") == "@\u{200B}everyone")
        #expect(DiscordMarkdown.escape("<\u{20D2}@123>") == "\\<\u{20D2}@\u{200B}123\\>")
        #expect(DiscordMarkdown.escape("a\u{2028}# b\u{202E}") == "a \\# b")
        // A cut never leaves an escaping backslash, even one a prepended sign joins.
        #expect(DiscordLimits.truncate("\u{0D4E}\\*abc", to: 3) == "\u{0D4E}…")
    }

    @Test func formattingCodesNeverReachAPost() throws {
        let news = Self.news(["$f00$oRed$z Rally", "$i$wFancy", "Zone", "$g"])
        var texts = try discordTexts(news)
        texts += try ntfy.posts(for: news, topic: "t").map { String(decoding: $0.body, as: UTF8.self) }
        for text in texts {
            #expect(!text.contains("$f00") && !text.contains("$i$w") && !text.contains("$g"), "\(text)")
        }
        #expect(texts.contains { $0.contains("Red Rally") } && texts.contains { $0.contains("Fancy") })
        #expect(texts.contains { $0.contains("acc-q") })  // a passer whose name is only codes shows its id
    }
}
