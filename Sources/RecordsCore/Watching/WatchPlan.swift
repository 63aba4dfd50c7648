import Foundation

/// Shares a read budget out between maps (docs/live-watching.md has the derivation).
///
/// With records arriving on map *i* as a Poisson process of rate λᵢ and the map read periodically
/// with frequency fᵢ, a record waits on average 1/(2fᵢ) for its read; the record-weighted mean delay
/// Σλᵢ/(2fᵢ) / Σλᵢ under Σfᵢ = F is smallest for fᵢ ∝ √λᵢ. With the floor (fᵢ ≥ 1/staleness) and
/// a ceiling (fᵢ ≤ 1/``WatchSettings/minInterval``) the optimum is the same shape clamped: fᵢ =
/// clamp(c·√λᵢ), with the one c that spends F — found here by bisection, O(N) per step.
public struct WatchPlan: Sendable {
    /// Reads per second for the maps' leaderboards.
    public var budget: Double
    /// The floor and ceiling of one map's frequency.
    public var floor: Double
    public var ceiling: Double
    public var kind: WatchSchedulerKind
    /// The multiplier of √λ; for `uniform`, the one frequency every map gets.
    public private(set) var scale: Double = 0
    /// Whether the budget cannot even pay the floor for every map.
    public private(set) var floorUnaffordable = false

    public init(budget: Double, floor: Double, ceiling: Double, kind: WatchSchedulerKind) {
        self.budget = budget
        self.floor = floor
        self.ceiling = max(floor, ceiling)
        self.kind = kind
    }

    /// Solves for the scale that spends the budget over maps with these rates.
    public mutating func solve(rates: [Double]) {
        let count = Double(rates.count)
        guard count > 0 else {
            scale = 0
            floorUnaffordable = false
            return
        }
        floorUnaffordable = count * floor > budget
        switch kind {
        case .uniform:
            scale = min(ceiling, budget / count)
        case .sqrt:
            if floorUnaffordable {
                // Nothing can meet the floor: share evenly, the least-bad way to keep every map's age bounded.
                scale = budget / count
                return
            }
            if count * ceiling <= budget {
                scale = .infinity
                return
            }
            let roots = rates.map { $0.squareRoot() }
            func spend(_ c: Double) -> Double {
                var total = 0.0
                for root in roots { total += min(ceiling, max(floor, c * root)) }
                return total
            }
            var low = 0.0
            var high = 1.0
            while spend(high) < budget && high < 1e30 { high *= 4 }
            for _ in 0..<80 {
                let mid = (low + high) / 2
                if spend(mid) < budget { low = mid } else { high = mid }
            }
            scale = high
        }
    }

    /// The frequency (reads per second) a map with `rate` gets under the solved plan.
    public func frequency(rate: Double) -> Double {
        switch kind {
        case .uniform:
            return scale
        case .sqrt:
            if floorUnaffordable { return scale }
            if scale == .infinity { return ceiling }
            return min(ceiling, max(floor, scale * rate.squareRoot()))
        }
    }
}
