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

    /// The text stored for a map whose leaderboard could not be read.
    public static let unreadableMapMessage = "Leaderboard could not be read"

    public init(
        exchange: any ExchangeMaps, leaderboards: any TrackmaniaLeaderboards, directory: any TrackmaniaDirectory,
        logger: Logger
    ) {
        self.exchange = exchange
        self.leaderboards = leaderboards
        self.directory = directory
        self.logger = logger
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
        let maps = try await exchange.mapsByAuthor(username)
        let since = period.earliestTimestamp(now: now)
        let tops = await withTaskGroup(of: (String, Result<[LeaderboardRecord], any Error>).self) { group in
            for uid in Set(maps.map(\.mapUid)) {
                group.addTask {
                    do {
                        let top = try await leaderboards.top(mapUid: uid, onlyWorld: true, length: 100, offset: 0)
                        return (uid, .success(top.worldRecords))
                    } catch {
                        return (uid, .failure(error))
                    }
                }
            }
            var collected: [String: Result<[LeaderboardRecord], any Error>] = [:]
            for await (uid, outcome) in group { collected[uid] = outcome }
            return collected
        }
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
                names = try await directory.displayNames(accountIds: accountIds)
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
