import Foundation
import Logging

extension LiveWatcher {
    /// Reads the watched set again: new maps are scheduled (never checked: now; checked before: from
    /// their last check and the rate their stored baselines show), maps nobody watches any more are
    /// dropped, then the budget is shared out again. A store failure keeps the previous set.
    func refresh() async {
        let now = deps.clock.now
        lastRefresh = now
        let loaded: [String: MapWatchers]
        do {
            loaded = try await WatchedSetLoader(repositories: deps.repositories).load()
        } catch {
            // A refresh cut by the watcher stopping is no failure of the store.
            if Task.isCancelled { return }
            deps.logger.warning(
                "live watcher could not read the watched maps; it keeps the previous list",
                metadata: ["error": .string(String(describing: type(of: error)))])
            return
        }
        for uid in maps.keys where loaded[uid] == nil {
            maps[uid] = nil
            queue.remove(uid)
        }
        var added: [String] = []
        for (uid, watchers) in loaded {
            if maps[uid] != nil {
                maps[uid]?.watchers = watchers
                if maps[uid]?.name == nil { maps[uid]?.name = watchers.knownName }
            } else {
                maps[uid] = WatchedMapState(watchers: watchers, name: watchers.knownName)
                added.append(uid)
            }
        }
        if !added.isEmpty {
            do {
                try await learnStored(added.sorted(), now: now)
            } catch {
                deps.logger.warning(
                    "live watcher could not read stored checks; new maps are read as never checked",
                    metadata: ["error": .string(String(describing: type(of: error)))])
            }
        }
        solve(now: now)
        for uid in added {
            guard let state = maps[uid] else { continue }
            if let checked = state.lastChecked {
                schedule(uid, after: interval(for: state, now: now), from: checked)
            } else {
                schedule(uid, after: 0, from: now)
            }
        }
        await nameUnnamed()
    }

    /// Stored knowledge of maps new to this watcher: when they were last checked (by anyone) and the
    /// record rate their baselines' timestamps show.
    private func learnStored(_ uids: [String], now: Date) async throws {
        let digests = deps.repositories.dailyDigests
        let baselines = deps.repositories.recordBaselines
        var start = 0
        while start < uids.count {
            let slice = Array(uids[start..<min(start + 500, uids.count)])
            start += slice.count
            let checks = try await digests.lastChecks(mapUids: slice)
            let stored = try await baselines.baselines(mapUids: slice.filter { checks[$0] != nil })
            for uid in slice {
                guard let checked = checks[uid] else { continue }
                maps[uid]?.lastChecked = checked
                let stamps = (stored[uid] ?? []).map { Int($0.recordTimestamp) }
                maps[uid]?.estimate = RateEstimate(timestamps: stamps, now: now, scales: scales)
                maps[uid]?.lastCount = stored[uid]?.count
            }
        }
    }

    /// Shares the budget out again from the current estimates, and picks the maps the probe covers.
    func solve(now: Date) {
        lastSolve = now
        var rates: [Double] = []
        rates.reserveCapacity(maps.count)
        for state in maps.values { rates.append(state.estimate?.rate(now: now, scales: scales) ?? priorRate) }
        // The probe covers maps read less often than one probe cycle would pass them; it gets its share
        // only when there are enough of them to fill batches.
        var candidate = plan
        candidate.budget = settings.rate
        candidate.solve(rates: rates)
        let probeRate = settings.rate * settings.probeShare
        var covered: [String] = []
        if settings.scheduler == .sqrt, probeRate > 0 {
            let cycle = Double(maps.count) / 50 / probeRate
            for (uid, state) in maps {
                let rate = state.estimate?.rate(now: now, scales: scales) ?? priorRate
                if state.estimate != nil, 1 / candidate.frequency(rate: rate) > 4 * cycle { covered.append(uid) }
            }
        }
        if covered.count >= 50 {
            candidate.budget = settings.rate - probeRate
            candidate.solve(rates: rates)
            probeOrder = covered.sorted()
            probeCursor = probeCursor % probeOrder.count
        } else {
            probeOrder = []
        }
        plan = candidate
        if plan.floorUnaffordable && !warnedUnaffordable {
            warnedUnaffordable = true
            deps.logger.warning(
                "WATCH_RATE cannot read every watched map once per WATCH_MAX_STALENESS; maps are read evenly",
                metadata: ["maps": .stringConvertible(maps.count), "rate": .stringConvertible(settings.rate)])
        }
    }

    /// Names of maps no watcher named, asked of Nadeo (100 per call) within the watcher's budget; a
    /// failed look-up leaves the uid as the name until the next refresh.
    func nameUnnamed() async {
        let unnamed = maps.filter { $0.value.name == nil }.keys.sorted()
        var start = 0
        // A few calls per refresh, so naming thousands of new maps never holds the reads up for long.
        while start < min(unnamed.count, 500), !Task.isCancelled {
            let slice = Array(unnamed[start..<min(start + 100, unnamed.count)])
            start += slice.count
            do {
                countSpent()
                // Every attempt of the call (retries included) waits for a slot of the watcher's pace.
                let lane = UpstreamLaneBudget(pace: deps.pace, prepaid: 0)
                let leaderboards = deps.leaderboards
                let infos = try await UpstreamPriority.$lane.withValue(lane) {
                    try await leaderboards.mapInfo(mapUids: slice)
                }
                for info in infos { maps[info.uid]?.name = info.name }
                // Maps Nadeo did not name keep their uid as the name: they are not asked again.
                for uid in slice where maps[uid]?.name == nil { maps[uid]?.name = uid }
            } catch {
                return
            }
        }
    }
}
