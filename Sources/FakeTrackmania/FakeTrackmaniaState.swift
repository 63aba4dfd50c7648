import Foundation
import RecordsCore

/// Everything a running fake knows and counts; changed through `/_fake/*` while it serves.
public actor FakeTrackmaniaState {
    /// A resolved personal best.
    struct PersonalBest: Sendable {
        var accountId: String
        var score: Int
        var timestamp: Int
    }

    /// What the gate decided for one call.
    struct Plan: Sendable {
        var delay: Double
        var fault: FakeFault?
    }

    private(set) var world: FakeWorld
    private(set) var mapsByUid: [String: FakeWorld.Map] = [:]
    private(set) var accountsById: [String: FakeWorld.Account] = [:]
    private(set) var usersById: [Int: FakeWorld.ExchangeUser] = [:]
    /// Personal bests per map, by account.
    private var bests: [String: [String: PersonalBest]] = [:]
    private var faults: [FakeFault] = []
    /// How many calls matched each fault so far (same indices as `faults`), for `FakeFault.every`.
    private var faultMatches: [Int] = []
    private var stats = FakeStats()
    /// When each call arrived (monotonic), oldest first; for tests that measure the callers' pace.
    private var arrivals: [(endpoint: String, at: ContinuousClock.Instant)] = []
    let mint = FakeTokenMint()
    /// The simulated world's clock and ground truth, when one runs (FakeTrackmaniaState+Simulation).
    var simulation: FakeSimulation?
    private(set) var generations: [FakeTokenMint.Kind: Int] = [.access: 0, .refresh: 0, .oauth: 0]
    /// When tokens are minted and checked. Tests share a hand-moved clock with the clients, so a token's
    /// lifetime passes when they say, not when a loaded machine gets round to it.
    private let tokenClock: any WallClock

    /// - Parameters:
    ///   - world: The initial world; relative record ages resolve against now.
    ///   - tokenClock: The time tokens are minted and checked against.
    public init(world: FakeWorld, tokenClock: any WallClock = SystemClock()) {
        self.world = world
        self.tokenClock = tokenClock
        (mapsByUid, accountsById, usersById, bests) = Self.index(world)
    }

    /// Replaces the whole world (records included); stats, faults and tokens stay.
    public func replaceWorld(_ world: FakeWorld) {
        self.world = world
        (mapsByUid, accountsById, usersById, bests) = Self.index(world)
    }

    /// The current world, with records as they are now (absolute timestamps).
    public func currentWorld() -> FakeWorld {
        var snapshot = world
        snapshot.records = bests.flatMap { uid, byAccount in
            byAccount.values.map {
                FakeWorld.Record(mapUid: uid, accountId: $0.accountId, score: $0.score, timestamp: $0.timestamp)
            }
        }.sorted { ($0.mapUid, $0.score, $0.accountId) < ($1.mapUid, $1.score, $1.accountId) }
        return snapshot
    }

    private static func index(
        _ world: FakeWorld
    ) -> (
        [String: FakeWorld.Map], [String: FakeWorld.Account], [Int: FakeWorld.ExchangeUser],
        [String: [String: PersonalBest]]
    ) {
        let now = Int(Date().timeIntervalSince1970)
        var bests: [String: [String: PersonalBest]] = [:]
        for record in world.records {
            let timestamp = record.timestamp ?? (now - (record.ageSeconds ?? 0))
            let best = PersonalBest(accountId: record.accountId, score: record.score, timestamp: timestamp)
            if let existing = bests[record.mapUid]?[record.accountId], existing.score <= record.score { continue }
            bests[record.mapUid, default: [:]][record.accountId] = best
        }
        return (
            Dictionary(world.maps.map { ($0.uid, $0) }) { first, _ in first },
            Dictionary(world.accounts.map { ($0.accountId, $0) }) { first, _ in first },
            Dictionary(world.exchangeUsers.map { ($0.userId, $0) }) { first, _ in first },
            bests
        )
    }

    // MARK: Records

    /// A map's records, best first (ties by the earlier timestamp, as a leaderboard lists them), with
    /// the simulated records due by now applied first.
    func leaderboard(mapUid: String) -> [PersonalBest] {
        advanceSimulation()
        return board(mapUid: mapUid)
    }

    /// A map's records as they stand, best first.
    func board(mapUid: String) -> [PersonalBest] {
        (bests[mapUid].map { Array($0.values) } ?? []).sorted {
            ($0.score, $0.timestamp, $0.accountId) < ($1.score, $1.timestamp, $1.accountId)
        }
    }

    /// Sets a personal best unless the account already has a better (lower) one.
    /// - Returns: Whether the record changed, and the account's best afterwards; `nil` for an unknown map.
    public func submitRecord(mapUid: String, accountId: String, score: Int, timestamp: Int?) -> (
        changed: Bool, score: Int, timestamp: Int
    )? {
        guard mapsByUid[mapUid] != nil else { return nil }
        let now = timestamp ?? Int(Date().timeIntervalSince1970)
        if let existing = bests[mapUid]?[accountId], existing.score <= score {
            return (false, existing.score, existing.timestamp)
        }
        bests[mapUid, default: [:]][accountId] = PersonalBest(accountId: accountId, score: score, timestamp: now)
        return (true, score, now)
    }

    // MARK: Faults and stats

    /// Adds faults; they apply in the order added.
    public func addFaults(_ new: [FakeFault]) {
        faults += new
        faultMatches += Array(repeating: 0, count: new.count)
    }

    /// Removes every fault.
    public func clearFaults() {
        faults = []
        faultMatches = []
    }

    /// A snapshot of the counters.
    public func currentStats() -> FakeStats { stats }

    /// The arrival time of every call since the last reset, oldest first (control calls are not counted).
    public func callLog() -> [(endpoint: String, at: ContinuousClock.Instant)] { arrivals }

    /// Zeroes the counters (in-flight requests keep counting down).
    public func resetStats() {
        let inFlight = stats.inFlight
        arrivals = []
        stats = FakeStats()
        stats.inFlight = inFlight
    }

    /// Counts a call and decides its faults: every matching delay adds up, then the first other fault applies.
    func begin(endpoint: String, userAgent: String?) -> Plan {
        stats.calls[endpoint, default: 0] += 1
        arrivals.append((endpoint, ContinuousClock.now))
        if let userAgent, !userAgent.isEmpty {
            stats.userAgents[userAgent, default: 0] += 1
        } else {
            stats.missingUserAgent += 1
        }
        stats.inFlight += 1
        stats.maxInFlight = max(stats.maxInFlight, stats.inFlight)
        var plan = Plan(delay: 0, fault: nil)
        var index = 0
        while index < faults.count {
            let fault = faults[index]
            guard fault.endpoint == "*" || fault.endpoint == endpoint else {
                index += 1
                continue
            }
            faultMatches[index] += 1
            if let every = fault.every, every > 1, faultMatches[index] % every != 0 {
                index += 1
                continue
            }
            if fault.kind == .delay {
                plan.delay += fault.seconds ?? 0
            } else if plan.fault == nil {
                plan.fault = fault
            } else {
                index += 1
                continue
            }
            if let count = fault.count {
                if count <= 1 {
                    faults.remove(at: index)
                    faultMatches.remove(at: index)
                    continue
                }
                faults[index].count = count - 1
            }
            index += 1
        }
        return plan
    }

    /// Marks a call finished.
    func end() { stats.inFlight -= 1 }

    // MARK: Tokens

    /// Changes token lifetimes for tokens minted from now on.
    public func setTokenLifetimes(_ lifetimes: FakeWorld.TokenLifetimes) { world.tokens = lifetimes }

    /// Invalidates every token of the given kinds minted so far (the next use answers 401).
    public func revokeTokens(access: Bool, refresh: Bool, oauth: Bool) {
        if access { generations[.access, default: 0] += 1 }
        if refresh { generations[.refresh, default: 0] += 1 }
        if oauth { generations[.oauth, default: 0] += 1 }
    }

    /// Mints a token of `kind` for `audience`.
    func mintToken(kind: FakeTokenMint.Kind, audience: String, refreshAudience: String? = nil) -> String {
        let now = tokenClock.now.timeIntervalSince1970
        // Realistic lifetimes give whole-second claims, as Nadeo's. Short test lifetimes stay exact:
        // truncating `now` would cut up to a second off a one-second token.
        func at(_ offset: Double) -> Double {
            offset >= 60 && offset == offset.rounded() ? now.rounded(.down) + offset : now + offset
        }
        let lifetime: Double
        switch kind {
        case .access: lifetime = world.tokens.accessSeconds
        case .refresh: lifetime = world.tokens.refreshSeconds
        case .oauth: lifetime = world.tokens.oauthSeconds
        }
        return mint.mint(
            .init(
                jti: UUID().uuidString.lowercased(), iss: "NadeoServices", iat: Int(now),
                rat: kind == .access ? at(world.tokens.refreshAllowedAfterSeconds) : nil, exp: at(lifetime),
                aud: audience, sub: "0f2c8c2e-fake-4ccc-9d8e-5e7a1ce5a001", rtk: kind == .refresh,
                refreshAudience: refreshAudience, generation: generations[kind] ?? 0, kind: kind.rawValue))
    }

    /// The claims of `token` if it is a live, unrevoked token of `kind`.
    func validToken(_ token: String, kind: FakeTokenMint.Kind) -> FakeTokenMint.Claims? {
        guard let claims = mint.verify(token), claims.kind == kind.rawValue,
            claims.generation == (generations[kind] ?? 0), tokenClock.now.timeIntervalSince1970 < claims.exp
        else { return nil }
        return claims
    }
}
