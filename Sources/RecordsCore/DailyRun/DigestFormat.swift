import Foundation

/// The small pieces every line of a digest is made of: names (stripped or styled, bounded in
/// length), times (a secret-threshold score reads "secret"), gaps, medals, counts and map links.
enum DigestFormat {
    /// The most scalars of one name a digest shows; a longer name ends in "…", so a 10,000-character
    /// name costs a line, not a page.
    static let nameLimit = 80
    /// The most scalars of a notice line (a disabled channel and the service's reason).
    static let noticeLimit = 200
    /// The most scalars of a map name in a subject.
    static let subjectNameLimit = 40

    // MARK: Names

    /// A map or player name as plain text: codes stripped, controls and bidi overrides neutralised
    /// (``SafeText/plain(_:)``), at most `limit` scalars; `fallback` (the uid or account id) when
    /// nothing but blanks is left.
    static func name(_ raw: String, fallback: String, limit: Int = nameLimit) -> String {
        let text = SafeText.plain(TrackmaniaText.plain(raw))
        let shown = isBlank(text) ? SafeText.plain(fallback) : text
        return capped(shown, limit)
    }

    /// The same name as HTML: Trackmania's styles as safe spans (``TrackmaniaText/Style/css``, only
    /// parsed flags and hex digits), every run made plain and escaped, the same length bound.
    static func nameHTML(_ raw: String, fallback: String, limit: Int = nameLimit) -> String {
        let runs = TrackmaniaText.segments(raw).map { (text: SafeText.plain($0.text), css: $0.style.css) }
        guard !isBlank(runs.map(\.text).joined()) else { return SafeText.html(capped(SafeText.plain(fallback), limit)) }
        var left = limit
        var out = ""
        for run in runs where left > 0 && !run.text.isEmpty {
            let scalars = run.text.unicodeScalars
            let take = min(scalars.count, left)
            left -= take
            let escaped = SafeText.html(String(String.UnicodeScalarView(scalars.prefix(take))))
            // The class lets dark mode drop a colour chosen for a light background.
            out += run.css.isEmpty ? escaped : "<span class=\"tm\" style=\"\(run.css)\">\(escaped)</span>"
        }
        let total = runs.reduce(0) { $0 + $1.text.unicodeScalars.count }
        return total > limit ? out + "…" : out
    }

    /// `text` cut to `limit` scalars, with "…" when something was cut.
    static func capped(_ text: String, _ limit: Int) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > limit else { return text }
        return String(String.UnicodeScalarView(scalars.prefix(limit))) + "…"
    }

    static func isBlank(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.properties.isWhitespace || $0.properties.generalCategory == .format }
    }

    // MARK: Times and positions

    /// A record time as `personalBestFormatted` writes it (``RecordTime``); a score of zero or less
    /// is a secret threshold (−1) and reads "secret".
    static func time(_ milliseconds: Int) -> String {
        milliseconds > 0 ? RecordTime.format(milliseconds) : "secret"
    }

    /// How far ahead `faster` is of `slower`, "1.200"; `nil` when either is secret or the order is odd.
    static func gap(_ faster: Int, _ slower: Int) -> String? {
        guard faster > 0, slower > 0, slower >= faster else { return nil }
        return slower == faster ? "0.000" : RecordTime.format(slower - faster)
    }

    /// "🥇 #1", "🥈 #2", "🥉 #3" on the podium; "#33" elsewhere.
    static func position(_ position: Int) -> String {
        switch position {
        case 1: "🥇 #1"
        case 2: "🥈 #2"
        case 3: "🥉 #3"
        default: "#\(position)"
        }
    }

    /// "1 map", "3 maps".
    static func count(_ value: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(value) \(value == 1 ? singular : plural ?? singular + "s")"
    }

    // MARK: Links

    /// The map's public leaderboard on trackmania.io; the uid is percent-encoded, so a uid a player
    /// typed can never leave the URL.
    static func leaderboardURL(_ mapUid: String) -> String {
        "https://trackmania.io/#/leaderboard/" + encoded(mapUid)
    }

    /// The map's Trackmania Exchange page, from the TMX id the run read (never guessed).
    static func exchangeURL(_ exchangeId: Int?) -> String? {
        guard let exchangeId, exchangeId > 0 else { return nil }
        return "https://trackmania.exchange/mapshow/\(exchangeId)"
    }

    private static let uidCharacters = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    private static func encoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: uidCharacters) ?? ""
    }
}
