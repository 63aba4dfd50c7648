import Foundation

/// Builds one user's digest email (plain text and HTML) from their pending items.
///
/// It reads like news: one subject style saying what happened, the same greeting, a short summary,
/// the player's own times (passed, improved, out of range) before the records on their maps, maps
/// by best position with links to their leaderboard (trackmania.io) and TMX page, rivals' times and
/// gaps, "secret" for a secret-threshold time, medals only on the podium, dates in the player's zone.
///
/// Every name (username, map, player, zone, channel notice) is made plain by ``DigestFormat`` (codes
/// stripped, controls and bidi overrides neutralised, bounded in length) for the text part and the
/// subject, and escaped (styled spans from ``TrackmaniaText`` only) in the HTML part; values never
/// become header text (``MailMessage`` keeps them as data). Both parts are bounded: past
/// ``htmlBudget`` or ``textBudget`` the remaining maps are folded into one line that counts them.
public struct DigestComposer: Sendable {
    public var maxNewRecordsPerMap: Int
    public var popularMapMessage: String

    public init(maxNewRecordsPerMap: Int, popularMapMessage: String) {
        self.maxNewRecordsPerMap = maxNewRecordsPerMap
        self.popularMapMessage = popularMapMessage
    }

    public init(settings: DailyRunSettings) {
        self.init(maxNewRecordsPerMap: settings.maxNewRecordsPerMap, popularMapMessage: settings.popularMapMessage)
    }

    /// What a digest carries beyond its news: the reader's time zone, the links to their preference
    /// page and one-click unsubscribe, and push channels that stopped working since the last digest.
    public struct Extras: Sendable, Equatable {
        /// The IANA zone dates are shown in, named after each date.
        public var timeZone: String
        /// The signed preference page.
        public var preferencesURL: String?
        /// The RFC 8058 one-click unsubscribe (`List-Unsubscribe`, with `List-Unsubscribe-Post` when https).
        public var unsubscribeURL: String?
        /// A mailbox for `mailto:` unsubscribes (the sender's address).
        public var unsubscribeMailto: String?
        /// One line per channel disabled since the last digest (its hint and reason).
        public var disabledChannels: [String]

        public init(
            timeZone: String = "UTC", preferencesURL: String? = nil, unsubscribeURL: String? = nil,
            unsubscribeMailto: String? = nil, disabledChannels: [String] = []
        ) {
            self.timeZone = timeZone
            self.preferencesURL = preferencesURL
            self.unsubscribeURL = unsubscribeURL
            self.unsubscribeMailto = unsubscribeMailto
            self.disabledChannels = disabledChannels
        }
    }

    /// The composed digest: the message plus the two section texts kept in `daily_emails`.
    public struct Digest: Sendable, Equatable {
        public var message: MailMessage
        public var mapperText: String
        public var driverText: String
    }

    /// The largest HTML part, in UTF-8 bytes: under Gmail's ~100 KB clipping once encoded.
    public static let htmlBudget = 80_000
    /// The largest text part, in UTF-8 bytes.
    public static let textBudget = 200_000

    /// The account ids whose display names the digest shows (records of folded maps are not listed).
    public func accountIds(records: [MapperRecordPayload], changes: [DriverChangePayload]) -> Set<String> {
        var ids = Set<String>()
        for group in DigestNews.groupByMap(records) where group.records.count <= maxNewRecordsPerMap {
            ids.formUnion(group.records.map(\.accountId))
        }
        for change in changes { ids.formUnion(change.passedBy) }
        return ids
    }

