import Foundation

/// Leaderboard reads against Nadeo Live services (group `Personal_Best`).
///
/// Implementations authenticate, rate-limit and retry; callers may call concurrently and the shared
/// limiter decides how fast traffic actually goes.
public protocol TrackmaniaLeaderboards: Sendable {
    /// The top of a map's `Personal_Best` leaderboard.
    /// - Parameters:
    ///   - mapUid: The Nadeo map uid.
    ///   - onlyWorld: Without it Nadeo ignores `length`/`offset` and returns 5 records.
    ///   - length: 1...100 (Nadeo caps larger values at 100).
    ///   - offset: Records to skip (only with `onlyWorld`; at most the first 10,000 are readable).
    /// - Returns: The top; an unknown map has an empty world top.
    /// - Throws: ``TrackmaniaError``.
    func top(mapUid: String, onlyWorld: Bool, length: Int, offset: Int) async throws -> LeaderboardTop

    /// The rank a record with each score would get, in batches of at most 50 maps per call.
    /// - Parameter scores: map uid → score in milliseconds.
    /// - Returns: One entry per map Nadeo knows; unknown or closed maps are absent.
    /// - Throws: ``TrackmaniaError``.
    func positions(scores: [String: Int]) async throws -> [MapScorePosition]

    /// Map metadata for up to any number of uids (batched 100 per call); unknown uids are absent.
    /// - Throws: ``TrackmaniaError``.
    func mapInfo(mapUids: [String]) async throws -> [NadeoMapInfo]
}

extension TrackmaniaLeaderboards {
    /// The world top 100 of every map, fetched concurrently (the shared limiter paces the calls).
    /// - Parameters:
    ///   - mapUids: Distinct map uids.
    ///   - length: Records per map, at most 100.
    /// - Returns: map uid → top, for every requested map.
    /// - Throws: The first ``TrackmaniaError``; the other fetches are cancelled.
    public func worldTops(mapUids: [String], length: Int = 100) async throws -> [String: LeaderboardTop] {
        try await withThrowingTaskGroup(of: (String, LeaderboardTop).self) { group in
            for uid in Set(mapUids) {
                group.addTask { (uid, try await self.top(mapUid: uid, onlyWorld: true, length: length, offset: 0)) }
            }
            var result: [String: LeaderboardTop] = [:]
            for try await (uid, top) in group { result[uid] = top }
            return result
        }
    }
}
