/// Makes player-controlled text (map names, display names) inert in Discord messages.
enum DiscordMarkdown {
    /// The characters Discord's markdown, masked links, headings, lists and mentions give a meaning.
    private static let special: Set<Character> = [
        "\\", "*", "_", "~", "`", "|", ">", "<", "#", "-", "[", "]", "(", ")", ":", "@", "!",
    ]

    /// `text` on one line with every markdown character escaped and `@` broken with a zero-width
    /// space, so no name can format, link or mention (`allowed_mentions` is empty as well).
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count + 8)
        for character in text {
            if character.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                out.append(" ")
            } else if character == "@" {
                out.append("@\u{200B}")
            } else {
                if special.contains(character) { out.append("\\") }
                out.append(character)
            }
        }
        return out
    }
}

/// Discord's message limits (an over-limit message is refused with 400, code 50035).
public enum DiscordLimits {
    public static let title = 256
    public static let description = 4096
    public static let fields = 25
    public static let fieldName = 256
    public static let fieldValue = 1024
    public static let footer = 2048
    public static let embedsPerMessage = 10
    /// Characters of all embeds of one message together.
    public static let charactersPerMessage = 6000
    public static let content = 2000

    /// How Discord counts a text's length (UTF-16 code units, as JavaScript does; never fewer than
    /// the characters a user sees).
    public static func length(_ text: String) -> Int { text.utf16.count }

    /// `text` cut to at most `limit` (counted as ``length(_:)``), ending with `…` when cut.
    public static func truncate(_ text: String, to limit: Int) -> String {
        guard length(text) > limit else { return text }
        var out = ""
        var used = 0
        for character in text {
            let size = character.utf16.count
            if used + size > limit - 1 { break }
            out.append(character)
            used += size
        }
        // Never leave a dangling escape backslash before the ellipsis.
        while out.hasSuffix("\\") { out.removeLast() }
        return out + "…"
    }
}
