import Foundation
import Logging

/// The work of one "newest times" search (R3): the author's maps from Trackmania Exchange, the
/// world top 100 of each through the rate-limited client, the records inside the period, and the
/// drivers' display names through the cache.
///
/// A map whose leaderboard cannot be read is reported in the result (`error`, empty `leaderboard`)
/// instead of failing the whole search, as the original did.
public struct MapSearchRunner: Sendable {
    private let exchange: any ExchangeMaps
    private let leaderboards: any TrackmaniaLeaderboards
    private let directory: any TrackmaniaDirectory
    private let logger: Logger
    private let pace: (any UpstreamPace)?
    private let concurrency: Int

    /// The text stored for a map whose leaderboard could not be read.
    public static let unreadableMapMessage = "Leaderboard could not be read"
    /// Display names asked per call of the OAuth API (its batch size).
    static let namesPerCall = 50

    /// - Parameters:
    ///   - pace: The worker's share of the Trackmania budget: a slot is taken before every upstream call
    ///     (the TMX listing, each leaderboard, each batch of 50 display names), so a search of an author
    ///     with hundreds of maps cannot take the slots the daily run and other routes need. `nil`: only
    ///     the process-wide pace applies (tests).
    ///   - concurrency: Leaderboards requested at once. Small, because each request in flight holds a
    ///     reserved slot of the process-wide pace that other callers then queue behind.
    public init(
        exchange: any ExchangeMaps, leaderboards: any TrackmaniaLeaderboards, directory: any TrackmaniaDirectory,
        logger: Logger, pace: (any UpstreamPace)? = nil, concurrency: Int = 2
    ) {
        self.exchange = exchange
        self.leaderboards = leaderboards
        self.directory = directory
        self.logger = logger
        self.pace = pace
        self.concurrency = max(1, concurrency)
    }

    /// Runs the search.
    /// - Parameters:
    ///   - username: The TMX author name.
    ///   - period: The window.
    ///   - now: The end of the window.
    /// - Returns: The result array as stored and returned by R4: one entry per map with records in the
    ///   window (`mapId`, `mapName`, `leaderboard`), plus one per unreadable map (`error`).
    /// - Throws: ``TrackmaniaError`` when the map list itself cannot be read; `CancellationError`.
    public func search(username: String, period: MapSearchPeriod, now: Date) async throws -> [JSONValue] {
        try await pace?.acquire()
        let maps = try await exchange.mapsByAuthor(username)
        let since = period.earliestTimestamp(now: now)
        let tops = await worldTops(Set(maps.map(\.mapUid)).sorted())
        try Task.checkCancellation()

        var fresh: [String: [LeaderboardRecord]] = [:]
        var failed = 0
        for (uid, outcome) in tops {
            switch outcome {
            case .success(let records): fresh[uid] = records.filter { $0.timestamp >= since }
            case .failure: failed += 1
            }
        }
        let accountIds = Set(fresh.values.joined().map(\.accountId)).sorted()
        var names: [String: String] = [:]
        if !accountIds.isEmpty {
            do {
                for start in stride(from: 0, to: accountIds.count, by: Self.namesPerCall) {
                    try await pace?.acquire()
                    let batch = Array(accountIds[start..<min(start + Self.namesPerCall, accountIds.count)])
                    names.merge(try await directory.displayNames(accountIds: batch)) { first, _ in first }
                }
            } catch {
                // Names are a nicety: entries simply lack `playerName`, as in the original.
                logger.warning("display names unavailable for a map search", metadata: ["error": "\(type(of: error))"])
            }
        }
        if failed > 0 {
            logger.warning(
                "map search could not read some leaderboards",
                metadata: ["failed": "\(failed)", "maps": "\(maps.count)"])
        }

        var result: [JSONValue] = []
        var seen = Set<String>()
        for map in maps where seen.insert(map.mapUid).inserted {
            switch tops[map.mapUid] {
            case .failure?:
                result.append(
                    [
                        "mapId": .int(map.mapId), "mapUid": .string(map.mapUid), "mapName": .string(map.name),
                        "leaderboard": [], "error": .string(Self.unreadableMapMessage),
                    ])
            case .success?:
                let records = fresh[map.mapUid] ?? []
                guard !records.isEmpty else { continue }
                result.append(
                    [
                        "mapId": .int(map.mapId), "mapUid": .string(map.mapUid), "mapName": .string(map.name),
                        "leaderboard": .array(records.map { Self.entry($0, name: names[$0.accountId]) }),
                    ])
            case nil:
                continue
            }
        }
        return result
    }

    /// The world top 100 of each map, at most ``concurrency`` requests in flight, each after a slot of
    /// the worker's pace.
    private func worldTops(_ uids: [String]) async -> [String: Result<[LeaderboardRecord], any Error>] {
        let pace = self.pace
        let leaderboards = self.leaderboards
        let fetch: @Sendable (String) async -> (String, Result<[LeaderboardRecord], any Error>) = { uid in
            do {
                try await pace?.acquire()
                let top = try await leaderboards.top(mapUid: uid, onlyWorld: true, length: 100, offset: 0)
                return (uid, .success(top.worldRecords))
            } catch {
                return (uid, .failure(error))
            }
        }
        return await withTaskGroup(of: (String, Result<[LeaderboardRecord], any Error>).self) { group in
            var pending = uids.makeIterator()
            for _ in 0..<concurrency {
                guard let uid = pending.next() else { break }
                group.addTask { await fetch(uid) }
            }
            var collected: [String: Result<[LeaderboardRecord], any Error>] = [:]
            while let (uid, outcome) = await group.next() {
                collected[uid] = outcome
                if !Task.isCancelled, let next = pending.next() { group.addTask { await fetch(next) } }
            }
            return collected
        }
    }

    static func entry(_ record: LeaderboardRecord, name: String?) -> JSONValue {
        var object: JSONObject = [
            "accountId": .string(record.accountId), "zoneId": .string(record.zoneId),
            "zoneName": .string(record.zoneName), "position": .int(record.position), "score": .int(record.score),
            "timestamp": .int(record.timestamp),
        ]
        if let name { object["playerName"] = .string(name) }
        return .object(object)
    }
}
