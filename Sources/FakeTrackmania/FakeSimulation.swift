import Foundation

/// A record the simulation created: the ground truth a benchmark compares detections with.
public struct SimulatedRecord: Sendable, Codable, Equatable {
    /// Order of creation, from 0.
    public var sequence: Int
    public var mapUid: String
    public var accountId: String
    /// Milliseconds.
    public var score: Int
    /// Rank on the leaderboard right after it was set (strictly better scores + 1).
    public var position: Int
    /// Whether the account already had a record on the map (an improvement, not a newcomer).
    public var improved: Bool
    /// Unix seconds as the leaderboard shows it (whole seconds).
    public var timestamp: Int
    /// Unix seconds, exact.
    public var createdAt: Double
}

/// The live part of a simulation: the Poisson clock and what it created so far.
///
/// The records of all maps form one Poisson process of rate Σλ whose events fall on map `i` with
/// probability λᵢ/Σλ (superposition), so one random stream drives them all and a seed fixes the
/// whole history, however often or rarely the fake is asked. Events are produced lazily: every read
/// first applies the events due by then, with their own (earlier) times as timestamps.
struct FakeSimulation: Sendable {
    /// A change of one personal best, kept so the position endpoint can answer as of a lagged time.
    struct Change: Sendable {
        var time: Double
        var accountId: String
        /// The account's best before, or `nil` when it was new to the map.
        var previousScore: Int?
    }

    let configuration: SimulationConfiguration
    /// Unix seconds at which simulated time 0 falls.
    let startedAt: Double
    let mapUids: [String]
    let ratesPerDay: [Double]
    let driverIds: [String]
    /// Running sums of the rates, for picking a map in O(log n).
    private let cumulative: [Double]
    private var random: SimulationRandom
    /// When the next record is due (unix seconds).
    private(set) var nextTime: Double
    private(set) var records: [SimulatedRecord] = []
    private(set) var changes: [String: [Change]] = [:]

    init(configuration: SimulationConfiguration, generated: SimulatedWorld.Generated, startedAt: Double) {
        self.configuration = configuration
        self.startedAt = startedAt
        mapUids = generated.world.maps.map(\.uid)
        ratesPerDay = generated.ratesPerDay
        let mapperIds = Set(generated.world.maps.map(\.authorAccountId))
        driverIds = generated.world.accounts.map(\.accountId).filter { !mapperIds.contains($0) }
        var sum = 0.0
        cumulative = generated.ratesPerDay.map {
            sum += $0
            return sum
        }
        // Its own stream (the world's generation used the seed itself).
        random = SimulationRandom(seed: configuration.seed ^ 0x5151_5151_5151_5151)
        nextTime = startedAt
        nextTime += random.exponential(rate: totalRatePerSecond)
    }

    /// Σλ in records per real second.
    var totalRatePerSecond: Double { (cumulative.last ?? 0) / configuration.daySeconds }

    /// The next due event before or at `now`: its time, map index and a random stream for its choices.
    mutating func popEvent(before now: Double) -> (time: Double, map: Int)? {
        guard totalRatePerSecond > 0, nextTime <= now else { return nil }
        let time = nextTime
        let target = random.unit() * (cumulative.last ?? 0)
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] < target { low = middle + 1 } else { high = middle }
        }
        nextTime += random.exponential(rate: totalRatePerSecond)
        return (time, low)
    }

    /// A uniform integer in `0..<bound` from the simulation's stream.
    mutating func draw(_ bound: Int) -> Int { bound <= 1 ? 0 : Int(random.next() % UInt64(bound)) }

    mutating func append(_ record: SimulatedRecord, previousScore: Int?) {
        records.append(record)
        changes[record.mapUid, default: []].append(
            Change(time: record.createdAt, accountId: record.accountId, previousScore: previousScore))
    }
}
