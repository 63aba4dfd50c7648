import Foundation
import RecordsCore

/// `GET /api/v1/records/latest?mapUid&period` (R17): a map's world top 100 in Nadeo's shape
/// (`{groupUid, mapUid, tops}`), keeping only records set inside the period (the original never
/// applied the filter). `mapUid` is checked before it can reach the upstream URL.
public struct LatestRecordsHandler: Handler {
    private let leaderboards: any TrackmaniaLeaderboards
    private let limiter: RequestLimiter

    public init(leaderboards: any TrackmaniaLeaderboards, limiter: RequestLimiter) {
        self.leaderboards = leaderboards
        self.limiter = limiter
    }

    public func handle(_ event: Event, context: HandlerContext) async throws -> Response {
        let caller = try context.requireCaller()
        guard let mapUid = try WatchingInput.single(event, "mapUid"),
            let rawPeriod = try WatchingInput.single(event, "period")
        else { throw HandlerError.badRequest("Missing required query parameters: mapUid or period") }
        guard WatchingInput.isMapUid(mapUid) else { throw HandlerError.badRequest("Invalid mapUid format") }
        guard let period = MapSearchPeriod(rawValue: rawPeriod.lowercased()) else {
            throw HandlerError.badRequest("Invalid period. Allowed: \(MapSearchPeriod.allowedList)")
        }
        try await limiter.consume(.latestRecords, key: String(caller.userId), now: context.clock.now)
        var top: LeaderboardTop
        do {
            top = try await leaderboards.top(mapUid: mapUid, onlyWorld: true, length: 100, offset: 0)
        } catch TrackmaniaError.notFound {
            throw HandlerError.notFound("Map not found")
        }
        let since = period.earliestTimestamp(now: context.clock.now)
        for index in top.tops.indices {
            top.tops[index].top.removeAll { $0.timestamp < since }
        }
        return .json(200, top)
    }
}
