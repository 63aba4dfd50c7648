import Foundation
import Push
import RecordsCore
import Testing

@testable import Push

/// Discord and ntfy messages stay within each service's limits and show names inertly.
@Suite struct RenderingTests {
    let discord = DiscordRenderer(mapLinkBase: "https://trackmania.io/#/leaderboard")
    let ntfy = NtfyRenderer(mapLinkBase: "https://trackmania.io/#/leaderboard")

    static func json(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func manyItemsAreSplitWithinDiscordLimitsAndEveryItemIsCarriedOnce() throws {
        let entries = (1...57).map { SampleNews.record($0, map: String(repeating: "Long map name ", count: 30)) }
        let news = PushNews(entries: entries, names: [:], timeZone: "UTC")
        let posts = discord.posts(for: news)
        #expect(posts.count >= 6)
        #expect(posts.flatMap(\.itemIds) == Array(1...57))
        for post in posts {
            let object = try Self.json(post.body)
            let embeds = try #require(object["embeds"] as? [[String: Any]])
            #expect(embeds.count <= DiscordLimits.embedsPerMessage)
            var total = 0
            for embed in embeds {
                let title = embed["title"] as? String ?? ""
                let description = embed["description"] as? String ?? ""
                #expect(title.utf16.count <= DiscordLimits.title)
                #expect(description.utf16.count <= DiscordLimits.description)
                total += title.utf16.count + description.utf16.count
            }
            #expect(total <= DiscordLimits.charactersPerMessage)
            let mentions = try #require(object["allowed_mentions"] as? [String: Any])
            #expect((mentions["parse"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func anOverlongItemIsShortenedNotRefused() throws {
        let passers = (0..<400).map { "acc\($0)" }
        let names = Dictionary(uniqueKeysWithValues: passers.map { ($0, String(repeating: "N", count: 30) + $0) })
        let news = PushNews(entries: [SampleNews.beaten(9, passers: passers)], names: names, timeZone: "UTC")
        let posts = discord.posts(for: news)
        #expect(posts.count == 1)
        let embed = try #require((try Self.json(posts[0].body)["embeds"] as? [[String: Any]])?.first)
        let description = try #require(embed["description"] as? String)
        #expect(description.utf16.count <= DiscordLimits.description)
        #expect(description.hasSuffix("…"))
    }

    @Test func namesCannotFormatLinkOrMention() throws {
        let evil = "@everyone **bold** [x](https://evil.example) <@123> `code`\nline"
        let news = PushNews(
            entries: [SampleNews.record(1, map: "_map_|| spoiler ||", player: "acc")], names: ["acc": evil],
            timeZone: "UTC")
        let embed = try #require((try Self.json(discord.posts(for: news)[0].body)["embeds"] as? [[String: Any]])?.first)
        let description = try #require(embed["description"] as? String)
        let title = try #require(embed["title"] as? String)
        #expect(!description.contains("@everyone"))
        #expect(description.contains("@\u{200B}everyone"))
        #expect(description.contains(#"\*\*bold\*\*"#))
        #expect(description.contains(#"\[x\]\(https\:"#))
        #expect(description.contains(#"\<@\#u{200B}123\>"#))
        #expect(!description.contains("\nline"))
        #expect(title.contains(#"\_map\_\|\| spoiler \|\|"#))
    }

    @Test func datesAreInThePlayersZoneWithTheZoneNamed() {
        #expect(PushDates.format(SampleNews.when, timeZone: "Europe/Paris") == "2025-11-23 06:00 Europe/Paris")
        #expect(PushDates.format(SampleNews.when, timeZone: "UTC") == "2025-11-23 05:00 UTC")
        #expect(PushDates.format(SampleNews.when, timeZone: "America/New_York") == "2025-11-23 00:00 America/New_York")
        let news = PushNews(entries: [SampleNews.record(1)], names: [:], timeZone: "Asia/Tokyo")
        let body = String(decoding: discord.posts(for: news)[0].body, as: UTF8.self)
        #expect(body.contains("2025-11-23 14:00 Asia/Tokyo"))
    }

    @Test func ntfyMessagesStayUnder4096BytesWithTitlePriorityTagsAndClick() throws {
        let entries =
            (1...80).map { SampleNews.record($0, map: "Карта " + String(repeating: "🏁", count: 40)) }
            + [SampleNews.beaten(81, passers: ["a", "b"])]
        let news = PushNews(entries: entries, names: ["a": "Alice", "b": "Bob"], timeZone: "UTC")
        let posts = ntfy.posts(for: news, topic: "t1")
        #expect(posts.count > 1)
        #expect(posts.flatMap(\.itemIds) == Array(1...81))
        for post in posts {
            let object = try Self.json(post.body)
            let message = try #require(object["message"] as? String)
            #expect(message.utf8.count <= 4096)
            #expect(object["topic"] as? String == "t1")
            #expect(object["title"] is String)
            #expect(object["click"] as? String != nil)
        }
        let last = try Self.json(try #require(posts.last).body)
        #expect(last["priority"] as? Int == 4)
        #expect((last["message"] as? String)?.contains("Passed by: Alice, Bob") == true)
    }
}
