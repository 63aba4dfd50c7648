import Foundation
import Logging

/// The daily pipeline as orchestration over RecordsCore protocols: read every watched leaderboard
/// once, turn what changed since each map's baseline into digest items (committed with the baseline
/// in one transaction), then mail each user one digest of their pending items.
///
/// Every step is idempotent, so a run that stopped anywhere is resumed by running again: maps whose
/// baselines moved produce nothing twice, pending items are sent by the next send phase, and items
/// are marked delivered only after the mailer accepted the message.
public struct DailyRunner: Sendable {
    /// The Trackmania services and the mailer the run talks to.
    public struct Services: Sendable {
        public var leaderboards: any TrackmaniaLeaderboards
        public var directory: any TrackmaniaDirectory
        public var exchange: any ExchangeMaps
        public var mailer: any MailSender
        /// Posts to Discord webhooks and ntfy topics; `nil` leaves the push phase out.
        public var push: (any PushTransport)?

        public init(
            leaderboards: any TrackmaniaLeaderboards, directory: any TrackmaniaDirectory, exchange: any ExchangeMaps,
            mailer: any MailSender, push: (any PushTransport)? = nil
        ) {
            self.leaderboards = leaderboards
            self.directory = directory
            self.exchange = exchange
            self.mailer = mailer
            self.push = push
        }
    }

    /// The sentinel score whose position tells how many records a map has (inaccurate mode).
    static let probeScore = 9_999_999
    /// TMX author searches page by 100 (the client's page size), to count the calls they cost.
    static let exchangePageSize = 100

    public var repositories: Repositories
    public var services: Services
    public var settings: DailyRunSettings
    public var clock: any WallClock
    public var logger: Logger
    /// Called at named points; tests throw from it to simulate a crash there.
    public var checkpoint: @Sendable (DailyRunCheckpoint) async throws -> Void

    public init(
        repositories: Repositories, services: Services, settings: DailyRunSettings, clock: any WallClock,
        logger: Logger, checkpoint: @escaping @Sendable (DailyRunCheckpoint) async throws -> Void = { _ in }
    ) {
        self.repositories = repositories
        self.services = services
        self.settings = settings
        self.clock = clock
        self.logger = logger
        self.checkpoint = checkpoint
    }

    /// One mapper's work for this run.
    struct MapperPlan {
        var alert: Alert
        var mapUids: [String]
        var inaccurate: Bool
        var failed = false
        var queued = 0
    }

    /// One driver's work for this run.
    struct DriverPlan {
        var watcher: DriverWatcher
        var notifications: [DriverNotification]
        var failed = false
        var queued = 0
    }

    /// Runs the pipeline.
    /// - Parameters:
    ///   - runId: The `daily_runs` row this run reports under.
    ///   - resumeSince: When an earlier, unfinished run began: maps checked since then are not read again.
    ///   - progress: Called with the counters at each phase boundary.
    /// - Returns: The counters.
    /// - Throws: Store failures (the run stops; everything committed so far stays valid) and
    ///   whatever ``checkpoint`` throws. Trackmania and mail failures are counted, not thrown.
    public func run(
        runId: Int, resumeSince: Date?, progress: @Sendable (DailyRunReport) async -> Void = { _ in }
    ) async throws -> DailyRunReport {
        var report = DailyRunReport(runId: runId, phase: .lists)
        do {
            try await runPhases(report: &report, runId: runId, resumeSince: resumeSince, progress: progress)
        } catch {
            // The counters reached so far (items queued, emails sent) are true even though the run
            // stopped; the phase-boundary summary alone would report them as 0.
            throw DailyRunInterrupted(report: report, cause: error)
        }
        return report
    }

