import Foundation
import RecordsCore

/// An in-memory Nadeo for the watcher: leaderboards set by the test, faults per map, a probe whose
/// answers can be emptied or thinned, and counters of what was asked.
actor StubNadeo: TrackmaniaLeaderboards, TrackmaniaDirectory, ExchangeMaps {
    enum ProbeMode: Sendable {
        case normal
        case empty
        case omit(Set<String>)
        case failing
    }

    private(set) var tops: [String: [LeaderboardRecord]] = [:]
    private var faults: [String: TrackmaniaError] = [:]
    private(set) var reads: [String: Int] = [:]
    private(set) var probeCalls = 0
    /// How many probe answers named each map (a map's first answer is the watcher's baseline).
    private(set) var probeAnswers: [String: Int] = [:]
    private(set) var readTimes: [Date] = []
    var probeMode = ProbeMode.normal
    /// Set to make every read wait (a check "mid-flight").
    var readDelay: Duration = .zero

    static func account(_ index: Int) -> String { "00000000-0000-4000-9000-\(String(format: "%012d", index))" }

    /// Sets a map's top from (player, score, timestamp) triples, ranked by score (−1 last).
    func setTop(_ uid: String, _ entries: [(player: Int, score: Int, timestamp: Int)]) {
        let sorted = entries.sorted { ($0.score < 0 ? Int.max : $0.score) < ($1.score < 0 ? Int.max : $1.score) }
        tops[uid] = sorted.enumerated().map { index, entry in
            LeaderboardRecord(
                accountId: Self.account(entry.player), zoneId: "zone-fr", zoneName: "France", position: index + 1,
                score: entry.score, timestamp: entry.timestamp)
        }
    }

    /// Adds or improves one record, keeping one per account.
    func drive(_ uid: String, player: Int, score: Int, timestamp: Int) {
        var entries = (tops[uid] ?? []).filter { $0.accountId != Self.account(player) }
            .map { (player: Int($0.accountId.suffix(12)) ?? 0, score: $0.score, timestamp: $0.timestamp) }
        entries.append((player, score, timestamp))
        setTop(uid, entries)
    }

    func setFault(_ uid: String, _ fault: TrackmaniaError?) { faults[uid] = fault }
    func setProbe(_ mode: ProbeMode) { probeMode = mode }
    func setReadDelay(_ delay: Duration) { readDelay = delay }
    func removeRecords(_ uid: String, keep: Int) { tops[uid] = Array((tops[uid] ?? []).prefix(keep)) }
    func readCount(_ uid: String) -> Int { reads[uid] ?? 0 }
    /// Whether every map in `uids` has had a probe answer (so a change to it shows in the next one).
    func probed(_ uids: [String]) -> Bool { uids.allSatisfy { (probeAnswers[$0] ?? 0) > 0 } }
    func totalReads() -> Int { reads.values.reduce(0, +) }
    func allReadTimes() -> [Date] { readTimes }

    func top(mapUid: String, onlyWorld: Bool, length: Int, offset: Int) async throws -> LeaderboardTop {
        reads[mapUid, default: 0] += 1
        readTimes.append(Date())
        if readDelay > .zero { try await Task.sleep(for: readDelay) }
        if let fault = faults[mapUid] { throw fault }
        return LeaderboardTop(
            groupUid: "Personal_Best", mapUid: mapUid,
            tops: [
                LeaderboardZoneTop(zoneId: "world", zoneName: "World", top: Array((tops[mapUid] ?? []).prefix(length)))
            ])
    }

    func positions(scores: [String: Int]) async throws -> [MapScorePosition] {
        probeCalls += 1
        switch probeMode {
        case .failing: throw TrackmaniaError.httpStatus(503)
        case .empty: return []
        case .normal, .omit:
            var omitted: Set<String> = []
            if case .omit(let set) = probeMode { omitted = set }
            let answered = scores.keys.sorted().filter { !omitted.contains($0) }
            for uid in answered { probeAnswers[uid, default: 0] += 1 }
            return answered.map { uid in
                MapScorePosition(mapUid: uid, score: scores[uid] ?? 0, position: (tops[uid]?.count ?? 0) + 1)
            }
        }
    }

    func mapInfo(mapUids: [String]) async throws -> [NadeoMapInfo] { [] }

    func searchExchangeUsers(name: String) async throws -> ExchangeUserPage { ExchangeUserPage(users: [], more: false) }
    func displayNames(accountIds: [String]) async throws -> [String: String] { [:] }
    func accountIds(displayNames: [String]) async throws -> [String: String] { [:] }
    func mapsByAuthor(_ author: String) async throws -> [ExchangeMap] { [] }
    func searchMaps(_ query: ExchangeMapQuery, count: Int, after: Int?) async throws -> ExchangeMapPage {
        ExchangeMapPage(maps: [], more: false)
    }
}

/// Accepts every mail (the watcher never mails; the daily run in these tests may).
struct NoMail: MailSender {
    func send(_ message: MailMessage) async throws {}
}

/// Counts pace slots and lets every call through (the watcher's budget in tests that do not measure it).
actor CountingPace: UpstreamPace {
    private(set) var slots = 0
    func acquire() async throws { slots += 1 }
}