    /// Composes the digest.
    /// - Parameters:
    ///   - username: The site username (the greeting).
    ///   - email: The recipient.
    ///   - records: Mapper items, oldest first.
    ///   - changes: Driver items, oldest first.
    ///   - names: Display names by account id; unknown ids show as themselves.
    ///   - extras: Time zone, links and channel notices (none by default).
    public func compose(
        username: String, email: String, records: [MapperRecordPayload], changes: [DriverChangePayload],
        names: [String: String], extras: Extras = Extras()
    ) -> Digest {
        let username = DigestFormat.capped(SafeText.plain(username), DigestFormat.nameLimit)
        var extras = extras
        extras.timeZone = SafeText.plain(extras.timeZone)
        extras.disabledChannels = extras.disabledChannels.map {
            DigestFormat.capped(SafeText.plain($0), DigestFormat.noticeLimit)
        }
        let news = DigestNews(records: records, changes: changes)
        let subject = news.subject
        let greeting = "Hello \(username),"
        var text = [greeting, "", "In this digest:"] + news.summary.map { "- \($0)" } + [""]
        var html = [
            DigestHTML.greeting(SafeText.html(greeting)),
            DigestHTML.card(DigestHTML.line("In this digest", strong: true) + DigestHTML.list(news.summary)),
        ]
        if !extras.disabledChannels.isEmpty {
            let heading = "⚠️ These push channels stopped working and are turned off:"
            let action = "Add them again on your preference page once fixed."
            text += [heading] + extras.disabledChannels.map { "- \($0)" } + [action, ""]
            html.append(
                DigestHTML.card(
                    DigestHTML.line(SafeText.html(heading), strong: true) + DigestHTML.list(extras.disabledChannels)
                        + DigestHTML.line(SafeText.html(action)), accent: "#d4a72c"))
        }
        let (footerText, footerHTML) = Self.footer(extras)
        // What every digest carries is paid first; each section keeps room for its heading and fold line.
        let fixedHTML = DigestHTML.document(title: subject, rows: html + footerHTML).utf8.count
        var budget = DigestBudget(
            text: Self.textBudget - Self.size(text + footerText) - 2 * DigestBudget.reserve,
            html: Self.htmlBudget - fixedHTML - 2 * DigestBudget.reserve)
        let driver = budget.section(
            driverBlocks(news.changes, names: names, zone: extras.timeZone), heading: "Your times",
            folded: { "\(DigestFormat.count($0, "more change")) of your times not shown, to keep this email small." })
        let mapper = budget.section(
            mapperBlocks(news.groups, names: names, zone: extras.timeZone), heading: "New records on your maps",
            folded: { "\(DigestFormat.count($0, "more map")) with new records not shown, to keep this email small." })
        text += driver.text + mapper.text + footerText
        html += driver.html + mapper.html + footerHTML
        return Digest(
            message: MailMessage(
                to: email, subject: subject, text: text.joined(separator: "\n"),
                html: DigestHTML.document(title: subject, rows: html), headers: Self.unsubscribeHeaders(extras)),
            mapperText: mapper.sectionText, driverText: driver.sectionText)
    }

    /// The footer of both parts: how to change preferences or unsubscribe, and the zone of the dates.
    static func footer(_ extras: Extras) -> (text: [String], html: [String]) {
        var text = ["--", "Dates are shown in \(extras.timeZone)."]
        var html = ["Dates are shown in \(SafeText.html(extras.timeZone))."]
        if let page = extras.preferencesURL {
            let label = "Pause this email, choose what it tells you, or get news on Discord or ntfy"
            text.append("\(label): \(page)")
            html.append(DigestHTML.anchor(page, label) + ".")
        }
        if let unsubscribe = extras.unsubscribeURL {
            text.append("Unsubscribe (pauses the daily email at once): \(unsubscribe)")
            html.append(DigestHTML.anchor(unsubscribe, "Unsubscribe") + " (pauses the daily email at once).")
        }
        return (text, [DigestHTML.footer(html.joined(separator: "<br>"))])
    }

    /// `List-Unsubscribe` (the https link, and a `mailto:` when mail has a sender address) and, for an
    /// https link, `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058 requires https).
    static func unsubscribeHeaders(_ extras: Extras) -> [(name: String, value: String)] {
        var targets: [String] = []
        if let url = extras.unsubscribeURL { targets.append("<\(url)>") }
        if let mailbox = extras.unsubscribeMailto { targets.append("<mailto:\(mailbox)?subject=unsubscribe>") }
        guard !targets.isEmpty else { return [] }
        var headers = [(name: "List-Unsubscribe", value: targets.joined(separator: ", "))]
        if extras.unsubscribeURL?.lowercased().hasPrefix("https://") == true {
            headers.append((name: "List-Unsubscribe-Post", value: "List-Unsubscribe=One-Click"))
        }
        return headers
    }

    // MARK: Formatting

    /// Escapes text for HTML element content and attribute values (``SafeText/html(_:)``).
    public static func escape(_ text: String) -> String { SafeText.html(text) }

    static func size(_ lines: [String]) -> Int { lines.reduce(0) { $0 + $1.utf8.count + 1 } }
}
