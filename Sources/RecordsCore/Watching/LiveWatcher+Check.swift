import Foundation
import Logging

extension LiveWatcher {
    /// Reads one map, commits its mapper news with its baselines (``MapCheck``), then its drivers'
    /// checks, each in its own transaction, and schedules the next read from the updated estimate.
    func read(_ uid: String) async {
        guard let state = maps[uid] else { return }
        let result: Result<[LeaderboardRecord], TrackmaniaError>
        do {
            result = try await check.read(mapUid: uid)
        } catch {
            // Cancelled: nothing was committed; the next holder reads the map again.
            maps[uid]?.inFlight = false
            return
        }
        deps.metrics.watchRead(outcome: result.isSuccess ? "ok" : "failed")
        switch result {
        case .failure(let error):
            backOff(uid, reason: error.diagnosticCode, notFound: error == .notFound)
        case .success(let records):
            // An empty top where records were before is Nadeo answering badly (a deleted map reads
            // 404): keep the baselines and try later rather than read the map as new.
            if records.isEmpty, (state.lastCount ?? 0) > 0 {
                backOff(uid, reason: "empty-top", notFound: false)
                return
            }
            do {
                try await commit(uid, records: records, state: state)
            } catch {
                // A store failure: nothing of this map was committed, its next read finds it all again.
                backOff(uid, reason: "store", notFound: false)
                deps.logger.warning(
                    "live check could not be committed; the map is read again later",
                    metadata: ["map": .string(uid), "error": .string(String(describing: type(of: error)))])
            }
        }
    }

    private func commit(_ uid: String, records: [LeaderboardRecord], state: WatchedMapState) async throws {
        let firstCheck = state.lastChecked == nil
        let outcome = try await check.commit(
            mapUid: uid, mapName: state.name ?? state.watchers.knownName ?? uid, records: records,
            watchers: state.watchers.alerts, firstCheck: firstCheck)
        var queued = outcome.committed
        let now = outcome.checkedAt
        let runSettings = deps.runner.settings
        let day = Timestamps.utcDay(now)
        var drivers = state.watchers.drivers
        for index in drivers.indices {
            let driver = drivers[index]
            guard
                let result = try await DriverPhase.commit(
                    driver.note, userId: driver.userId, accountId: driver.accountId, top: records,
                    range: runSettings.topN, day: day, digests: deps.repositories.dailyDigests, now: now)
            else { continue }
            queued += result.queued
            drivers[index].note.currentPosition = result.check.position
            drivers[index].note.personalBest = result.check.personalBest
            drivers[index].note.status = result.check.status
            drivers[index].note.lastChecked = now
        }

        // Records newer than the previous check are what this read detected.
        let previous = state.lastChecked.map { Int($0.timeIntervalSince1970) }
        let fresh = previous.map { since in records.filter { $0.timestamp > since }.map(\.timestamp) } ?? []
        if !firstCheck {
            for stamp in fresh { deps.metrics.watchDetectionDelay(max(0, now.timeIntervalSince1970 - Double(stamp))) }
        }
        guard var updated = maps[uid] else { return }
        if var estimate = updated.estimate {
            estimate.observe(newTimestamps: fresh, now: now, scales: scales)
            updated.estimate = estimate
        } else {
            updated.estimate = RateEstimate(timestamps: records.map(\.timestamp), now: now, scales: scales)
        }
        updated.watchers.drivers = drivers
        updated.lastChecked = now
        updated.failures = 0
        updated.lastCount = records.count
        updated.inFlight = false
        maps[uid] = updated
        schedule(uid, after: interval(for: updated, now: now), from: now)
        if queued > 0 {
            deps.logger.debug(
                "live news committed", metadata: ["map": .string(uid), "items": .stringConvertible(queued)])
            await push.signal()
        }
    }

    /// A failed read keeps the baselines and backs the map off: doubling from the shortest interval,
    /// never past a quarter of the floor; a map Nadeo no longer has is tried once per floor.
    func backOff(_ uid: String, reason: String, notFound: Bool) {
        guard var state = maps[uid] else { return }
        state.failures += 1
        state.inFlight = false
        let now = deps.clock.now
        let base = max(1, settings.minInterval)
        let delay =
            notFound
            ? settings.maxStaleness
            : min(settings.maxStaleness / 4, base * pow(2, Double(min(state.failures, 20))))
        maps[uid] = state
        schedule(uid, after: delay, from: now)
        deps.logger.debug(
            "live read failed; the map backs off",
            metadata: [
                "map": .string(uid), "failure": .string(reason), "retryIn": .stringConvertible(Int(delay)),
            ])
    }

    /// One batched position probe: a map whose record count moved is read at once. A map the answer
    /// omits, or an empty answer, tells nothing; the floor's reads go on whatever the probe says.
    func probe(_ batch: [String]) async {
        let scores = Dictionary(uniqueKeysWithValues: batch.map { ($0, ProbePhase.probeScore) })
        let positions: [MapScorePosition]
        do {
            positions = try await deps.leaderboards.positions(scores: scores)
        } catch is CancellationError {
            return
        } catch {
            probeFailures += 1
            deps.metrics.watchProbe(outcome: "failed")
            return
        }
        deps.metrics.watchProbe(outcome: positions.isEmpty ? "empty" : "ok")
        if positions.isEmpty {
            probeFailures += 1
            return
        }
        probeFailures = 0
        let now = deps.clock.now
        for answer in positions where scores[answer.mapUid] != nil {
            // A map read meanwhile keeps its old baseline: that read may have fetched the top before the
            // change the answer shows, and the next answer must still see the count as moved.
            guard var state = maps[answer.mapUid], !state.inFlight else { continue }
            let before = state.probePosition
            state.probePosition = answer.position
            maps[answer.mapUid] = state
            // The first answer only baselines; a moved count promotes the map to a read now.
            if let before, before != answer.position {
                schedule(answer.mapUid, after: 0, from: now)
            }
        }
    }

    /// The next probe batch: up to 50 maps in round-robin order, skipping maps being read.
    func nextProbeBatch() -> [String] {
        var batch: [String] = []
        var looked = 0
        while batch.count < 50, looked < probeOrder.count {
            let uid = probeOrder[probeCursor % probeOrder.count]
            probeCursor = (probeCursor + 1) % max(1, probeOrder.count)
            looked += 1
            if let state = maps[uid], !state.inFlight { batch.append(uid) }
        }
        return batch
    }
}

extension Result {
    var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
