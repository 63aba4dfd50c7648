import Foundation

/// A map's record rate, learned from the timestamps its leaderboard reads return.
///
/// A Gamma–Poisson estimate over exponentially decayed counts: each record counts
/// `exp(−age/τ)`, so the estimate follows a map whose activity changes. Two time scales are kept: a
/// long one (τ = 7 floors) that is steady, and a short one (a quarter floor) that promotes a map
/// that wakes up within its next check or two; the estimate is the larger of the two. The prior
/// (α = 0.5 records over β = one floor) keeps a map with no record seen from reading as exactly dead.
public struct RateEstimate: Sendable, Equatable {
    /// The decayed counts and when they were last decayed to.
    var longCount: Double = 0
    var shortCount: Double = 0
    var asOf: Date

    /// Time scales, in seconds, from the floor.
    struct Scales: Sendable, Equatable {
        var long: TimeInterval
        var short: TimeInterval
        var priorEvents = 0.5
        var priorExposure: TimeInterval

        init(maxStaleness: TimeInterval) {
            long = 7 * maxStaleness
            short = maxStaleness / 4
            priorExposure = maxStaleness
        }
    }

    /// The estimate a map's first read gives: every record the top shows, decayed by its age.
    init(timestamps: [Int], now: Date, scales: Scales) {
        asOf = now
        add(timestamps: timestamps, now: now, scales: scales)
    }

    /// Folds in the records a later read found new (timestamps after the previous read).
    mutating func observe(newTimestamps: [Int], now: Date, scales: Scales) {
        let elapsed = max(0, now.timeIntervalSince(asOf))
        longCount *= exp(-elapsed / scales.long)
        shortCount *= exp(-elapsed / scales.short)
        asOf = max(asOf, now)
        add(timestamps: newTimestamps, now: now, scales: scales)
    }

    private mutating func add(timestamps: [Int], now: Date, scales: Scales) {
        let nowSeconds = now.timeIntervalSince1970
        for stamp in timestamps {
            let age = max(0, nowSeconds - Double(stamp))
            longCount += exp(-age / scales.long)
            shortCount += exp(-age / scales.short)
        }
    }

    /// Records per second at `now`.
    func rate(now: Date, scales: Scales) -> Double {
        let elapsed = max(0, now.timeIntervalSince(asOf))
        let long = (scales.priorEvents + longCount * exp(-elapsed / scales.long)) / (scales.priorExposure + scales.long)
        // Half weight on the short scale: one lone record does not make a map hot.
        let short = shortCount * exp(-elapsed / scales.short) / (2 * scales.short)
        return max(long, short)
    }
}
