import Foundation
import Testing

@testable import RecordsCore

/// The square-root rule, its floor and ceiling, the uniform comparison, the due queue and the estimator.
@Suite struct WatchPlanTests {
    @Test func frequenciesFollowTheSquareRootAndSpendTheBudget() {
        var plan = WatchPlan(budget: 1, floor: 1e-6, ceiling: 10, kind: .sqrt)
        let rates = [1e-2, 4e-2, 1e-4, 0]
        plan.solve(rates: rates)
        let f = rates.map { plan.frequency(rate: $0) }
        #expect(abs(f.reduce(0, +) - 1) < 1e-6)
        #expect(abs(f[1] / f[0] - 2) < 1e-6, "four times the rate, twice the frequency")
        #expect(abs(f[0] / f[2] - 10) < 1e-6)
        #expect(f[3] == 1e-6, "a dead map gets the floor")
    }

    @Test func theFloorHoldsWhenAffordableAndTheCeilingCapsSpending() {
        var plan = WatchPlan(budget: 10, floor: 1.0 / 86_400, ceiling: 1.0 / 60, kind: .sqrt)
        plan.solve(rates: [1, 1e-9])
        // Two maps cannot spend 10 reads/s at one read a minute each: the watcher spends less.
        #expect(plan.frequency(rate: 1) == 1.0 / 60)
        var tight = WatchPlan(budget: 0.01, floor: 1.0 / 3600, ceiling: 1, kind: .sqrt)
        let rates = (0..<10).map { Double($0) * 1e-5 }
        tight.solve(rates: rates)
        #expect(!tight.floorUnaffordable)
        for rate in rates { #expect(tight.frequency(rate: rate) >= 1.0 / 3600 - 1e-12) }
        #expect(abs(rates.map { tight.frequency(rate: $0) }.reduce(0, +) - 0.01) < 1e-9)
    }

    @Test func anUnaffordableFloorSharesEvenly() {
        var plan = WatchPlan(budget: 1, floor: 1, ceiling: 2, kind: .sqrt)
        plan.solve(rates: [1, 2, 3, 4])
        #expect(plan.floorUnaffordable)
        #expect(plan.frequency(rate: 4) == 0.25)
    }

    @Test func uniformIsRoundRobinAtTheSameBudget() {
        var plan = WatchPlan(budget: 2, floor: 1e-6, ceiling: 10, kind: .uniform)
        plan.solve(rates: [1, 0, 0, 0.5])
        #expect(plan.frequency(rate: 1) == 0.5)
        #expect(plan.frequency(rate: 0) == 0.5)
    }

    @Test func theSquareRootBeatsUniformOnSkewedRates() {
        // Mean record-weighted delay Σλ/(2f) / Σλ for both plans over lognormal-ish rates.
        var generator = SystemRandomNumberGenerator()
        let rates = (0..<2000).map { _ in exp(Double.random(in: -8...2, using: &generator)) / 86_400 }
        func delay(_ kind: WatchSchedulerKind) -> Double {
            var plan = WatchPlan(budget: 0.1, floor: 1e-9, ceiling: 1, kind: kind)
            plan.solve(rates: rates)
            return rates.map { $0 / (2 * plan.frequency(rate: $0)) }.reduce(0, +) / rates.reduce(0, +)
        }
        #expect(delay(.sqrt) < delay(.uniform) / 2)
    }

    @Test func theDueQueuePopsInOrderAndHonoursReschedules() {
        var queue = DueQueue()
        for (index, uid) in ["a", "b", "c", "d"].enumerated() { queue.schedule(uid, at: Double(10 - index)) }
        queue.schedule("a", at: 1)
        queue.remove("c")
        #expect(queue.popDue(now: 100) == "a")
        #expect(queue.popDue(now: 100) == "d")
        #expect(queue.popDue(now: 8.5) == nil, "b is due at 9")
        #expect(queue.popDue(now: 9) == "b")
        #expect(queue.popDue(now: 100) == nil)
        var big = DueQueue()
        for index in 0..<10_000 { big.schedule("m\(index)", at: Double((index * 7919) % 10_000)) }
        var last = -1.0
        var popped = 0
        while let uid = big.popDue(now: .infinity) {
            let due = Double((Int(uid.dropFirst())! * 7919) % 10_000)
            #expect(due >= last)
            last = due
            popped += 1
        }
        #expect(popped == 10_000)
    }

    @Test func theEstimateLearnsFromTimestampsAndPromotesAMapThatWakesUp() {
        let scales = RateEstimate.Scales(maxStaleness: 86_400)
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let stamp = Int(now.timeIntervalSince1970)
        let dead = RateEstimate(timestamps: [stamp - 400 * 86_400], now: now, scales: scales)
        let busy = RateEstimate(
            timestamps: (0..<70).map { stamp - $0 * 86_400 / 10 }, now: now, scales: scales)
        #expect(busy.rate(now: now, scales: scales) > 50 * dead.rate(now: now, scales: scales))
        // About ten records a day over the last week reads as roughly that.
        let perDay = busy.rate(now: now, scales: scales) * 86_400
        #expect(perDay > 4 && perDay < 20)
        var waking = dead
        let later = now.addingTimeInterval(3600)
        waking.observe(newTimestamps: [stamp + 3000, stamp + 3300, stamp + 3500], now: later, scales: scales)
        #expect(waking.rate(now: later, scales: scales) > 20 * dead.rate(now: later, scales: scales))
    }

    @Test func theEstimateDividesByTheTimeItsReadsCovered() {
        // A new map read every 6 hours for 3 days, with 4 records in its first 2 days (1.3 a day):
        // divided by the 3 days covered it reads as about one a day; divided by τ (14 days) it would
        // read as under a third of one, and the sqrt rule would starve it for weeks.
        let scales = RateEstimate.Scales(maxStaleness: 86_400)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let base = Int(start.timeIntervalSince1970)
        let records = [0.25, 0.75, 1.25, 1.75].map { base + Int($0 * 86_400) }
        var estimate = RateEstimate(timestamps: [], now: start, scales: scales)
        var quiet = estimate
        for read in 1...12 {
            let now = start.addingTimeInterval(Double(read) * 21_600)
            let previous = base + (read - 1) * 21_600
            let fresh = records.filter { $0 > previous && $0 <= Int(now.timeIntervalSince1970) }
            estimate.observe(newTimestamps: fresh, now: now, scales: scales)
            quiet.observe(newTimestamps: [], now: now, scales: scales)
        }
        let end = start.addingTimeInterval(3 * 86_400)
        let perDay = estimate.rate(now: end, scales: scales) * 86_400
        #expect(perDay > 0.75 && perDay < 1.5, "\(perDay) a day")
        // Nothing in 3 days reads as rarer than the prior, and far below the busy map.
        #expect(quiet.rate(now: end, scales: scales) < scales.priorRate)
        #expect(perDay > 10 * quiet.rate(now: end, scales: scales) * 86_400)
    }

    @Test func aTopOfOldRecordsReadsAsQuietAndAWakingMapIsStillPromoted() {
        // The top shows ten records from 30 to 300 days ago: the map is quiet, and the estimate believes
        // it (about 0.02 a day: the prior's 0.2 records over its floor and the history's 14 days
        // covered); weighing the history as one floor, it read as 0.1 a day, near the prior's 0.2.
        let scales = RateEstimate.Scales(maxStaleness: 86_400)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let base = Int(start.timeIntervalSince1970)
        let history = (0..<10).map { base - (30 + 30 * $0) * 86_400 }
        var estimate = RateEstimate(timestamps: history, now: start, scales: scales)
        let quiet = estimate.rate(now: start, scales: scales) * 86_400
        #expect(quiet < 0.04, "\(quiet) a day")
        // Then it wakes up: a record every 72 minutes, read hourly. Within half a day the short scale
        // has it at several a day, whatever the history said.
        for read in 1...12 {
            let now = start.addingTimeInterval(Double(read) * 3_600)
            let fresh = (0..<20).map { base + 1_800 + $0 * 4_320 }.filter {
                $0 > base + (read - 1) * 3_600 && $0 <= base + read * 3_600
            }
            estimate.observe(newTimestamps: fresh, now: now, scales: scales)
        }
        let awake = estimate.rate(now: start.addingTimeInterval(12 * 3_600), scales: scales) * 86_400
        #expect(awake > 5, "\(awake) a day")
    }
}
