import Foundation

/// The two sections of a digest, as blocks the composer joins into the text and HTML parts.
extension DigestComposer {
    /// One part of a section (a map's records, or one change), as text and as HTML.
    struct Block {
        var text: String
        var html: String
    }

    /// A map's records in one digest.
    struct MapGroup {
        var mapUid: String
        var mapName: String
        var records: [MapperRecordPayload]
    }

    /// Records grouped by map in the order maps first appear.
    static func groupByMap(_ records: [MapperRecordPayload]) -> [MapGroup] {
        var groups: [MapGroup] = []
        var index: [String: Int] = [:]
        for record in records {
            if let at = index[record.mapUid] {
                groups[at].records.append(record)
            } else {
                index[record.mapUid] = groups.count
                groups.append(MapGroup(mapUid: record.mapUid, mapName: record.mapName, records: [record]))
            }
        }
        return groups
    }

    /// The mapper section: one block per map, its records by position (or the popular-map line).
    func mapperBlock(_ records: [MapperRecordPayload], names: [String: String], zone: String) -> [Block] {
        Self.groupByMap(records).map { group in
            let mapName = TrackmaniaText.display(group.mapName, fallback: group.mapUid)
            var text = ["🗺️ Map: \(mapName)"]
            var html = ["<h3>🗺️ \(Self.escape(mapName))</h3>"]
            if group.records.count > maxNewRecordsPerMap {
                text.append("⚠️ \(popularMapMessage) (\(group.records.count) new records)")
                html.append(
                    "<p>⚠️ \(Self.escape(popularMapMessage)) (\(group.records.count) new records)</p>")
            } else {
                html.append("<ul>")
                for record in group.records.sorted(by: { ($0.position, $0.timestamp) < ($1.position, $1.timestamp) }) {
                    let player = TrackmaniaText.display(names[record.accountId] ?? "", fallback: record.accountId)
                    let zoneName = SafeText.plain(record.zoneName)
                    let note = record.improved ? " (improved)" : ""
                    let time = RecordTime.format(record.score)
                    let date = ZonedTime.format(unixSeconds: record.timestamp, zone: zone)
                    text += [
                        "🏎️ Player: \(player)\(note)", "🌍 Zone: \(zoneName)", "🥇 Position: \(record.position)",
                        "⏱️ Time: \(time)", "📅 Date: \(date)", "",
                    ]
                    html.append(
                        "<li><strong>#\(record.position)</strong> \(Self.escape(player))\(note) "
                            + "(\(Self.escape(zoneName))) – \(time) – \(date)</li>")
                }
                html.append("</ul>")
            }
            return Block(text: text.joined(separator: "\n") + "\n", html: html.joined(separator: "\n"))
        }
    }

    /// The driver section: one block per change.
    func driverBlock(_ changes: [DriverChangePayload], names: [String: String], zone: String) -> [Block] {
        changes.map { change in
            let mapName = TrackmaniaText.display(change.mapName, fallback: change.mapUid)
            var text = ["🏎️ Map: \(mapName)"]
            var html = ["<h3>🏎️ \(Self.escape(mapName))</h3>"]
            let date = ZonedTime.format(unixSeconds: change.detectedAt, zone: zone)
            switch change.kind {
            case .beaten:
                let newPosition = change.newPosition ?? 0
                text.append("📍 Someone beat your time – position #\(change.oldPosition) → #\(newPosition)")
                html.append(
                    "<p>📍 Someone beat your time – position #\(change.oldPosition) → #\(newPosition)</p>")
                let passers = change.passedBy.map { TrackmaniaText.display(names[$0] ?? "", fallback: $0) }
                if !passers.isEmpty {
                    text.append("👤 Passed by: \(passers.joined(separator: ", "))")
                    html.append("<p>👤 Passed by: \(passers.map(Self.escape).joined(separator: ", "))</p>")
                }
                text.append("⏱️ Your time: \(RecordTime.format(change.oldScore))")
                html.append("<p>⏱️ Your time: \(RecordTime.format(change.oldScore))</p>")
            case .improved:
                let newPosition = change.newPosition ?? 0
                let newTime = RecordTime.format(change.newScore ?? 0)
                let line =
                    change.oldScore > 0
                    ? "🚀 New personal best: \(newTime) (was \(RecordTime.format(change.oldScore)))"
                    : "🚀 New personal best: \(newTime)"
                text += [line, "🥇 Position: #\(change.oldPosition) → #\(newPosition)"]
                html += ["<p>\(line)</p>", "<p>🥇 Position: #\(change.oldPosition) → #\(newPosition)</p>"]
            case .outOfRange:
                let line = "📉 You are no longer in the top \(change.range) (you were #\(change.oldPosition))"
                text.append(line)
                html.append("<p>\(line)</p>")
            }
            text.append("📅 Detected: \(date)")
            html.append("<p>📅 Detected: \(date)</p>")
            return Block(text: text.joined(separator: "\n") + "\n", html: html.joined(separator: "\n"))
        }
    }
}