    private func runPhases(
        report: inout DailyRunReport, runId: Int, resumeSince: Date?,
        progress: @Sendable (DailyRunReport) async -> Void
    ) async throws {
        let repos = repositories
        let startedAt = clock.now
        let day = Timestamps.utcDay(startedAt)
        var log = logger
        log[metadataKey: "daily-run"] = .string(String(runId))

        // Phase 1a: mapper work lists (TMX refreshes each alert's maps).
        var mapNames: [String: String] = [:]
        var mappers: [MapperPlan] = []
        for alert in try await repos.alerts.alertsForDailyRun() {
            var plan = MapperPlan(alert: alert, mapUids: [], inaccurate: alert.alertType == .inaccurate)
            do {
                let maps = try await services.exchange.mapsByAuthor(alert.username)
                report.exchangeCalls += max(1, (maps.count + Self.exchangePageSize - 1) / Self.exchangePageSize)
                for map in maps { mapNames[map.mapUid] = map.name }
                _ = try await repos.alerts.addMaps(alertId: alert.id, mapUids: maps.map(\.mapUid))
                try await repos.alerts.setMapCount(alertId: alert.id, count: maps.count, now: clock.now)
                if !plan.inaccurate && maps.count > settings.inaccurateThreshold {
                    _ = try await repos.alerts.setAlertType(userId: alert.userId, type: .inaccurate, now: clock.now)
                    plan.inaccurate = true
                    log.info("mapper switched to inaccurate mode", metadata: ["user": .stringConvertible(alert.userId)])
                }
            } catch let error as TrackmaniaError {
                report.exchangeCalls += 1
                plan.failed = true
                log.warning(
                    "map list failed; the stored list is used",
                    metadata: ["user": .stringConvertible(alert.userId), "failure": .string(error.diagnosticCode)])
            }
            plan.mapUids = try await repos.alerts.mapUids(alertId: alert.id)
            mappers.append(plan)
        }
        report.phase1Processed = mappers.count

        var watchersByMap: [String: [Int]] = [:]
        for (index, plan) in mappers.enumerated() {
            for uid in plan.mapUids { watchersByMap[uid, default: []].append(index) }
        }
        let mapperUids = Array(watchersByMap.keys).sorted()
        let lastChecks = try await chunked(mapperUids) { try await repos.dailyDigests.lastChecks(mapUids: $0) }
        func recentlyChecked(_ uid: String) -> Bool {
            guard let resumeSince, let checked = lastChecks[uid] else { return false }
            return checked >= resumeSince
        }

        // Phase 1b: accurate maps are all read; inaccurate maps only when a position probe says they changed.
        var fetchForMappers = Set<String>()
        var inaccurateOnly = Set<String>()
        for uid in mapperUids {
            let watchers = watchersByMap[uid] ?? []
            if watchers.contains(where: { !mappers[$0].inaccurate }) {
                fetchForMappers.insert(uid)
            } else {
                inaccurateOnly.insert(uid)
            }
        }
        var probed: [String: Int] = [:]
        var storedPositions: [String: MapPosition] = [:]
        let probeUids = inaccurateOnly.filter { !recentlyChecked($0) }.sorted()
        if !probeUids.isEmpty {
            do {
                let scores = Dictionary(uniqueKeysWithValues: probeUids.map { ($0, Self.probeScore) })
                report.trackmaniaCalls += (probeUids.count + 49) / 50
                let positions = try await services.leaderboards.positions(scores: scores)
                storedPositions = try await chunked(probeUids) { try await repos.mapPositions.positions(mapUids: $0) }
                for position in positions {
                    let stored = storedPositions[position.mapUid]
                    if stored?.position != position.position || lastChecks[position.mapUid] == nil {
                        probed[position.mapUid] = position.position
                    }
                }
            } catch let error as TrackmaniaError {
                log.warning("position probes failed", metadata: ["failure": .string(error.diagnosticCode)])
                for index in mappers.indices where mappers[index].inaccurate { mappers[index].failed = true }
            }
        }
        fetchForMappers.formUnion(probed.keys)
        fetchForMappers = fetchForMappers.filter { !recentlyChecked($0) }

        // Phase 2a: driver work lists.
        var drivers: [DriverPlan] = []
        for watcher in try await repos.driverNotifications.watchers() {
            let notifications = try await repos.driverNotifications.notifications(userId: watcher.userId)
                .filter { $0.isActive }
                .filter { note in resumeSince.map { note.lastChecked < $0 } ?? true }
            drivers.append(DriverPlan(watcher: watcher, notifications: notifications))
        }
        report.phase2Processed = drivers.count
        let driverUids = Set(drivers.flatMap { $0.notifications.map(\.mapUid) })

        // Map names the TMX lists did not give (maps of failed lists), from Nadeo in batches of 100.
        let unnamed = fetchForMappers.filter { mapNames[$0] == nil }.sorted()
        if !unnamed.isEmpty {
            report.trackmaniaCalls += (unnamed.count + 99) / 100
            if let infos = try? await services.leaderboards.mapInfo(mapUids: unnamed) {
                for info in infos { mapNames[info.uid] = info.name }
            }
        }

        // Phase 1c: every leaderboard once, however many mappers and drivers watch it.
        report.phase = .fetch
        await progress(report)
        let toFetch = fetchForMappers.union(driverUids).sorted()
        var driverTops: [String: [LeaderboardRecord]] = [:]
        var failedMaps = Set<String>()
        let leaderboards = services.leaderboards
        let depth = settings.topN
        try await withThrowingTaskGroup(of: (String, Result<[LeaderboardRecord], TrackmaniaError>).self) { group in
            var pending = toFetch.makeIterator()
            func addNext() -> Bool {
                guard let uid = pending.next() else { return false }
                group.addTask {
                    do {
                        let top = try await leaderboards.top(mapUid: uid, onlyWorld: true, length: depth, offset: 0)
                        return (uid, .success(Array(top.worldRecords.prefix(depth))))
                    } catch let error as TrackmaniaError {
                        return (uid, .failure(error))
                    }
                }
                return true
            }
            for _ in 0..<max(1, settings.fetchConcurrency) where addNext() {}
            while let (uid, result) = try await group.next() {
                _ = addNext()
                report.trackmaniaCalls += 1
                switch result {
                case .failure(let error):
                    failedMaps.insert(uid)
                    log.warning(
                        "leaderboard read failed; the map waits for the next run",
                        metadata: ["map": .string(uid), "failure": .string(error.diagnosticCode)])
                    for index in watchersByMap[uid] ?? [] { mappers[index].failed = true }
                case .success(let records):
                    report.mapsFetched += 1
                    if driverUids.contains(uid) { driverTops[uid] = records }
                    guard fetchForMappers.contains(uid) else { continue }
                    let baselines = try await repos.recordBaselines.baselines(mapUids: [uid])[uid] ?? []
                    let now = clock.now
                    let changes = LeaderboardDiff.changes(
                        current: records, baselines: baselines, firstCheck: lastChecks[uid] == nil, now: now,
                        window: settings.firstCheckWindow)
                    var items: [NewDigestItem] = []
                    var perUser: [Int: Int] = [:]
                    for index in watchersByMap[uid] ?? [] {
                        let alert = mappers[index].alert
                        for change in changes
                        where LeaderboardDiff.passes(alert.recordFilter, position: change.record.position) {
                            let record = change.record
                            let payload = MapperRecordPayload(
                                mapUid: uid, mapName: mapNames[uid] ?? uid, accountId: record.accountId,
                                zoneName: record.zoneName.isEmpty ? "World" : record.zoneName,
                                position: record.position, score: record.score, timestamp: record.timestamp,
                                improved: change.improved)
                            items.append(
                                NewDigestItem(
                                    userId: alert.userId, section: .mapper,
                                    dedupeKey: "record:\(uid):\(record.accountId):\(record.timestamp)", mapUid: uid,
                                    payload: PayloadCoding.encode(payload)))
                            perUser[index, default: 0] += 1
                        }
                    }
                    report.itemsQueued += try await repos.dailyDigests.commitMapCheck(
                        mapUid: uid,
                        baselines: LeaderboardDiff.baselines(mapUid: uid, current: records, previous: baselines),
                        items: items,
                        now: now)
                    for (index, count) in perUser { mappers[index].queued += count }
                    // The probe result moves only after the map's news is safely queued.
                    if let position = probed[uid] {
                        if storedPositions[uid] == nil {
                            _ = try await repos.mapPositions.insertBaselines(
                                [(mapUid: uid, position: position, score: Self.probeScore)], now: now)
                        } else {
                            _ = try await repos.mapPositions.update(
                                mapUid: uid, position: position, score: Self.probeScore, now: now)
                        }
                    }
                    try await checkpoint(.mapCommitted(uid))
                }
            }
        }

        for plan in mappers {
            if plan.failed {
                report.phase1Errors += 1
                try await history(plan.alert.userId, plan.alert.username, .mapperAlert, .technicalError, day: day)
            } else if plan.queued == 0 {
                try await history(plan.alert.userId, plan.alert.username, .mapperAlert, .noNewTimes, day: day)
            }
        }

        // Phase 2b: drivers against the leaderboards just read.
        report.phase = .drivers
        await progress(report)
        for index in drivers.indices {
            let watcher = drivers[index].watcher
            guard let accountId = watcher.tmAccountId else { continue }
            for note in drivers[index].notifications {
                guard let top = driverTops[note.mapUid] else {
                    drivers[index].failed = true
                    continue
                }
                let now = clock.now
                let check = DriverCheck.evaluate(note, accountId: accountId, top: top, range: settings.topN, now: now)
                var items: [NewDigestItem] = []
                if let change = check.change {
                    let key =
                        "\(change.kind.rawValue):\(note.mapUid):\(change.newPosition ?? 0):\(change.newScore ?? 0):\(day)"
                    items.append(
                        NewDigestItem(
                            userId: watcher.userId, section: .driver, dedupeKey: key, mapUid: note.mapUid,
                            payload: PayloadCoding.encode(change)))
                }
                if try await repos.dailyDigests.commitDriverCheck(
                    notificationId: note.id, position: check.position, personalBest: check.personalBest,
                    status: check.status, items: items, now: now)
                {
                    drivers[index].queued += items.count
                    report.itemsQueued += items.count
                }
                try await checkpoint(.driverCommitted(note.id))
            }
            let name = watcher.username ?? watcher.email
            if drivers[index].failed {
                report.phase2Errors += 1
                try await history(watcher.userId, name, .driverNotification, .technicalError, day: day)
            } else if drivers[index].queued == 0 {
                try await history(watcher.userId, name, .driverNotification, .noNewTimes, day: day)
            }
        }

        try await pushPhase(report: &report, log: log)
        // Phase 3: one digest per user per UTC day from the pending items.
        report.phase = .send
        await progress(report)
        try await send(report: &report, log: log)
        report.phase = .completed
    }

