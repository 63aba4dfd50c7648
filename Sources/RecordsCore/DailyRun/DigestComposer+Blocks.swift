import Foundation

/// The two sections of a digest, as blocks the composer joins into the text and HTML parts: one
/// block per change of the player's own times, one per map with new records.
extension DigestComposer {
    /// One part of a section (a map's records, or one change), as text and as HTML (a card's content).
    struct Block {
        var text: String
        var html: String
    }

    /// The driver section: one block per change, passed first.
    func driverBlocks(_ changes: [DriverChangePayload], names: [String: String], zone: String) -> [Block] {
        changes.map { change in
            let mapName = DigestFormat.name(change.mapName, fallback: change.mapUid)
            var text = [mapName]
            var html = [DigestHTML.title(DigestFormat.nameHTML(change.mapName, fallback: change.mapUid))]
            switch change.kind {
            case .beaten:
                let now = change.newPosition.map { DigestFormat.position($0) } ?? "?"
                let mine = change.newScore ?? change.oldScore
                let line =
                    "Passed: \(DigestFormat.position(change.oldPosition)) → \(now) · your time \(DigestFormat.time(mine))"
                text.append("  \(line)")
                html.append(DigestHTML.line(SafeText.html(line), strong: true))
                var rows: [String] = []
                for (index, account) in change.passedBy.enumerated() {
                    let score = change.passedByScores.flatMap { index < $0.count ? $0[index] : nil }
                    let player = DigestFormat.name(names[account] ?? "", fallback: account)
                    let playerHTML = DigestFormat.nameHTML(names[account] ?? "", fallback: account)
                    let time = score.map(DigestFormat.time)
                    let gap = score.flatMap { DigestFormat.gap($0, mine) }.map { "\($0) faster than you" }
                    let detail = [time, gap].compactMap { $0 }.joined(separator: ", ")
                    text.append("  Passed by \(player)" + (detail.isEmpty ? "" : ": \(detail)"))
                    rows.append(DigestHTML.row(lead: "↑", main: playerHTML, note: gap, value: time ?? ""))
                }
                if !rows.isEmpty { html.append(DigestHTML.rows(rows)) }
            case .improved:
                let newTime = DigestFormat.time(change.newScore ?? 0)
                var line = "New personal best: \(newTime)"
                if change.oldScore > 0 {
                    let gain = change.newScore.flatMap { DigestFormat.gap($0, change.oldScore) }
                    line += " (was \(RecordTime.format(change.oldScore))" + (gain.map { ", \($0) faster" } ?? "") + ")"
                }
                let now = change.newPosition.map { DigestFormat.position($0) } ?? "?"
                let moved = "Position: \(DigestFormat.position(change.oldPosition)) → \(now)"
                text += ["  \(line)", "  \(moved)"]
                html += [DigestHTML.line(SafeText.html(line), strong: true), DigestHTML.line(SafeText.html(moved))]
            case .outOfRange:
                let line = "You are no longer in the top \(change.range) (you were #\(change.oldPosition))"
                text.append("  \(line)")
                html.append(DigestHTML.line(SafeText.html(line), strong: true))
            }
            let date = "Detected \(ZonedTime.format(unixSeconds: change.detectedAt, zone: zone))"
            text.append("  \(date)")
            text.append("  Leaderboard: \(DigestFormat.leaderboardURL(change.mapUid))")
            html.append(DigestHTML.line(SafeText.html(date), muted: true))
            html.append(DigestHTML.links(leaderboard: DigestFormat.leaderboardURL(change.mapUid), exchange: nil))
            return Block(text: text.joined(separator: "\n") + "\n", html: html.joined(separator: "\n"))
        }
    }

    /// The mapper section: one block per map, best positions first; a map with more than
    /// ``maxNewRecordsPerMap`` records is folded to the popular-map line, its count and its links.
    func mapperBlocks(_ groups: [DigestNews.MapGroup], names: [String: String], zone: String) -> [Block] {
        groups.map { group in
            let mapName = DigestFormat.name(group.mapName, fallback: group.mapUid)
            let count = DigestFormat.count(group.records.count, "new record")
            var text = ["\(mapName) · \(count)"]
            var html = [
                DigestHTML.title(DigestFormat.nameHTML(group.mapName, fallback: group.mapUid)),
                DigestHTML.line(SafeText.html(count), muted: true),
            ]
            if group.records.count > maxNewRecordsPerMap {
                let best = "Best new position: \(DigestFormat.position(group.best))"
                text += ["  \(popularMapMessage)", "  \(best)"]
                html += [DigestHTML.line(SafeText.html(popularMapMessage)), DigestHTML.line(SafeText.html(best))]
            } else {
                var rows: [String] = []
                for record in group.records {
                    let player = DigestFormat.name(names[record.accountId] ?? "", fallback: record.accountId)
                    let zoneName = DigestFormat.name(record.zoneName, fallback: "World")
                    let time = DigestFormat.time(record.score)
                    let date = ZonedTime.format(unixSeconds: record.timestamp, zone: zone)
                    let note = record.improved ? " (improved)" : ""
                    let position = DigestFormat.position(record.position)
                    text.append("  \(position) \(player)\(note) · \(time) · \(zoneName) · \(date)")
                    let playerHTML = DigestFormat.nameHTML(names[record.accountId] ?? "", fallback: record.accountId)
                    let detail = (record.improved ? "improved · " : "") + "\(zoneName) · \(date)"
                    rows.append(DigestHTML.row(lead: position, main: playerHTML, note: detail, value: time))
                }
                html.append(DigestHTML.rows(rows))
            }
            let leaderboard = DigestFormat.leaderboardURL(group.mapUid)
            let exchange = DigestFormat.exchangeURL(group.exchangeId)
            text.append("  Leaderboard: \(leaderboard)")
            if let exchange { text.append("  Trackmania Exchange: \(exchange)") }
            html.append(DigestHTML.links(leaderboard: leaderboard, exchange: exchange))
            return Block(text: text.joined(separator: "\n") + "\n", html: html.joined(separator: "\n"))
        }
    }
}
