/// What one digest tells, in the order it tells it: the player's own news first (passed, improved,
/// out of range), then the news of their maps, grouped by map with the best positions first. The
/// subject and the summary are both made from it, so they always agree with the body.
struct DigestNews {
    /// A map's new records in one digest, best position first.
    struct MapGroup {
        var mapUid: String
        var mapName: String
        var exchangeId: Int?
        var records: [MapperRecordPayload]
        /// The best position among the records.
        var best: Int { records.map(\.position).min() ?? Int.max }
    }

    var changes: [DriverChangePayload]
    var groups: [MapGroup]

    init(records: [MapperRecordPayload], changes: [DriverChangePayload]) {
        // Stable order: by kind (passed, improved, out of range), then as the run saw them.
        let rank: [DriverChangeKind: Int] = [.beaten: 0, .improved: 1, .outOfRange: 2]
        self.changes = changes.enumerated().sorted {
            (rank[$0.element.kind] ?? 3, $0.offset) < (rank[$1.element.kind] ?? 3, $1.offset)
        }.map(\.element)
        let groups = Self.groupByMap(records)
        self.groups = groups.enumerated().sorted { ($0.element.best, $0.offset) < ($1.element.best, $1.offset) }
            .map(\.element)
    }

    /// Records grouped by map in the order maps first appear, each group sorted by position.
    static func groupByMap(_ records: [MapperRecordPayload]) -> [MapGroup] {
        var groups: [MapGroup] = []
        var index: [String: Int] = [:]
        for record in records {
            if let at = index[record.mapUid] {
                groups[at].records.append(record)
                if groups[at].exchangeId == nil { groups[at].exchangeId = record.exchangeId }
            } else {
                index[record.mapUid] = groups.count
                groups.append(
                    MapGroup(
                        mapUid: record.mapUid, mapName: record.mapName, exchangeId: record.exchangeId,
                        records: [record]))
            }
        }
        for at in groups.indices {
            groups[at].records.sort { ($0.position, $0.timestamp) < ($1.position, $1.timestamp) }
        }
        return groups
    }

    private func count(_ kind: DriverChangeKind) -> Int { changes.filter { $0.kind == kind }.count }
    private var recordCount: Int { groups.reduce(0) { $0 + $1.records.count } }

    /// The summary, one short line per kind of news, the player's own first ("You were passed on 1 map").
    var summary: [String] {
        var lines: [String] = []
        let passed = Set(changes.filter { $0.kind == .beaten }.map(\.mapUid)).count
        if passed > 0 { lines.append("You were passed on \(DigestFormat.count(passed, "map"))") }
        let improved = count(.improved)
        if improved > 0 { lines.append("You set \(DigestFormat.count(improved, "new personal best"))") }
        let out = count(.outOfRange)
        if out > 0 { lines.append("You left the top \(outRange) on \(DigestFormat.count(out, "map"))") }
        if !groups.isEmpty {
            let maps = groups.count == 1 ? "your map" : "\(groups.count) of your maps"
            lines.append("\(DigestFormat.count(recordCount, "new record")) on \(maps)")
        }
        return lines
    }

    /// One subject style that says what happened, e.g. "3 new records on your maps · you were passed
    /// on 1 map"; a single map is named (made plain, bounded).
    var subject: String {
        var parts: [String] = []
        if !groups.isEmpty {
            let records = DigestFormat.count(recordCount, "new record")
            if groups.count == 1 {
                let name = DigestFormat.name(
                    groups[0].mapName, fallback: groups[0].mapUid, limit: DigestFormat.subjectNameLimit)
                parts.append("\(records) on \(name)")
            } else {
                parts.append("\(records) on your maps")
            }
        }
        let passed = Set(changes.filter { $0.kind == .beaten }.map(\.mapUid)).count
        if passed > 0 { parts.append("you were passed on \(DigestFormat.count(passed, "map"))") }
        let improved = count(.improved)
        if improved > 0 { parts.append(DigestFormat.count(improved, "new personal best")) }
        let out = count(.outOfRange)
        if out > 0 { parts.append("you left the top \(outRange) on \(DigestFormat.count(out, "map"))") }
        let subject = parts.joined(separator: " · ")
        return subject.prefix(1).uppercased() + subject.dropFirst()
    }

    /// The depth a driver left (the run's; the largest when runs with other depths are mixed).
    private var outRange: Int { changes.filter { $0.kind == .outOfRange }.map(\.range).max() ?? 100 }
}
