import Foundation
import RecordsCore

/// Turns news into ntfy messages (JSON published to the server's root), each message body within
/// ntfy's 4,096 bytes: one block of lines per item, as many items per message as fit.
struct NtfyRenderer {
    var mapLinkBase: String

    /// ntfy refuses (or turns into an attachment) a message body over 4,096 bytes; a margin stays.
    static let maxMessageBytes = 3_900
    /// One item's block is cut to this many bytes, so a message always has room for it.
    static let maxBlockBytes = 1_500

    struct Message: Encodable {
        var topic: String
        var title: String
        var message: String
        var priority: Int
        var tags: [String]
        var click: String?
    }

    func posts(for news: PushNews, topic: String) -> [PushPost] {
        var posts: [PushPost] = []
        var texts: [PushText] = []
        var blocks: [String] = []
        var ids: [Int] = []
        var bytes = 0
        func flush() {
            guard !blocks.isEmpty else { return }
            posts.append(PushPost(itemIds: ids, body: Self.encode(message(topic: topic, texts: texts, blocks: blocks))))
            texts = []
            blocks = []
            ids = []
            bytes = 0
        }
        for entry in news.entries {
            let text = PushText.of(entry, news: news, bold: { $0 }, name: SafeText.plain)
            let block = Self.cut(([text.title] + text.lines).joined(separator: "\n"), toBytes: Self.maxBlockBytes)
            let size = block.utf8.count + 2
            if bytes + size > Self.maxMessageBytes { flush() }
            texts.append(text)
            blocks.append(block)
            ids.append(entry.itemId)
            bytes += size
        }
        flush()
        return posts
    }

    private func message(topic: String, texts: [PushText], blocks: [String]) -> Message {
        let title =
            texts.count == 1
            ? Self.cut(texts[0].title, toBytes: 250) : "\(texts.count) Trackmania record updates"
        return Message(
            topic: topic, title: title, message: blocks.joined(separator: "\n\n"),
            priority: texts.contains(where: \.urgent) ? 4 : 3, tags: Array(Set(texts.map(\.tag))).sorted(),
            click: texts.first.flatMap { DiscordRenderer.link(base: mapLinkBase, mapUid: $0.mapUid) })
    }

    func test(topic: String, timeZone: String, now: Date) -> Data {
        let when = PushDates.format(Int(now.timeIntervalSince1970), timeZone: timeZone)
        return Self.encode(
            Message(
                topic: topic, title: "recordsw test message",
                message: "This topic receives your Trackmania record news. Sent \(when).", priority: 3,
                tags: ["white_check_mark"], click: nil))
    }

    /// `text` cut to at most `limit` UTF-8 bytes on a character boundary, ending with `…` when cut.
    static func cut(_ text: String, toBytes limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        var out = ""
        var used = 0
        for character in text {
            let size = character.utf8.count
            if used + size > limit - 3 { break }
            out.append(character)
            used += size
        }
        return out + "…"
    }

    static func encode(_ value: some Encodable) -> Data { DiscordRenderer.encode(value) }
}
