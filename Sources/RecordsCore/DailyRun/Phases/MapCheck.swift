import Foundation

/// The check of one map, the step a live watcher reuses without the rest of the daily run: read the
/// map's leaderboard, diff it against the stored baselines, and commit the news for every watcher
/// together with the new baselines and the map's check stamp in one transaction.
struct MapCheck: Sendable {
    /// What one commit did.
    struct Outcome: Sendable {
        /// Items the store queued (a re-queued dedupe key counts nothing).
        var committed: Int
        /// Items produced for each watcher, in the order the watchers were given.
        var producedPerWatcher: [Int]
        /// The time the check was committed under.
        var checkedAt: Date
    }

    var leaderboards: any TrackmaniaLeaderboards
    var baselines: any RecordBaselineRepository
    var digests: any DailyDigestRepository
    var clock: any WallClock
    /// Leaderboard depth read and kept as baseline.
    var depth: Int
    /// On a map's first check, records younger than this are news; older ones only baseline.
    var firstCheckWindow: TimeInterval

    init(
        leaderboards: any TrackmaniaLeaderboards, baselines: any RecordBaselineRepository,
        digests: any DailyDigestRepository, clock: any WallClock, depth: Int, firstCheckWindow: TimeInterval
    ) {
        self.leaderboards = leaderboards
        self.baselines = baselines
        self.digests = digests
        self.clock = clock
        self.depth = depth
        self.firstCheckWindow = firstCheckWindow
    }

    init(context: DailyRunContext) {
        leaderboards = context.services.leaderboards
        baselines = context.repositories.recordBaselines
        digests = context.repositories.dailyDigests
        clock = context.clock
        depth = context.settings.topN
        firstCheckWindow = context.settings.firstCheckWindow
    }

    /// Reads the map's world top, at most ``depth`` records.
    /// - Returns: The records, or the Trackmania failure (counted by the caller, never thrown).
    /// - Throws: Only what is not a Trackmania failure (a cancellation).
    func read(mapUid: String) async throws -> Result<[LeaderboardRecord], TrackmaniaError> {
        do {
            let top = try await leaderboards.top(mapUid: mapUid, onlyWorld: true, length: depth, offset: 0)
            return .success(Array(top.worldRecords.prefix(depth)))
        } catch let error as TrackmaniaError {
            return .failure(error)
        }
    }

    /// Diffs `records` against the map's baselines and commits each watcher's news (their record
    /// filter applied) with the new baselines, in one transaction.
    /// - Parameters:
    ///   - mapName: Shown in the items (the uid when no name is known).
    ///   - exchangeId: The map's TMX id when known, for the digest's link to its TMX page.
    ///   - watchers: The alerts watching the map; a co-authored map queues the change for each at once,
    ///     so nobody consumes another's news.
    ///   - firstCheck: The map was never checked: only recent records are news.
    /// - Throws: Store failures (nothing of this map is committed then).
    func commit(
        mapUid uid: String, mapName: String, exchangeId: Int? = nil, records: [LeaderboardRecord], watchers: [Alert],
        firstCheck: Bool
    ) async throws -> Outcome {
        let previous = try await baselines.baselines(mapUids: [uid])[uid] ?? []
        let now = clock.now
        let changes = LeaderboardDiff.changes(
            current: records, baselines: previous, firstCheck: firstCheck, now: now, window: firstCheckWindow)
        var items: [NewDigestItem] = []
        var produced = Array(repeating: 0, count: watchers.count)
        for (index, alert) in watchers.enumerated() {
            for change in changes where LeaderboardDiff.passes(alert.recordFilter, position: change.record.position) {
                let record = change.record
                let payload = MapperRecordPayload(
                    mapUid: uid, mapName: mapName, accountId: record.accountId,
                    zoneName: record.zoneName.isEmpty ? "World" : record.zoneName,
                    position: record.position, score: record.score, timestamp: record.timestamp,
                    improved: change.improved, exchangeId: exchangeId)
                items.append(
                    NewDigestItem(
                        userId: alert.userId, section: .mapper,
                        dedupeKey: "record:\(uid):\(record.accountId):\(record.timestamp)", mapUid: uid,
                        payload: PayloadCoding.encode(payload),
                        recordedAt: Date(timeIntervalSince1970: TimeInterval(record.timestamp))))
                produced[index] += 1
            }
        }
        let committed = try await digests.commitMapCheck(
            mapUid: uid, baselines: LeaderboardDiff.baselines(mapUid: uid, current: records, previous: previous),
            items: items, now: now)
        return Outcome(committed: committed, producedPerWatcher: produced, checkedAt: now)
    }
}
