import Foundation
import Logging

/// Phase 3, the check: every leaderboard of ``LeaderboardReads/all`` is read once, however many
/// mappers and drivers watch it, through the shared Trackmania rate limiter
/// (``DailyRunSettings/fetchConcurrency`` in flight). Each map read for mappers goes through
/// ``MapCheck`` (its news and baselines committed in one transaction), then its probe position
/// moves. Ends with the history rows of mappers whose check failed or found nothing.
struct CheckPhase: Sendable {
    var context: DailyRunContext

    /// - Returns: The tops of the maps drivers watch, for ``DriverPhase`` (a map whose read failed is absent).
    func run(reads: LeaderboardReads, work: inout DailyRunWork, report: inout DailyRunReport) async throws
        -> [String: [LeaderboardRecord]]
    {
        let check = MapCheck(context: context)
        var driverTops: [String: [LeaderboardRecord]] = [:]
        try await withThrowingTaskGroup(of: (String, Result<[LeaderboardRecord], TrackmaniaError>).self) { group in
            var pending = reads.all.makeIterator()
            func addNext() -> Bool {
                guard let uid = pending.next() else { return false }
                group.addTask { (uid, try await check.read(mapUid: uid)) }
                return true
            }
            for _ in 0..<max(1, context.settings.fetchConcurrency) where addNext() {}
            while let (uid, result) = try await group.next() {
                _ = addNext()
                report.trackmaniaCalls += 1
                switch result {
                case .failure(let error):
                    context.log.warning(
                        "leaderboard read failed; the map waits for the next run",
                        metadata: ["map": .string(uid), "failure": .string(error.diagnosticCode)])
                    for index in work.watchersByMap[uid] ?? [] { work.mappers[index].failed = true }
                case .success(let records):
                    report.mapsFetched += 1
                    if reads.forDrivers.contains(uid) { driverTops[uid] = records }
                    guard reads.forMappers.contains(uid) else { continue }
                    try await commit(uid, records, check: check, reads: reads, work: &work, report: &report)
                }
            }
        }

        for plan in work.mappers {
            let alert = plan.alert
            if plan.failed {
                report.phase1Errors += 1
                try await context.history(alert.userId, alert.username, .mapperAlert, .technicalError)
            } else if plan.queued == 0 {
                try await context.history(alert.userId, alert.username, .mapperAlert, .noNewTimes)
            }
        }
        return driverTops
    }

    /// Commits one map's news for its mappers, then moves its probe position.
    private func commit(
        _ uid: String, _ records: [LeaderboardRecord], check: MapCheck, reads: LeaderboardReads,
        work: inout DailyRunWork, report: inout DailyRunReport
    ) async throws {
        let watchers = work.watchersByMap[uid] ?? []
        let outcome = try await check.commit(
            mapUid: uid, mapName: work.mapNames[uid] ?? uid, exchangeId: work.exchangeIds[uid], records: records,
            watchers: watchers.map { work.mappers[$0].alert }, firstCheck: work.lastChecks[uid] == nil)
        report.itemsQueued += outcome.committed
        for (index, produced) in zip(watchers, outcome.producedPerWatcher) { work.mappers[index].queued += produced }
        // The probe result moves only after the map's news is safely queued.
        if let position = reads.probed[uid] {
            let positions = context.repositories.mapPositions
            let now = outcome.checkedAt
            if reads.storedPositions[uid] == nil {
                _ = try await positions.insertBaselines(
                    [(mapUid: uid, position: position, score: ProbePhase.probeScore)], now: now)
            } else {
                _ = try await positions.update(mapUid: uid, position: position, score: ProbePhase.probeScore, now: now)
            }
        }
        try await context.checkpoint(.mapCommitted(uid))
    }
}
