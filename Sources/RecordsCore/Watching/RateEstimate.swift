import Foundation

/// A map's record rate, learned from the timestamps its leaderboard reads return.
///
/// A Gamma–Poisson estimate over exponentially decayed counts and exposure: each record counts
/// `exp(−age/τ)`, and so does each second the reads have covered, so the estimate is records seen
/// over time watched and follows a map whose activity changes. Dividing by the time actually covered
/// (not by τ) matters early: a map read for one day with twenty records reads as about ten a day (the
/// prior weighs one day too), not as under two (twenty over τ's fourteen days and the prior's one).
/// The history a first read shows counts as reads over its span would. Two time scales are kept: a
/// long one (τ = 14 floors, two weeks by default) that is steady, and a short one (a quarter floor)
/// that promotes a map that wakes up within its next check or two; the estimate is the larger of the
/// two. The prior (α = 0.2 records over β = one floor) keeps a map with no record seen from reading as
/// exactly dead.
public struct RateEstimate: Sendable, Equatable {
    /// The decayed counts, the decayed time covered (seconds), and when they were last decayed to.
    var longCount: Double = 0
    var shortCount: Double = 0
    var longExposure: Double = 0
    var asOf: Date

    /// Time scales, in seconds, from the floor.
    struct Scales: Sendable, Equatable {
        var long: TimeInterval
        var short: TimeInterval
        var priorEvents = 0.2
        var priorExposure: TimeInterval

        init(maxStaleness: TimeInterval) {
            // Two weeks of evidence: with one week, most maps (a record a month or rarer) show too few
            // records to tell apart, and on a model of the benchmark's world the plan cost 13 % more delay
            // (1.28 × the optimum against 1.13); a map that goes quiet is over-read for longer, one that
            // wakes up is promoted by the short scale either way.
            long = 14 * maxStaleness
            short = maxStaleness / 4
            priorExposure = maxStaleness
        }

        /// The rate assumed for a map nothing is known about (the prior's mean).
        var priorRate: Double { priorEvents / priorExposure }
    }

    /// The estimate a map's first read gives: every record the top shows, decayed by its age, over the
    /// time since the oldest of them (what the top covers; nothing shown covers nothing), as if reads
    /// had watched the map over that span.
    ///
    /// A top of records months old says the map is quiet, and is believed (up to τ's worth of time):
    /// with the prior alone such a map would read as 0.1 a day. A map that wakes up after such a history
    /// is promoted by the short time scale within a check or two. (Weighing the history as one floor
    /// instead cost 10 % more delay on a model of the benchmark's world, whose tops show their history.)
    init(timestamps: [Int], now: Date, scales: Scales) {
        asOf = now
        add(timestamps: timestamps, now: now, scales: scales)
        if let oldest = timestamps.min() {
            let span = max(0, now.timeIntervalSince1970 - Double(oldest))
            longExposure = scales.long * -expm1(-span / scales.long)
        }
    }

    /// Folds in the records a later read found new (timestamps after the previous read), and the time
    /// since the previous read as covered.
    mutating func observe(newTimestamps: [Int], now: Date, scales: Scales) {
        let elapsed = max(0, now.timeIntervalSince(asOf))
        let decay = exp(-elapsed / scales.long)
        longCount *= decay
        longExposure = longExposure * decay + scales.long * -expm1(-elapsed / scales.long)
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
        // The time since the last read is not covered yet (its records are unseen): both the count
        // and the exposure are only decayed to `now`.
        let decay = exp(-elapsed / scales.long)
        let long = (scales.priorEvents + longCount * decay) / (scales.priorExposure + longExposure * decay)
        // Half weight on the short scale: one lone record does not make a map hot.
        let short = shortCount * exp(-elapsed / scales.short) / (2 * scales.short)
        return max(long, short)
    }
}
