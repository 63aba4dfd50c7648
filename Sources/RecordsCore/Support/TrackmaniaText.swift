import Foundation

/// Trackmania's formatting codes in map and player names (`$f00Red$z Racer`, `$o$i$wFancy`), read
/// the way the game reads them, so every place that shows a name shows the name and not its codes.
///
/// Codes start with `$` and are case-insensitive: `$` and one to three hex digits is a colour
/// (`$f00`; fewer digits are a malformed colour the game still swallows), `$g` the default colour,
/// `$o` bold, `$i` italic, `$w` wide, `$n` narrow, `$m` medium width, `$t` capitals, `$s` shadow,
/// `$z` resets everything, `$<` and `$>` save and restore the style, `$l`, `$h` and `$p` start or
/// end a link (optionally `$l[target]`, whose target is dropped: a name never supplies a URL), `$$`
/// is a dollar sign. Any other character after `$` is swallowed with it, as the game does, and a
/// lone `$` at the end disappears.
public enum TrackmaniaText {
    /// A run of text with one style.
    public struct Segment: Sendable, Equatable {
        public var text: String
        public var style: Style
    }

    /// What the codes before a run asked for. Colours are kept as three hex nibbles, so rendering
    /// one can never carry anything from the name but `0-9a-f`.
    public struct Style: Sendable, Equatable, Hashable {
        /// The `$rgb` colour as three values 0...15, or `nil` for the default colour.
        public var color: [UInt8]?
        public var bold = false
        public var italic = false
        public var wide = false
        public var narrow = false
        public var capitals = false
        public var shadow = false

        public init() {}
    }

    /// The name's text without its codes.
    public static func plain(_ name: String) -> String {
        segments(name).map(\.text).joined()
    }

    /// The name's text without its codes, or `fallback` when nothing but blanks is left (a name
    /// made only of codes or spaces). Blanks around a name are kept, as typed.
    public static func plain(_ name: String, fallback: String) -> String {
        let text = plain(name)
        return text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? fallback : text
    }

    /// A map or player name as a line of text shows it: codes stripped, then made plain by
    /// ``SafeText/plain(_:)`` (controls and bidirectional overrides neutralised); `fallback` when the
    /// codes leave nothing but blanks. Blanks around a name are kept, as typed.
    public static func display(_ name: String, fallback: String) -> String {
        SafeText.plain(plain(name, fallback: fallback))
    }

    /// The name as styled runs of text.
    public static func segments(_ name: String) -> [Segment] {
        var parser = Parser()
        var characters = name.makeIterator()
        var pending: Character? = nil
        func next() -> Character? {
            if let held = pending {
                pending = nil
                return held
            }
            return characters.next()
        }
        while let character = next() {
            guard character == "$" else {
                parser.append(character)
                continue
            }
            guard let code = next() else { break }
            let lower = Character(code.lowercased())
            if code == "$" {
                parser.append("$")
            } else if let first = lower.hexDigitValue {
                // Up to two more hex digits belong to the colour; a non-hex character is text again.
                var digits = [UInt8(first)]
                while digits.count < 3, let following = next() {
                    guard let value = following.hexDigitValue else {
                        pending = following
                        break
                    }
                    digits.append(UInt8(value))
                }
                parser.setColor(digits.count == 3 ? digits : nil)
            } else if lower == "l" || lower == "h" || lower == "p" {
                // `$l[target]`: the target is skipped whole; unterminated, the rest of the name is the target.
                if let following = next() {
                    if following == "[" {
                        while let skipped = next(), skipped != "]" {}
                    } else {
                        pending = following
                    }
                }
            } else {
                parser.apply(lower)
            }
        }
        return parser.finish()
    }

    /// Builds runs while the codes change the style.
    private struct Parser {
        var style = Style()
        var saved: [Style] = []
        var current = ""
        var currentStyle = Style()
        var segments: [Segment] = []

        mutating func append(_ character: Character) {
            if current.isEmpty {
                currentStyle = style
            } else if currentStyle != style {
                segments.append(Segment(text: current, style: currentStyle))
                current = ""
                currentStyle = style
            }
            current.append(character)
        }

        mutating func setColor(_ color: [UInt8]?) { style.color = color }

        mutating func apply(_ code: Character) {
            switch code {
            case "g": style.color = nil
            case "o": style.bold = true
            case "i": style.italic = true
            case "w": (style.wide, style.narrow) = (true, false)
            case "n": (style.narrow, style.wide) = (true, false)
            case "m": (style.wide, style.narrow) = (false, false)
            case "t": style.capitals = true
            case "s": style.shadow = true
            case "z": style = Style()
            case "<": saved.append(style)
            case ">": style = saved.popLast() ?? Style()
            default: break
            }
        }

        mutating func finish() -> [Segment] {
            if !current.isEmpty { segments.append(Segment(text: current, style: currentStyle)) }
            return segments
        }
    }
}

extension TrackmaniaText.Style {
    /// The inline CSS of this style (`color:#f00;font-weight:bold`), built only from the parsed
    /// flags and hex nibbles; empty for the default style.
    public var css: String {
        var parts: [String] = []
        if let color, color.count == 3 {
            let hex = color.map { String($0, radix: 16) }.joined()
            parts.append("color:#\(hex)")
        }
        if bold { parts.append("font-weight:bold") }
        if italic { parts.append("font-style:italic") }
        if wide { parts.append("letter-spacing:.1em") }
        if narrow { parts.append("letter-spacing:-.05em") }
        if capitals { parts.append("text-transform:uppercase") }
        if shadow { parts.append("text-shadow:1px 1px 1px rgba(0,0,0,.5)") }
        return parts.joined(separator: ";")
    }
}

extension TrackmaniaText {
    /// The name as HTML: each run escaped by ``SafeText/html(_:)`` and, when styled, wrapped in a
    /// `<span style="…">` whose CSS comes only from ``Style/css``. Never an attribute value or a
    /// URL taken from the name.
    public static func html(_ name: String, fallback: String) -> String {
        let runs = segments(name)
        guard !runs.map(\.text).joined().trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return SafeText.html(fallback)
        }
        return runs.map { run in
            let text = SafeText.html(run.text)
            let css = run.style.css
            return css.isEmpty ? text : "<span style=\"\(css)\">\(text)</span>"
        }.joined()
    }
}
