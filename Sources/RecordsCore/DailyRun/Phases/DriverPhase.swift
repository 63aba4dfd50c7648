import Foundation

/// Phase 4, drivers: each watched (driver, map) is compared with the top the check just read
/// (``DriverCheck``), the driver's stored state and any item committed in one transaction. A map
/// whose read failed leaves its notifications untouched and counts as the driver's error.
struct DriverPhase: Sendable {
    var context: DailyRunContext

    func run(drivers: [DriverPlan], tops: [String: [LeaderboardRecord]], report: inout DailyRunReport)
        async throws
    {
        let digests = context.repositories.dailyDigests
        let day = context.day
        for var plan in drivers {
            let watcher = plan.watcher
            guard let accountId = watcher.tmAccountId else { continue }
            for note in plan.notifications {
                guard let top = tops[note.mapUid] else {
                    plan.failed = true
                    continue
                }
                let queued = try await Self.commit(
                    note, userId: watcher.userId, accountId: accountId, top: top, range: context.settings.topN,
                    day: day, digests: digests, now: context.clock.now)
                if let queued {
                    plan.queued += queued.queued
                    report.itemsQueued += queued.queued
                }
                try await context.checkpoint(.driverCommitted(note.id))
            }
            let name = watcher.username ?? watcher.email
            if plan.failed {
                report.phase2Errors += 1
                try await context.history(watcher.userId, name, .driverNotification, .technicalError)
            } else if plan.queued == 0 {
                try await context.history(watcher.userId, name, .driverNotification, .noNewTimes)
            }
        }
    }

    /// Compares one watched (driver, map) with the map's top and commits the driver's state with the
    /// item it produced, in one transaction; the live watcher checks drivers through it too.
    /// - Returns: What the check decided and how many items it queued, or `nil` when the notification is gone.
    static func commit(
        _ note: DriverNotification, userId: Int, accountId: String, top: [LeaderboardRecord], range: Int, day: String,
        digests: any DailyDigestRepository, now: Date
    ) async throws -> (check: DriverCheck, queued: Int)? {
        let check = DriverCheck.evaluate(note, accountId: accountId, top: top, range: range, now: now)
        var items: [NewDigestItem] = []
        if let change = check.change {
            let key = "\(change.kind.rawValue):\(note.mapUid):\(change.newPosition ?? 0):\(change.newScore ?? 0):\(day)"
            // The record behind the news: the driver's own for an improvement, the newest passer's otherwise.
            let behind: Int? =
                switch change.kind {
                case .improved: top.first { $0.accountId == accountId }?.timestamp
                case .beaten: top.filter { change.passedBy.contains($0.accountId) }.map(\.timestamp).max()
                case .outOfRange: nil
                }
            items.append(
                NewDigestItem(
                    userId: userId, section: .driver, dedupeKey: key, mapUid: note.mapUid,
                    payload: PayloadCoding.encode(change),
                    recordedAt: behind.map { Date(timeIntervalSince1970: TimeInterval($0)) }))
        }
        guard
            try await digests.commitDriverCheck(
                notificationId: note.id, position: check.position, personalBest: check.personalBest,
                status: check.status, items: items, now: now)
        else { return nil }
        return (check, items.count)
    }
}
