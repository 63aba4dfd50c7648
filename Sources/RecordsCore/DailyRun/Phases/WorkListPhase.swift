import Foundation
import Logging

/// One mapper's work for this run.
struct MapperPlan: Sendable {
    var alert: Alert
    var mapUids: [String]
    var inaccurate: Bool
    /// Part of the mapper's check failed (a list, a probe, a read): the history row says so.
    var failed = false
    /// Items queued for the mapper by this run.
    var queued = 0
}

/// One driver's work for this run.
struct DriverPlan: Sendable {
    var watcher: DriverWatcher
    var notifications: [DriverNotification]
    var failed = false
    var queued = 0
}

/// Who and what one run covers, built by ``WorkListPhase`` and refined by the phases after it.
struct DailyRunWork: Sendable {
    var mappers: [MapperPlan] = []
    var drivers: [DriverPlan] = []
    /// Map names by uid, from the TMX lists (and Nadeo for the maps they did not name).
    var mapNames: [String: String] = [:]
    /// Trackmania Exchange ids (`MapId`) by uid, from the TMX lists, for the digest's map links.
    var exchangeIds: [String: Int] = [:]
    /// The mappers (indices into ``mappers``) watching each map.
    var watchersByMap: [String: [Int]] = [:]
    /// Every map a mapper watches, sorted.
    var mapperUids: [String] = []
    /// When each of those maps was last checked; maps never checked are absent.
    var lastChecks: [String: Date] = [:]

    /// The maps a driver watches.
    var driverUids: Set<String> { Set(drivers.flatMap { $0.notifications.map(\.mapUid) }) }

    /// Whether a map was checked since the unfinished run this one resumes began.
    func recentlyChecked(_ uid: String, resumeSince: Date?) -> Bool {
        guard let resumeSince, let checked = lastChecks[uid] else { return false }
        return checked >= resumeSince
    }
}

/// Phase 1, the work lists: one alert per user, each mapper's map list refreshed from Trackmania
/// Exchange (an accurate alert above the threshold switches to inaccurate mode), and every driver's
/// active notifications not checked since the run this one resumes.
struct WorkListPhase: Sendable {
    /// TMX author searches page by 100 (the client's page size), to count the calls they cost.
    static let exchangePageSize = 100

    var context: DailyRunContext

    func run(report: inout DailyRunReport) async throws -> DailyRunWork {
        var work = DailyRunWork()
        try await mapperLists(into: &work, report: &report)
        report.phase1Processed = work.mappers.count
        for (index, plan) in work.mappers.enumerated() {
            for uid in plan.mapUids { work.watchersByMap[uid, default: []].append(index) }
        }
        work.mapperUids = Array(work.watchersByMap.keys).sorted()
        let digests = context.repositories.dailyDigests
        work.lastChecks = try await DailyRunContext.chunked(work.mapperUids) {
            try await digests.lastChecks(mapUids: $0)
        }

        let resumeSince = context.skipCheckedSince
        for watcher in try await context.repositories.driverNotifications.watchers() {
            let notifications = try await context.repositories.driverNotifications.notifications(userId: watcher.userId)
                .filter { $0.isActive }
                .filter { note in resumeSince.map { note.lastChecked < $0 } ?? true }
            work.drivers.append(DriverPlan(watcher: watcher, notifications: notifications))
        }
        report.phase2Processed = work.drivers.count
        return work
    }

    /// Each mapper's maps, refreshed from TMX; when TMX fails the stored list is used, so the mapper
    /// still gets the news of maps others read.
    private func mapperLists(into work: inout DailyRunWork, report: inout DailyRunReport) async throws {
        let alerts = context.repositories.alerts
        let clock = context.clock
        for alert in try await alerts.alertsForDailyRun() {
            var plan = MapperPlan(alert: alert, mapUids: [], inaccurate: alert.alertType == .inaccurate)
            do {
                let maps = try await context.services.exchange.mapsByAuthor(alert.username)
                report.exchangeCalls += max(1, (maps.count + Self.exchangePageSize - 1) / Self.exchangePageSize)
                for map in maps {
                    work.mapNames[map.mapUid] = map.name
                    work.exchangeIds[map.mapUid] = map.mapId
                }
                _ = try await alerts.addMaps(alertId: alert.id, mapUids: maps.map(\.mapUid))
                try await alerts.setMapCount(alertId: alert.id, count: maps.count, now: clock.now)
                if !plan.inaccurate && maps.count > context.settings.inaccurateThreshold {
                    _ = try await alerts.setAlertType(userId: alert.userId, type: .inaccurate, now: clock.now)
                    plan.inaccurate = true
                    context.log.info(
                        "mapper switched to inaccurate mode", metadata: ["user": .stringConvertible(alert.userId)])
                }
            } catch let error as TrackmaniaError {
                report.exchangeCalls += 1
                plan.failed = true
                context.log.warning(
                    "map list failed; the stored list is used",
                    metadata: ["user": .stringConvertible(alert.userId), "failure": .string(error.diagnosticCode)])
            }
            plan.mapUids = try await alerts.mapUids(alertId: alert.id)
            work.mappers.append(plan)
        }
    }
}