    // MARK: Send phase

    private func send(report: inout DailyRunReport, log: Logger) async throws {
        let repos = repositories
        let userIds = try await repos.dailyDigests.usersWithPendingItems()
        guard !userIds.isEmpty else { return }
        let composer = DigestComposer(settings: settings)

        // Every display name the digests show, asked for at once (cached names cost nothing). Items
        // are read twice rather than all held at once: memory stays flat however many users wait.
        var wanted = Set<String>()
        for userId in userIds {
            let (records, changes) = Self.decode(try await repos.dailyDigests.pendingItems(userId: userId))
            wanted.formUnion(composer.accountIds(records: records, changes: changes))
        }
        var names: [String: String] = [:]
        if !wanted.isEmpty {
            let ids = wanted.sorted()
            let fresh = clock.now.addingTimeInterval(-settings.displayNameLifetime)
            let cached = try await repos.displayNames.displayNames(accountIds: ids, freshSince: fresh)
            // Ids the OAuth API did not know are remembered too and cost no call either.
            let unknown =
                ids.count - cached.count
                - (try await repos.displayNames.unknownIds(accountIds: ids, freshSince: fresh)).count
            report.trackmaniaCalls += (unknown + 49) / 50
            do {
                names = try await services.directory.displayNames(accountIds: ids)
            } catch {
                // Better stale names than none: any cached name, whatever its age.
                log.warning("display names unavailable; cached names are used")
                names = try await repos.displayNames.displayNames(accountIds: ids, freshSince: .distantPast)
            }
        }

        for userId in userIds {
            guard let user = try await repos.users.user(id: userId) else { continue }
            let items = try await repos.dailyDigests.pendingItems(userId: userId)
            let username = user.username ?? user.email
            let day = Timestamps.utcDay(clock.now)
            // `delivered_at` is the email side only (push has its own ledger). A paused digest settles
            // its items without a mail, so resuming starts from fresh news instead of a backlog.
            let prefs = try await repos.preferences.preferences(userId: user.id)
            if prefs.digestPaused {
                try await repos.dailyDigests.markDelivered(ids: items.map(\.id), now: clock.now)
                log.debug(
                    "digest paused; items settled without a mail", metadata: ["user": .stringConvertible(user.id)])
                continue
            }
            if try await repos.dailyDigests.email(username: username, day: day)?.status == .sent {
                report.emailsSkipped += 1
                continue
            }
            // News kinds the player routed away from email are settled too, never mailed.
            let (mailed, unrouted) = Self.route(items, to: prefs.emailNews)
            let (records, changes) = Self.decode(mailed)
            guard !records.isEmpty || !changes.isEmpty else {
                try await repos.dailyDigests.markDelivered(ids: unrouted.map(\.id), now: clock.now)
                continue
            }
            let disabled = try await repos.pushChannels.unreportedDisabled(userId: user.id)
            var extras = DigestComposer.Extras(
                timeZone: prefs.timeZone,
                disabledChannels: disabled.map { "\($0.hint): \($0.disabledReason ?? "the service refused it")" })
            if let links = settings.preferenceLinks {
                let token = links.token(userId: user.id, generation: prefs.linkGeneration, now: clock.now)
                extras.preferencesURL = links.pageURL(token: token)
                extras.unsubscribeURL = links.unsubscribeURL(token: token)
                extras.unsubscribeMailto = links.mailtoAddress
            }
            let digest = composer.compose(
                username: username, email: user.email, records: records, changes: changes, names: names,
                extras: extras)
            try await checkpoint(.beforeSend(userId: user.id))
            do {
                try await services.mailer.send(digest.message)
            } catch {
                report.emailsFailed += 1
                log.warning(
                    "digest not delivered; its items stay pending",
                    metadata: [
                        "user": .stringConvertible(user.id),
                        "failure": .string((error as? MailError)?.diagnosticCode ?? "unexpected"),
                    ])
                continue
            }
            try await checkpoint(.afterSend(userId: user.id))
            let now = clock.now
            try await repos.dailyDigests.recordDelivery(
                itemIds: items.map(\.id), username: username, email: user.email, day: day,
                mapperContent: digest.mapperText, driverContent: digest.driverText, now: now)
            report.emailsSent += 1
            try await repos.pushChannels.markDisabledReported(channelIds: disabled.map(\.id), now: now)
            if !records.isEmpty {
                let maps = Set(records.map(\.mapUid)).count
                _ = try await repos.notificationHistory.record(
                    NewNotificationHistoryEntry(
                        userId: user.id, username: username, kind: .mapperAlert, status: .sent,
                        message: "Notification sent for \(maps) map(s)!", recordsFound: records.count,
                        processingDate: day), now: now)
            }
            if !changes.isEmpty {
                let maps = Set(changes.map(\.mapUid)).count
                _ = try await repos.notificationHistory.record(
                    NewNotificationHistoryEntry(
                        userId: user.id, username: username, kind: .driverNotification, status: .sent,
                        message: "Notification sent for \(maps) map(s)!", recordsFound: changes.count,
                        processingDate: day), now: now)
            }
        }
    }

