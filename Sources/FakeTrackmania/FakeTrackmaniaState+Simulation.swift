import Foundation

extension FakeTrackmaniaState {
    /// The ground truth of a running simulation (`GET /_fake/simulation`).
    public struct SimulationSummary: Sendable, Codable, Equatable {
        public struct MapRate: Sendable, Codable, Equatable {
            public var mapUid: String
            public var mapperName: String
            public var ratePerDay: Double
        }

        public var configuration: SimulationConfiguration
        public var startedAt: Double
        public var now: Double
        public var recordsCreated: Int
        public var maps: [MapRate]
    }

    /// Replaces the world with a generated one and starts its clock.
    /// - Parameters:
    ///   - configuration: What to generate; checked with ``SimulationConfiguration/problem``.
    ///   - startedAt: Unix seconds of simulated time 0 (now by default).
    /// - Returns: Why it did not start, or `nil` when it did.
    @discardableResult
    public func startSimulation(_ configuration: SimulationConfiguration, startedAt: Double? = nil) -> String? {
        if let problem = configuration.problem { return problem }
        let generated = SimulatedWorld.generate(configuration)
        replaceWorld(generated.world)
        simulation = FakeSimulation(
            configuration: configuration, generated: generated,
            startedAt: startedAt ?? Date().timeIntervalSince1970)
        return nil
    }

    /// Applies every simulated record due by `now` (the wall clock unless a test sets it).
    public func advanceSimulation(to now: Double? = nil) {
        guard var running = simulation else { return }
        let now = now ?? Date().timeIntervalSince1970
        guard running.nextTime <= now else { return }
        simulation = nil
        while let event = running.popEvent(before: now) {
            applyEvent(&running, time: event.time, mapUid: running.mapUids[event.map])
        }
        simulation = running
    }

    /// One record on `mapUid` at `time`: a driver new to the map enters the top 20, or one of the top
    /// 100 improves (ranks only ever go up), with strictly new scores so positions are unambiguous.
    private func applyEvent(_ running: inout FakeSimulation, time: Double, mapUid: String) {
        let board = self.board(mapUid: mapUid)
        let onMap = Set(board.map(\.accountId))
        var newcomer: String?
        if board.isEmpty || running.draw(10) < 7 {
            for _ in 0..<20 {
                let candidate = running.driverIds[running.draw(running.driverIds.count)]
                if !onMap.contains(candidate) {
                    newcomer = candidate
                    break
                }
            }
        }
        let accountId: String
        let previous: Int?
        var target: Int
        if let newcomer {
            accountId = newcomer
            previous = nil
            target = running.draw(min(board.count, 19) + 1)
        } else {
            let own = running.draw(min(board.count, 100))
            // Leaderboards stamp whole seconds, and a real driver cannot finish two runs in one: an
            // improvement in the second of the driver's previous record is not made (with a day compressed
            // into minutes it could be, and the two records would share map, account and timestamp).
            guard board[own].timestamp != Int(time) else { return }
            accountId = board[own].accountId
            previous = board[own].score
            target = running.draw(own + 1)
        }
        // Strictly between the neighbours at the target rank, else a new world record.
        let offset = running.draw(400)
        var score: Int
        if board.isEmpty {
            score = 60_000 + offset
        } else if target >= board.count {
            score = board[board.count - 1].score + 1 + offset
        } else {
            let upper = board[target].score
            let lower = target > 0 ? board[target - 1].score : upper - 500
            score = upper - lower >= 2 ? lower + 1 + offset % (upper - lower - 1) : 0
            if score == 0 || (previous.map { score >= $0 } ?? false) {
                target = 0
                score = board[0].score - 1 - offset
            }
        }
        score = max(score, 1)
        guard let result = submitRecord(mapUid: mapUid, accountId: accountId, score: score, timestamp: Int(time)),
            result.changed
        else { return }
        let position = self.board(mapUid: mapUid).prefix { $0.score < score }.count + 1
        running.append(
            SimulatedRecord(
                sequence: running.records.count, mapUid: mapUid, accountId: accountId, score: score,
                position: position, improved: previous != nil, timestamp: Int(time), createdAt: time),
            previousScore: previous)
    }

    /// The scores the position endpoint counts for `mapUid`: the leaderboard as it was
    /// `positionLagSeconds` ago when a simulation runs, else as it is.
    func probeScores(mapUid: String, now: Double? = nil) -> [Int] {
        advanceSimulation(to: now)
        let current = board(mapUid: mapUid)
        guard let running = simulation, running.configuration.positionLagSeconds > 0,
            let changes = running.changes[mapUid], !changes.isEmpty
        else { return current.map(\.score) }
        let cutoff = (now ?? Date().timeIntervalSince1970) - running.configuration.positionLagSeconds
        var scores = Dictionary(current.map { ($0.accountId, $0.score) }) { first, _ in first }
        for change in changes.reversed() {
            guard change.time > cutoff else { break }
            scores[change.accountId] = change.previousScore
        }
        return Array(scores.values)
    }

    /// What the simulation created with `createdAt` at or after `since`, in order of creation.
    public func simulatedRecords(since: Double = 0, now: Double? = nil) -> [SimulatedRecord] {
        advanceSimulation(to: now)
        guard let records = simulation?.records else { return [] }
        let first = records.partitioningIndex { $0.createdAt >= since }
        return Array(records[first...])
    }

    /// The configuration, clock and true rates, or `nil` without a simulation.
    public func simulationSummary(now: Double? = nil) -> SimulationSummary? {
        advanceSimulation(to: now)
        guard let running = simulation else { return nil }
        let maps = world.maps
        let mappers = Dictionary(world.exchangeUsers.map { ($0.userId, $0.name) }) { first, _ in first }
        return SimulationSummary(
            configuration: running.configuration, startedAt: running.startedAt,
            now: now ?? Date().timeIntervalSince1970, recordsCreated: running.records.count,
            maps: zip(maps, running.ratesPerDay).map { map, rate in
                .init(
                    mapUid: map.uid, mapperName: map.authorUserIds.first.flatMap { mappers[$0] } ?? "",
                    ratePerDay: rate)
            })
    }

    /// Calls per whole unix second and endpoint since the counters were last reset (for the benchmark's
    /// "never above the budget in any minute").
    public func callsPerSecond() -> [Int: [String: Int]] {
        let wallNow = Date().timeIntervalSince1970
        let clockNow = ContinuousClock.now
        var buckets: [Int: [String: Int]] = [:]
        for call in callLog() {
            let age = clockNow - call.at
            let seconds = Double(age.components.seconds) + Double(age.components.attoseconds) * 1e-18
            buckets[Int((wallNow - seconds).rounded(.down)), default: [:]][call.endpoint, default: 0] += 1
        }
        return buckets
    }
}

extension Array {
    /// The first index whose element satisfies `predicate`, for a predicate false then true along the array.
    fileprivate func partitioningIndex(where predicate: (Element) -> Bool) -> Int {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if predicate(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
