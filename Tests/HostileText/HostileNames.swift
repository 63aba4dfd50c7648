/// Names a hostile player could choose: random sequences of scalars that mean something to HTML,
/// Discord markdown or a mail header, mixed with the Unicode that hides them inside a grapheme
/// cluster (prepended signs, combining marks, joiners) or reorders the text (bidi controls).
public enum HostileNames {
    /// How many random names each property test feeds through its renderer.
    public static let cases = 300

    /// Pieces a name is built from; each is appended as a whole.
    public static let pieces: [String] = [
        // Markup and markdown, one character at a time.
        "<", ">", "\"", "'", "&", "@", "*", "_", "~", "`", "|", "[", "]", "(", ")", "#", ":", "/", "\\", "!",
        "-", "=", " ",
        // Whole attacks.
        "@everyone", "@here", "<@123>", "<@&456>", "<#789>", "<t:1700000000>", "[x](https://evil.example)",
        "https://evil.example/p", "<img src=x onerror=alert(1)>", "\"><script>alert(1)</script>",
        "' onmouseover='x", "&lt;", "&#60;", "**bold**", "||spoiler||", "# heading", "> quote", "=?UTF-8?B?QQ==?=",
        "\r\nBcc: victim@example.com",
        // Prepended concatenation marks (Cf) and other prepended letters (Lo).
        "\u{0600}", "\u{0601}", "\u{0602}", "\u{0603}", "\u{0604}", "\u{0605}", "\u{06DD}", "\u{110BD}",
        "\u{0D4E}",
        // Combining marks, one of which turns `<` into `≮` under NFC.
        "\u{0301}", "\u{20D2}", "\u{0338}", "\u{0308}",
        // Joiners, bidi controls and other format or invisible characters.
        "\u{200D}", "\u{200C}", "\u{200B}", "\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}",
        "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}", "\u{200E}", "\u{200F}", "\u{061C}", "\u{2060}",
        "\u{FEFF}", "\u{00AD}", "\u{E0041}",
        // Line breaks and other controls.
        "\n", "\r", "\t", "\u{0000}", "\u{0085}", "\u{2028}", "\u{2029}", "\u{007F}",
        // Ordinary text, so names also look like names.
        "a", "Z", "é", "Ж", "名", "🏁", "👨‍👩‍👧",
    ]

    /// A random name of 1 to 16 pieces.
    public static func make(using generator: inout SeededGenerator) -> String {
        let count = Int.random(in: 1...16, using: &generator)
        return (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined()
    }

    /// Hand-picked cases that the random ones must include in spirit, checked first.
    public static let known: [String] = [
        "\u{0600}<img src=x onerror=alert(1)>",
        "\"\u{0301}><a href=https://evil.example>x</a>",
        "x\"\u{20D2} onerror=alert(1) y=\"",
        "\u{0600}**bold** \u{0600}[x](https://evil.example) \u{0600}@everyone",
        "*\u{0301}*bold*\u{0301}* <\u{0301}@123>",
        "\u{202E}evil\u{202C}\u{2028}Bcc: x@example.com",
        "\u{0D4E}\\",
    ]

    /// Whether `scalar` is one a plain name must never carry: a control (line breaks included),
    /// a line or paragraph separator, or a format character other than the two joiners.
    public static func isStray(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: return true
        case .format: return scalar.value != 0x200C && scalar.value != 0x200D
        default: return false
        }
    }
}

extension HostileNames {
    /// The name a reader should see once it is made plain, written out here independently of the
    /// code under test: controls and separators read as spaces, other stray characters are gone.
    public static func plain(_ name: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in name.unicodeScalars where !(isStray(scalar) && scalar.properties.generalCategory == .format) {
            out.append(isStray(scalar) ? " " : scalar)
        }
        return String(out)
    }

    /// Whether `text` holds `part` scalar for scalar (a `String.contains` compares characters, and a
    /// name starting with a combining mark is no character of its own once it follows a space).
    public static func contains(_ text: String, _ part: String) -> Bool {
        let whole = Array(text.unicodeScalars)
        let piece = Array(part.unicodeScalars)
        guard !piece.isEmpty else { return true }
        guard whole.count >= piece.count else { return false }
        return (0...(whole.count - piece.count)).contains { whole[$0..<$0 + piece.count].elementsEqual(piece) }
    }

    /// The stray scalars of `text` (see ``isStray(_:)``) except those in `allowed`.
    public static func strays(in text: String, allowing allowed: Set<Unicode.Scalar> = []) -> [Unicode.Scalar] {
        text.unicodeScalars.filter { isStray($0) && !allowed.contains($0) }
    }

    /// Calls `body` with `slots` names at a time: each known name in every slot, then ``cases``
    /// random sets from a generator seeded with `seed`. The label names the seed and case, so a
    /// failure can be replayed.
    public static func forEach(
        seed: UInt64, slots: Int, _ body: (_ names: [String], _ label: String) throws -> Void
    ) rethrows {
        for (index, name) in known.enumerated() {
            try body(Array(repeating: name, count: slots), "known case \(index)")
        }
        var generator = SeededGenerator(seed: seed)
        for index in 0..<cases {
            try body((0..<slots).map { _ in make(using: &generator) }, "seed \(seed), case \(index)")
        }
    }
}
