import Foundation

/// How a simulated world is built and how fast it lives (issue 23's benchmark): many maps whose record
/// rates follow a lognormal, records arriving at Poisson times, a day compressed into `daySeconds` of
/// real time.
public struct SimulationConfiguration: Sendable, Codable, Equatable {
    /// How many maps.
    public var maps: Int
    /// Maps per Trackmania Exchange mapper (100 or fewer keeps a mapper alert accurate).
    public var mapsPerMapper: Int
    /// Median record rate, records per simulated day.
    public var medianRecordsPerDay: Double
    /// σ of the rate's natural logarithm.
    public var sigma: Double
    /// Real seconds one simulated day lasts.
    public var daySeconds: Double
    /// Real seconds the batched position endpoint lags behind the leaderboards.
    public var positionLagSeconds: Double
    /// Drivers that can set records.
    public var drivers: Int
    /// Records each map has before the simulation starts.
    public var initialRecordsPerMap: Int
    /// Simulated days of history before the start: each map's most recent initial records arrived at
    /// its own rate over these days (a hot map's top shows recent records, as a real one does); the
    /// rest, and all of them with 0, are older than a month of real time.
    public var historyDays: Double
    /// Seed of every random choice: the same seed gives the same world and the same records.
    public var seed: UInt64

    /// Creates a configuration; the defaults are issue 23's (median 0.05 records/day, σ = 2).
    public init(
        maps: Int = 1000, mapsPerMapper: Int = 100, medianRecordsPerDay: Double = 0.05, sigma: Double = 2,
        daySeconds: Double = 900, positionLagSeconds: Double = 0, drivers: Int = 5000,
        initialRecordsPerMap: Int = 10, historyDays: Double = 0, seed: UInt64 = 23
    ) {
        self.maps = maps
        self.mapsPerMapper = mapsPerMapper
        self.medianRecordsPerDay = medianRecordsPerDay
        self.sigma = sigma
        self.daySeconds = daySeconds
        self.positionLagSeconds = positionLagSeconds
        self.drivers = drivers
        self.initialRecordsPerMap = initialRecordsPerMap
        self.historyDays = historyDays
        self.seed = seed
    }

    private enum CodingKeys: String, CodingKey {
        case maps, mapsPerMapper, medianRecordsPerDay, sigma, daySeconds, positionLagSeconds, drivers
        case initialRecordsPerMap, historyDays, seed
    }

    /// Decodes a configuration; `historyDays` may be left out (no recent history, as before it existed).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            maps: try container.decode(Int.self, forKey: .maps),
            mapsPerMapper: try container.decode(Int.self, forKey: .mapsPerMapper),
            medianRecordsPerDay: try container.decode(Double.self, forKey: .medianRecordsPerDay),
            sigma: try container.decode(Double.self, forKey: .sigma),
            daySeconds: try container.decode(Double.self, forKey: .daySeconds),
            positionLagSeconds: try container.decode(Double.self, forKey: .positionLagSeconds),
            drivers: try container.decode(Int.self, forKey: .drivers),
            initialRecordsPerMap: try container.decode(Int.self, forKey: .initialRecordsPerMap),
            historyDays: try container.decodeIfPresent(Double.self, forKey: .historyDays) ?? 0,
            seed: try container.decode(UInt64.self, forKey: .seed))
    }

    /// Why the configuration cannot run, if it cannot.
    public var problem: String? {
        if maps < 1 || maps > 1_000_000 { return "maps must be 1 to 1,000,000" }
        if mapsPerMapper < 1 { return "mapsPerMapper must be at least 1" }
        if !(medianRecordsPerDay > 0) || !medianRecordsPerDay.isFinite { return "medianRecordsPerDay must be > 0" }
        if !(sigma >= 0) || !sigma.isFinite { return "sigma must be >= 0" }
        if !(daySeconds > 0) || !daySeconds.isFinite { return "daySeconds must be > 0" }
        if !(positionLagSeconds >= 0) || !positionLagSeconds.isFinite { return "positionLagSeconds must be >= 0" }
        if drivers < 1 { return "drivers must be at least 1" }
        if initialRecordsPerMap < 0 || initialRecordsPerMap > 100 { return "initialRecordsPerMap must be 0 to 100" }
        if !(historyDays >= 0) || historyDays > 365 { return "historyDays must be 0 to 365" }
        return nil
    }
}

