/// Makes text other people chose (display names, map and zone names, usernames, a service's
/// refusal) safe to show in an email, an HTML page, a Discord message or an ntfy notification.
///
/// Every rule works on Unicode scalars, never on `Character`s. A grapheme cluster can carry a
/// markup character inside it: a prepended sign such as U+0600 joins the `<` after it, a combining
/// mark such as U+0301 joins the `"` before it, and a `Character` comparison with `"<"` or `"\""`
/// then fails, so the character would pass unescaped.
public enum SafeText {
    /// `text` as one line of plain text: control characters (CR and LF included) and the Unicode
    /// line and paragraph separators become spaces, and format characters (general category Cf:
    /// bidi embeddings, overrides and isolates, U+200E/U+200F/U+061C marks, prepended signs such as
    /// U+0600–U+0605, invisible ones such as U+2060 or U+FEFF) are dropped.
    ///
    /// A name can then neither start a line (or a header) of its own nor reorder or hide the text
    /// around it. Zero-width joiner and non-joiner (U+200D, U+200C) stay: emoji sequences and
    /// several scripts need them, and they only change how neighbouring letters join.
    public static func plain(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator:
                scalars.append(" ")
            case .format where scalar.value != 0x200C && scalar.value != 0x200D:
                continue
            default:
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// `text` escaped for HTML element content and quoted attribute values: `&`, `<`, `>`, `"` and
    /// `'` become character references wherever they stand, whatever marks surround them.
    public static func html(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "'": out.append(contentsOf: "&#39;".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}
