import Foundation

/// Builds one user's digest email (plain text and HTML) from their pending items.
///
/// Subjects follow the original's three cases. Every name (username, map, player, zone, channel
/// notice) passes through ``SafeText/plain(_:)`` for both parts, so it stays on its line and cannot
/// reorder the text around it; every interpolated value is escaped with ``SafeText/html(_:)`` in the
/// HTML part, and values never become header text (``MailMessage`` keeps them as data).
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

    /// The account ids whose display names the digest shows (records of truncated maps are not listed).
    public func accountIds(records: [MapperRecordPayload], changes: [DriverChangePayload]) -> Set<String> {
        var ids = Set<String>()
        for group in Self.groupByMap(records) where group.records.count <= maxNewRecordsPerMap {
            ids.formUnion(group.records.map(\.accountId))
        }
        for change in changes { ids.formUnion(change.passedBy) }
        return ids
    }

    /// Composes the digest.
    /// - Parameters:
    ///   - username: The site username (subject and greeting).
    ///   - email: The recipient.
    ///   - records: Mapper items, oldest first.
    ///   - changes: Driver items, oldest first.
    ///   - names: Display names by account id; unknown ids show as themselves.
    ///   - extras: Time zone, links and channel notices (none by default).
    public func compose(
        username: String, email: String, records: [MapperRecordPayload], changes: [DriverChangePayload],
        names: [String: String], extras: Extras = Extras()
    ) -> Digest {
        let username = SafeText.plain(username)
        var extras = extras
        extras.timeZone = SafeText.plain(extras.timeZone)
        extras.disabledChannels = extras.disabledChannels.map(SafeText.plain)
        let mapper = mapperBlock(records, names: names, zone: extras.timeZone)
        let driver = driverBlock(changes, names: names, zone: extras.timeZone)
        let mapperText = mapper.map { $0.text }.joined(separator: "\n")
        let driverText = driver.map { $0.text }.joined(separator: "\n")
        let subject: String
        var text: [String] = []
        var html: [String] = []
        let hasMapper = !records.isEmpty
        let hasDriver = !changes.isEmpty
        if hasMapper && hasDriver {
            subject = "Daily Update: New Records & Position Changes"
            text = ["Hello \(username)!", "", "Here's your daily Trackmania update:", ""]
            html = ["<p>Hello \(Self.escape(username))!</p>", "<p>Here's your daily Trackmania update:</p>"]
            text += ["🗺️ NEW RECORDS ON YOUR MAPS:", "", mapperText, "🏎️ POSITION CHANGES:", "", driverText]
            html += ["<h2>🗺️ New records on your maps</h2>"] + mapper.map(\.html)
            html += ["<h2>🏎️ Position changes</h2>"] + driver.map(\.html)
        } else if hasMapper {
            subject = "New times in \(username)'s maps"
            text = ["New times have been driven on your map(s):", "", mapperText]
            html = ["<p>New times have been driven on your map(s):</p>"] + mapper.map(\.html)
        } else {
            subject = "Position Changes on Tracked Maps"
            text = ["Hello \(username)!", "", "Here are the position changes on maps you're tracking:", "", driverText]
            html =
                [
                    "<p>Hello \(Self.escape(username))!</p>",
                    "<p>Here are the position changes on maps you're tracking:</p>",
                ] + driver.map(\.html)
        }
        if !extras.disabledChannels.isEmpty {
            let heading = "⚠️ These push channels stopped working and are turned off:"
            let action = "Add them again on your preference page once fixed."
            text = [heading] + extras.disabledChannels.map { "- \($0)" } + [action, ""] + text
            html =
                ["<p>\(Self.escape(heading))</p>", "<ul>"]
                + extras.disabledChannels.map { "<li>\(Self.escape($0))</li>" } + ["</ul>", "<p>\(action)</p>"] + html
        }
        let (footerText, footerHTML) = Self.footer(extras)
        text += footerText
        html += footerHTML
        let htmlDocument =
            "<!DOCTYPE html>\n<html><body style=\"font-family: sans-serif\">\n" + html.joined(separator: "\n")
            + "\n</body></html>\n"
        return Digest(
            message: MailMessage(
                to: email, subject: subject, text: text.joined(separator: "\n"), html: htmlDocument,
                headers: Self.unsubscribeHeaders(extras)),
            mapperText: mapperText, driverText: driverText)
    }

    /// The footer of both parts: how to change preferences or unsubscribe, and the zone of the dates.
    static func footer(_ extras: Extras) -> (text: [String], html: [String]) {
        var text = ["", "--", "Dates are shown in \(extras.timeZone)."]
        var html = ["<hr>", "<p style=\"font-size: 12px; color: #555\">Dates are shown in \(escape(extras.timeZone))."]
        if let page = extras.preferencesURL {
            text.append("Pause this email, choose what it tells you, or get news on Discord or ntfy: \(page)")
            html.append(
                "<a href=\"\(escape(page))\">Pause this email, choose what it tells you, or get news on Discord or ntfy</a>."
            )
        }
        if let unsubscribe = extras.unsubscribeURL {
            text.append("Unsubscribe (pauses the daily email at once): \(unsubscribe)")
            html.append("<a href=\"\(escape(unsubscribe))\">Unsubscribe</a> (pauses the daily email at once).")
        }
        html[html.count - 1] += "</p>"
        return (text, html)
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
}
