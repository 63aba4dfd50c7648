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
                let now = context.clock.now
                let check = DriverCheck.evaluate(
                    note, accountId: accountId, top: top, range: context.settings.topN, now: now)
                var items: [NewDigestItem] = []
                if let change = check.change {
                    let key =
                        "\(change.kind.rawValue):\(note.mapUid):\(change.newPosition ?? 0):\(change.newScore ?? 0):\(day)"
                    items.append(
                        NewDigestItem(
                            userId: watcher.userId, section: .driver, dedupeKey: key, mapUid: note.mapUid,
                            payload: PayloadCoding.encode(change)))
                }
                if try await digests.commitDriverCheck(
                    notificationId: note.id, position: check.position, personalBest: check.personalBest,
                    status: check.status, items: items, now: now)
                {
                    plan.queued += items.count
                    report.itemsQueued += items.count
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
}
