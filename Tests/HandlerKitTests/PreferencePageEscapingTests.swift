import Foundation
import HostileText
import Testing

@testable import HandlerKit
@testable import RecordsCore

/// Hostile usernames, time zones and refusal texts, seeded and reproducible, go through the
/// preference page and its error page: an HTML5 tokenizer finds exactly the template's tags and
/// attributes, the text shows each value made plain, and no control, bidi or other format character.
@Suite struct PreferencePageEscapingTests {
    static let links = PreferenceLinks(
        key: Array(repeating: 7, count: 32), baseURL: "https://records.example.com", lifetime: 86_400)

    /// username, time zone, disabled reason.
    static func page(_ names: [String]) -> String {
        let user = User(
            id: 1, username: names[0], email: "ann@example.com", passwordHash: "x",
            createdAt: Date(timeIntervalSince1970: 0))
        let preferences = UserPreferences(
            userId: 1, digestPaused: false, timeZone: names[1], emailNews: .all, linkGeneration: 0)
        let channel = PushChannel(
            id: 3, userId: 1, kind: .ntfy, target: "records_topic", accessToken: nil, news: .all, status: .disabled,
            disabledReason: names[2], disabledAt: Date(timeIntervalSince1970: 1_700_000_000),
            createdAt: Date(timeIntervalSince1970: 0))
        let opened = PreferenceAccess.Opened(
            token: "tok.en", user: user, preferences: preferences,
            claims: PreferenceLinks.Claims(userId: 1, generation: 0, expiresAt: 1_800_000_000))
        return PreferencePage.page(
            PreferencePage.Model(
                opened: opened, channels: [channel], notice: .saved, pushConfigured: true, links: links,
                ntfyServer: "https://ntfy.example.com"))
    }

    static func errorPage(_ names: [String]) -> String {
        PreferencePage.Failure(400, names[0], names[2]).response.body ?? ""
    }

    static let benign = ["Ann", "Zone", "Refused"]

    @Test func valuesAddNoTagOrAttribute() {
        let templates = [Self.page(Self.benign), Self.errorPage(Self.benign)].map(HTMLTokenizer.markup)
        var failures: [String] = []
        HostileNames.forEach(seed: 0x9A6E, slots: 3) { names, label in
            let pages = [Self.page(names), Self.errorPage(names)]
            if pages.map(HTMLTokenizer.markup) != templates { failures.append("\(label): markup changed: \(names)") }
            let shown = pages.map(HTMLTokenizer.text).joined()
            if !HostileNames.strays(in: shown, allowing: ["\n"]).isEmpty {
                failures.append("\(label): stray scalars from \(names)")
            }
            for name in [names[0], names[2]].map(HostileNames.plain) where !HostileNames.contains(shown, name) {
                failures.append("\(label): \(name.debugDescription) is not shown as written")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures, first: \(failures.prefix(3))")
    }

    @Test func aPrependedSignNoLongerOpensATag() {
        let html = Self.page(["\u{0600}<img src=x onerror=alert(1)>", "UTC", "\"\u{0301}><script>x</script>"])
        #expect(!html.contains("<img") && !html.contains("<script"))
        #expect(html.contains("For &lt;img src=x onerror=alert(1)&gt;."))
    }
}
