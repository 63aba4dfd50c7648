import Foundation
import RecordsCore

/// Turns news into Discord webhook messages, each within Discord's limits: one embed per item, as
/// many embeds per message as ``DiscordLimits`` allow, long texts shortened.
struct DiscordRenderer {
    var mapLinkBase: String

    struct Embed: Encodable, Equatable {
        var title: String
        var description: String
        var url: String?
        var color: Int
        var footer: Footer?

        struct Footer: Encodable, Equatable {
            var text: String
        }

        /// The characters Discord counts towards the message total.
        var size: Int {
            DiscordLimits.length(title) + DiscordLimits.length(description)
                + (footer.map { DiscordLimits.length($0.text) } ?? 0)
        }
    }

    struct Message: Encodable {
        var content: String?
        var embeds: [Embed]
        // Nothing a player typed may ping anyone.
        var allowed_mentions = AllowedMentions()

        struct AllowedMentions: Encodable {
            var parse: [String] = []
        }
    }

    func embed(_ entry: PushNews.Entry, news: PushNews) -> Embed {
        let text = PushText.of(entry, news: news, bold: { "**\($0)**" }, name: { DiscordMarkdown.escape($0) })
        return Embed(
            title: DiscordLimits.truncate(text.title, to: DiscordLimits.title),
            description: DiscordLimits.truncate(text.lines.joined(separator: "\n"), to: DiscordLimits.description),
            url: Self.link(base: mapLinkBase, mapUid: text.mapUid),
            color: text.urgent ? 0xE6_7E22 : 0x2E_CC71, footer: nil)
    }

    /// The posts for `news`: items in order, split whenever a message would exceed 10 embeds or
    /// 6,000 characters.
    func posts(for news: PushNews) -> [PushPost] {
        var posts: [PushPost] = []
        var embeds: [Embed] = []
        var ids: [Int] = []
        var size = 0
        func flush() {
            guard !embeds.isEmpty else { return }
            posts.append(PushPost(itemIds: ids, body: Self.encode(Message(content: nil, embeds: embeds))))
            embeds = []
            ids = []
            size = 0
        }
        for entry in news.entries {
            var embed = embed(entry, news: news)
            if embed.size > DiscordLimits.charactersPerMessage {
                embed.description = DiscordLimits.truncate(
                    embed.description, to: DiscordLimits.charactersPerMessage - DiscordLimits.length(embed.title))
            }
            if embeds.count == DiscordLimits.embedsPerMessage || size + embed.size > DiscordLimits.charactersPerMessage
            {
                flush()
            }
            embeds.append(embed)
            ids.append(entry.itemId)
            size += embed.size
        }
        flush()
        return posts
    }

    /// A one-embed test message.
    func test(timeZone: String, now: Date) -> Data {
        let when = PushDates.format(Int(now.timeIntervalSince1970), timeZone: timeZone)
        return Self.encode(
            Message(
                content: nil,
                embeds: [
                    Embed(
                        title: "recordsw test message",
                        description: "This channel receives your Trackmania record news. Sent \(when).",
                        url: nil, color: 0x34_98DB, footer: nil)
                ]))
    }

    static func link(base: String, mapUid: String) -> String? {
        guard !base.isEmpty, !mapUid.isEmpty,
            let encoded = mapUid.addingPercentEncoding(withAllowedCharacters: .alphanumerics)
        else { return nil }
        return "\(base)/\(encoded)"
    }

    static func encode(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }
}
