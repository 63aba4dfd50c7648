/// The HTML of a digest as mail clients show it well: nested presentation tables, inline CSS on
/// every element (clients that drop `<style>` still get the light look), no images, scripts, web
/// fonts or external assets, a 600 px column that shrinks to any width, and a dark palette chosen
/// by `prefers-color-scheme` for the clients that read the `<style>` block.
///
/// Every parameter named `html` is markup built by the composer (escaped names and fixed text);
/// every other string is plain text and escaped here.
enum DigestHTML {
    static let text = "#1f2328"
    static let muted = "#57606a"
    static let link = "#0b62c4"
    static let page = "#f2f4f7"
    static let card = "#ffffff"
    static let border = "#dde1e6"

    /// The whole document around `rows` (each a `<tr>` of the column).
    static func document(title: String, rows: [String]) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark">
        <title>\(SafeText.html(title))</title>
        <style>
        @media (prefers-color-scheme: dark) {
        .bg { background: #0f1318 !important; }
        .card { background: #1a2028 !important; border-color: #2d3540 !important; }
        .fg { color: #e6e9ed !important; }
        .mute { color: #9ba6b2 !important; }
        .tm { color: inherit !important; }
        a { color: #79b8ff !important; }
        }
        </style></head>
        <body class="bg" style="margin:0;padding:0;background:\(page)">
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" class="bg" \
        style="background:\(page)"><tr><td align="center" style="padding:16px 8px">
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" class="fg" \
        style="max-width:600px;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;\
        font-size:15px;line-height:1.45;color:\(text)">
        \(rows.joined(separator: "\n"))
        </table></td></tr></table></body></html>

        """
    }

    /// The greeting, large.
    static func greeting(_ html: String) -> String {
        "<tr><td class=\"fg\" style=\"padding:0 4px 12px;font-size:20px;font-weight:bold;color:\(text)\">\(html)</td></tr>"
    }

    /// A small capitalised heading above a section.
    static func heading(_ plain: String) -> String {
        "<tr><td class=\"mute\" style=\"padding:10px 4px 6px;font-size:12px;font-weight:bold;letter-spacing:.06em;"
            + "text-transform:uppercase;color:\(muted)\">\(SafeText.html(plain))</td></tr>"
    }

    /// A white card holding `html`.
    static func card(_ html: String, accent: String? = nil) -> String {
        let edge = accent.map { "border-left:4px solid \($0);" } ?? ""
        return "<tr><td style=\"padding:0 0 10px\">"
            + "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" class=\"card\" "
            + "style=\"background:\(card);border:1px solid \(border);\(edge)border-radius:8px\">"
            + "<tr><td class=\"fg\" style=\"padding:12px 14px;color:\(text);word-break:break-word\">\n\(html)\n</td></tr></table></td></tr>"
    }

    /// A card's title (a map name as markup).
    static func title(_ html: String) -> String {
        "<div class=\"fg\" style=\"font-size:17px;font-weight:bold;color:\(text)\">\(html)</div>"
    }

    /// One line of a card.
    static func line(_ html: String, strong: Bool = false, muted mute: Bool = false) -> String {
        let style =
            mute
            ? "font-size:13px;color:\(muted)" : strong ? "font-weight:bold;color:\(text)" : "color:\(text)"
        return "<div class=\"\(mute ? "mute" : "fg")\" style=\"padding-top:4px;\(style)\">\(html)</div>"
    }

    /// A bulleted list of plain lines.
    static func list(_ plain: [String]) -> String {
        "<ul style=\"margin:6px 0 0;padding-left:20px\">"
            + plain.map { "<li>\(SafeText.html($0))</li>" }.joined() + "</ul>"
    }

    /// A table of rows made by ``row(lead:main:note:value:)``.
    static func rows(_ rows: [String]) -> String {
        "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
            + "style=\"margin-top:6px;font-size:14px\">\n" + rows.joined(separator: "\n") + "\n</table>"
    }

    /// One record: a position (or marker), a name as markup with a small note under it, and a time.
    static func row(lead: String, main html: String, note: String?, value: String) -> String {
        let under = note.map {
            "<br><span class=\"mute\" style=\"font-size:12px;color:\(muted)\">\(SafeText.html($0))</span>"
        }
        return
            "<tr><td valign=\"top\" class=\"fg\" style=\"padding:5px 8px 5px 0;white-space:nowrap;width:56px;color:\(text)\">"
            + "\(SafeText.html(lead))</td><td valign=\"top\" class=\"fg\" style=\"padding:5px 0;word-break:break-word;color:\(text)\">"
            + "\(html)\(under ?? "")</td><td valign=\"top\" align=\"right\" class=\"fg\" "
            + "style=\"padding:5px 0 5px 8px;white-space:nowrap;font-weight:bold;color:\(text)\">\(SafeText.html(value))</td></tr>"
    }

    /// The map's links: its leaderboard on trackmania.io and, when known, its TMX page.
    static func links(leaderboard: String, exchange: String?) -> String {
        var links = [anchor(leaderboard, "Leaderboard on trackmania.io")]
        if let exchange { links.append(anchor(exchange, "Trackmania Exchange")) }
        return "<div style=\"padding-top:8px;font-size:13px\">" + links.joined(separator: " &nbsp;·&nbsp; ") + "</div>"
    }

    /// A link; `url` is one the composer built (escaped here all the same).
    static func anchor(_ url: String, _ label: String) -> String {
        "<a href=\"\(SafeText.html(url))\" style=\"color:\(link)\">\(SafeText.html(label))</a>"
    }

    /// The small print under the column.
    static func footer(_ html: String) -> String {
        "<tr><td class=\"mute\" style=\"padding:14px 4px 0;font-size:12px;color:\(muted)\">\(html)</td></tr>"
    }
}
