import RecordsCore

/// Makes player-controlled text (map names, display names) inert in Discord messages.
enum DiscordMarkdown {
    /// The characters Discord's markdown, masked links, headings, lists and mentions give a meaning.
    private static let special: Set<Unicode.Scalar> = [
        "\\", "*", "_", "~", "`", "|", ">", "<", "#", "-", "[", "]", "(", ")", ":", "@", "!",
    ]

    /// `text` made plain (``SafeText/plain(_:)``: one line, no bidi or other format characters) with
    /// every markdown character escaped and `@` broken with a zero-width space, so no name can
    /// format, link or mention (`allowed_mentions` is empty as well).
    ///
    /// Works scalar by scalar: Discord's parser reads code units, so a `*` inside a grapheme cluster
    /// (after U+0600, before U+0301) is as live as a lone one.
    static func escape(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in SafeText.plain(text).unicodeScalars {
            if scalar == "@" {
                out.append(contentsOf: "@\u{200B}".unicodeScalars)
            } else {
                if special.contains(scalar) { out.append("\\") }
                out.append(scalar)
            }
        }
        return String(out)
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
        // Never leave a dangling escape backslash before the ellipsis; compared by scalar, since a
        // prepended sign before the backslash makes the two one `Character`.
        while out.unicodeScalars.last == "\\" { out.unicodeScalars.removeLast() }
        return out + "…"
    }
}