/// SplitMix64: small, fast and identical on every platform, so a seed means the same world everywhere
/// (the standard library's generator is seeded by the system).
public struct SimulationRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// - Parameter seed: Any value; equal seeds give equal sequences.
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in (0, 1): never 0, so its logarithm is finite.
    public mutating func unit() -> Double {
        (Double(next() >> 11) + 0.5) / Double(UInt64(1) << 53)
    }

    /// A standard normal draw (Box–Muller).
    public mutating func normal() -> Double {
        let u1 = unit()
        let u2 = unit()
        return (-2 * Foundation.log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// An exponential draw with the given rate (mean `1 / rate`).
    public mutating func exponential(rate: Double) -> Double { -Foundation.log(unit()) / rate }
}

/// Builds the world a simulation starts from: mappers on Trackmania Exchange, their maps, drivers and
/// each map's first records, plus each map's true record rate.
public enum SimulatedWorld {
    /// The generated world and each map's rate (records per simulated day, in `world.maps` order).
    public struct Generated: Sendable {
        public var world: FakeWorld
        public var ratesPerDay: [Double]
    }

    /// The TMX name of mapper `index` (also the site username the benchmark signs up with).
    public static func mapperName(_ index: Int) -> String { "simmapper\(pad(index, 5))" }

    /// The display name of driver `index` (plain letters and digits: push messages show it unescaped).
    public static func driverName(_ index: Int) -> String { "SimDriver\(pad(index, 6))" }

    /// A map uid of Nadeo's shape (27 characters of letters and digits), distinct per index.
    public static func mapUid(_ index: Int) -> String { "SimMap" + pad(index, 7) + "xxxxxxxxxxxxxx" }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    static func uuid(_ kind: Int, _ index: Int) -> String {
        let tail = pad(index, 12)
        return "5e5e5e5e-0000-4000-8\(pad(kind, 3))-\(tail)"
    }

    /// The generated world; a pure function of `configuration`.
    public static func generate(_ configuration: SimulationConfiguration) -> Generated {
        var random = SimulationRandom(seed: configuration.seed)
        // The history draws from its own stream, so a world with history has the same maps, rates,
        // drivers and scores as the same seed without.
        var historyRandom = SimulationRandom(seed: configuration.seed ^ 0x4849_5354_4f52_5900)
        let mapperCount = (configuration.maps + configuration.mapsPerMapper - 1) / configuration.mapsPerMapper
        var accounts: [FakeWorld.Account] = []
        var users: [FakeWorld.ExchangeUser] = []
        for index in 0..<mapperCount {
            accounts.append(
                .init(
                    accountId: uuid(1, index), displayName: mapperName(index), zoneId: FakeRoutes.worldZoneId,
                    zoneName: "World"))
            users.append(.init(userId: 500_000 + index, name: mapperName(index)))
        }
        for index in 0..<configuration.drivers {
            accounts.append(
                .init(
                    accountId: uuid(2, index), displayName: driverName(index), zoneId: FakeRoutes.worldZoneId,
                    zoneName: "World"))
        }
        var maps: [FakeWorld.Map] = []
        var records: [FakeWorld.Record] = []
        var rates: [Double] = []
        maps.reserveCapacity(configuration.maps)
        for index in 0..<configuration.maps {
            let mapper = index / configuration.mapsPerMapper
            let authorTime = 30_000 + Int(random.next() % 60_000)
            let uid = mapUid(index)
            maps.append(
                .init(
                    uid: uid, exchangeId: 1_000_000 + index, nadeoId: uuid(3, index), name: "Sim map \(index)",
                    authorUserIds: [500_000 + mapper], authorAccountId: uuid(1, mapper),
                    uploadedAt: "2025-06-01T00:00:00Z", downloadCount: 100, authorTime: authorTime))
            let rate = configuration.medianRecordsPerDay * exp(configuration.sigma * random.normal())
            rates.append(rate)
            // The recent history: Poisson arrivals at the map's rate going back from the start, scaled to
            // real seconds like the simulation's own records, in random ranks.
            var recent: [Int] = []
            var back = 0.0
            while configuration.historyDays > 0, recent.count < configuration.initialRecordsPerMap {
                back += historyRandom.exponential(rate: rate)
                guard back < configuration.historyDays else { break }
                recent.append(max(1, Int(back * configuration.daySeconds)))
            }
            for slot in recent.indices.reversed() {
                recent.swapAt(slot, Int(historyRandom.next() % UInt64(slot + 1)))
            }
            var recentRanks = Set<Int>()
            while recentRanks.count < recent.count {
                recentRanks.insert(Int(historyRandom.next() % UInt64(configuration.initialRecordsPerMap)))
            }
            var ranksWithRecentRecords = recentRanks.sorted().makeIterator()
            var nextRecentRank = ranksWithRecentRecords.next()
            // Distinct drivers; the records not in the recent history a month or more old.
            var used = Set<Int>()
            for rank in 0..<configuration.initialRecordsPerMap {
                var driver = Int(random.next() % UInt64(configuration.drivers))
                while used.contains(driver) && used.count < configuration.drivers {
                    driver = (driver + 1) % configuration.drivers
                }
                guard used.insert(driver).inserted else { break }
                var age = 30 * 86_400 + Int(random.next() % (300 * 86_400))
                if rank == nextRecentRank, let recentAge = recent.popLast() {
                    age = recentAge
                    nextRecentRank = ranksWithRecentRecords.next()
                }
                records.append(
                    .init(
                        mapUid: uid, accountId: uuid(2, driver), score: authorTime + 1000 * (rank + 1),
                        ageSeconds: age))
            }
        }
        return Generated(
            world: FakeWorld(accounts: accounts, exchangeUsers: users, maps: maps, records: records),
            ratesPerDay: rates)
    }
}
