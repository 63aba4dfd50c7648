import RecordsCore

/// The words of a push message for one digest item, before a service's formatting: `title` and
/// `lines` hold player-controlled names already passed through `name` (the Discord escaper, or
/// ``SafeText/plain(_:)`` for ntfy).
struct PushText {
    var title: String
    var lines: [String]
    var mapUid: String
    /// Whether the news is bad for the player (a beaten driver), for ntfy's priority and Discord's colour.
    var urgent: Bool
    /// ntfy tag (an emoji short code).
    var tag: String

    static func of(
        _ entry: PushNews.Entry, news: PushNews, bold: (String) -> String, name: (String) -> String
    ) -> PushText {
        // Names as the game shows them (formatting codes stripped, the id when nothing is left),
        // then escaped for the service.
        func playerName(_ id: String) -> String { name(TrackmaniaText.plain(news.name(id), fallback: id)) }
        let zone = news.timeZone
        switch entry.content {
        case .record(let record):
            let player = playerName(record.accountId)
            let map = name(TrackmaniaText.plain(record.mapName, fallback: record.mapUid))
            let note = record.improved ? " (improved)" : ""
            return PushText(
                title: "\(record.improved ? "Improved record" : "New record") on \(map)",
                lines: [
                    "\(bold("#\(record.position)")) \(player)\(note) – \(RecordTime.format(record.score))",
                    "Zone: \(name(record.zoneName))",
                    "Driven: \(PushDates.format(record.timestamp, timeZone: zone))",
                ],
                mapUid: record.mapUid, urgent: false, tag: "checkered_flag")
        case .change(let change):
            let map = name(TrackmaniaText.plain(change.mapName, fallback: change.mapUid))
            let detected = "Detected: \(PushDates.format(change.detectedAt, timeZone: zone))"
            switch change.kind {
            case .beaten:
                var lines = ["Position \(bold("#\(change.oldPosition) → #\(change.newPosition ?? 0)"))"]
                let passers = change.passedBy.map(playerName)
                if !passers.isEmpty { lines.append("Passed by: \(passers.joined(separator: ", "))") }
                lines += ["Your time: \(RecordTime.format(change.oldScore))", detected]
                return PushText(
                    title: "Someone beat your time on \(map)", lines: lines, mapUid: change.mapUid, urgent: true,
                    tag: "warning")
            case .improved:
                let newTime = RecordTime.format(change.newScore ?? 0)
                let best =
                    change.oldScore > 0
                    ? "\(bold(newTime)) (was \(RecordTime.format(change.oldScore)))" : bold(newTime)
                return PushText(
                    title: "New personal best on \(map)",
                    lines: [best, "Position #\(change.oldPosition) → #\(change.newPosition ?? 0)", detected],
                    mapUid: change.mapUid, urgent: false, tag: "rocket")
            case .outOfRange:
                return PushText(
                    title: "Out of the top \(change.range) on \(map)",
                    lines: ["You were #\(change.oldPosition)", detected], mapUid: change.mapUid, urgent: true,
                    tag: "chart_with_downwards_trend")
            }
        }
    }
}