    // MARK: Helpers

    /// Splits items into those whose kind of news goes to email and the rest.
    static func route(_ items: [DigestItem], to news: NewsKinds) -> (mailed: [DigestItem], unrouted: [DigestItem]) {
        var mailed: [DigestItem] = []
        var unrouted: [DigestItem] = []
        for item in items {
            let change = item.section == .driver ? PayloadCoding.decode(DriverChangePayload.self, item.payload) : nil
            if news.contains(NewsKinds.of(item.section, driverChange: change?.kind)) {
                mailed.append(item)
            } else {
                unrouted.append(item)
            }
        }
        return (mailed, unrouted)
    }

    static func decode(_ items: [DigestItem]) -> ([MapperRecordPayload], [DriverChangePayload]) {
        var records: [MapperRecordPayload] = []
        var changes: [DriverChangePayload] = []
        for item in items {
            switch item.section {
            case .mapper:
                if let record = PayloadCoding.decode(MapperRecordPayload.self, item.payload) { records.append(record) }
            case .driver:
                if let change = PayloadCoding.decode(DriverChangePayload.self, item.payload) { changes.append(change) }
            }
        }
        return (records, changes)
    }

    private func history(
        _ userId: Int, _ username: String, _ kind: NotificationKind, _ status: NotificationOutcome, day: String
    ) async throws {
        let message: String? =
            switch status {
            case .technicalError: "Technical issue. Job not completed: Trackmania services unavailable"
            case .noNewTimes: "No new times"
            default: nil
            }
        _ = try await repositories.notificationHistory.record(
            NewNotificationHistoryEntry(
                userId: userId, username: username, kind: kind, status: status, message: message, recordsFound: 0,
                processingDate: day), now: clock.now)
    }

    /// Runs a keyed look-up over `keys` in slices, so no statement binds thousands of values.
    private func chunked<V>(_ keys: [String], _ body: ([String]) async throws -> [String: V]) async throws
        -> [String: V]
    {
        var result: [String: V] = [:]
        var start = 0
        while start < keys.count {
            let end = min(start + 500, keys.count)
            result.merge(try await body(Array(keys[start..<end]))) { $1 }
            start = end
        }
        return result
    }
}
