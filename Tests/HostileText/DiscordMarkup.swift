/// What Discord's markdown would act on in a message text: the unescaped characters its rules start
/// with, and live mentions.
///
/// Discord's parser reads UTF-16 code units, so grapheme clusters mean nothing to it: a backslash
/// escapes the next character when that is not an ASCII letter, digit or whitespace, every other
/// listed character is live wherever it stands, and `@everyone`, `@here` or `<@…>` mention.
public enum DiscordMarkup {
    /// Characters that start bold, italics, underline, strikethrough, spoilers, code, quotes,
    /// headings, lists, masked links, autolinks (`:` of `https://`), mentions, emoji and timestamps.
    public static let significant: Set<Unicode.Scalar> = [
        "\\", "*", "_", "~", "`", "|", ">", "<", "#", "-", "[", "]", "(", ")", ":", "!", "\n",
    ]

    /// The live markup of `text`, in order: each unescaped significant character, and `@mention`
    /// for an `@` a letter or digit follows directly (as in `@everyone`); the escaper keeps the two
    /// apart with a zero-width space, and a lone `@` does nothing.
    public static func live(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var out: [String] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\\", index + 1 < scalars.count, !isASCIIWordOrSpace(scalars[index + 1]) {
                index += 2
                continue
            }
            if scalar == "@" {
                let next = index + 1 < scalars.count ? scalars[index + 1] : nil
                if let next, next.properties.isAlphabetic || ("0"..."9").contains(next) { out.append("@mention") }
            } else if significant.contains(scalar) {
                out.append(String(scalar))
            }
            index += 1
        }
        return out
    }

    private static func isASCIIWordOrSpace(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
            || scalar.properties.isWhitespace
    }
}

extension DiscordMarkup {
    /// The text a reader sees: escapes applied, and the zero-width space after an `@` gone.
    public static func shown(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\\", index + 1 < scalars.count, !isASCIIWordOrSpace(scalars[index + 1]) {
                out.append(scalars[index + 1])
                index += 2
                continue
            }
            if scalar == "\u{200B}", index > 0, scalars[index - 1] == "@" {
                index += 1
                continue
            }
            out.append(scalar)
            index += 1
        }
        return String(out)
    }
}
