#!/usr/bin/env python3
"""A model of the live watcher's scheduling rules in the benchmark's world (issue 23).

The real benchmark (`scripts/bench-watch.py`) runs the server against the fake Trackmania service for
about 45 minutes a scenario and mixes three things: what the rules can know (their estimate of each
map's rate), what they do with it (the square-root plan, the reads' spacing), and what the machine
lets them spend (a starved process reads late). This model keeps only the first two: the same world
(lognormal rates, Poisson records, each map's top showing its last ten records of a 30-day history),
the same estimator (`RateEstimate`: decayed counts and exposure, the Gamma prior, the short scale),
the same plan (square root with the floor, solved over the estimates) and the same queue (each map's
next read one planned interval after its read), with no latency, no probe and no pushes. Reads run at
`capacity` × the plan's budget, so the cost of a watcher that cannot keep its pace can be seen apart.

It answers in seconds what a benchmark run answers in an hour, e.g. which τ to use:

    python3 scripts/watch_model.py --long-days 7 14 30
    python3 scripts/watch_model.py --capacity 1 0.95 0.88

Delays are in simulated minutes; "× optimum" is against the plan computed from the true rates.
"""

import argparse
import bisect
import heapq
import math
import random

import bench_watch_stats as stats


def world(maps, seed, history_days=30.0, days=3.2, median=0.05, sigma=2.0, shown=10):
    """Rates (records/day), each map's record times over `days` and the times its top shows at the start
    (its last `shown` records of the history; older places a month to a year back, as the fake's are)."""
    rng = random.Random(seed)
    rates, records, tops = [], [], []
    for _ in range(maps):
        rate = median * math.exp(sigma * rng.gauss(0, 1))
        times, t = [], rng.expovariate(rate)
        while t < days:
            times.append(t)
            t += rng.expovariate(rate)
        top, back = [], rng.expovariate(rate)
        while len(top) < shown and back < history_days:
            top.append(-back)
            back += rng.expovariate(rate)
        top += [-history_days - rng.uniform(1, 300) for _ in range(shown - len(top))]
        rates.append(rate)
        records.append(times)
        tops.append(top)
    return rates, records, tops


class Estimate:
    """`RateEstimate` in days: (α + Σ e^(−age/τ)) / (β + E), and the short scale at half weight."""

    def __init__(self, times, now, scales):
        self.scales = scales
        self.as_of = now
        self.long = self.short = 0.0
        self.add(times, now)
        span = max(0.0, now - min(times)) if times else 0.0
        self.exposure = scales["long"] * -math.expm1(-span / scales["long"])

    def add(self, times, now):
        for t in times:
            age = max(0.0, now - t)
            self.long += math.exp(-age / self.scales["long"])
            self.short += math.exp(-age / self.scales["short"])

    def observe(self, times, now):
        elapsed = max(0.0, now - self.as_of)
        decay = math.exp(-elapsed / self.scales["long"])
        self.long *= decay
        self.exposure = self.exposure * decay + self.scales["long"] * -math.expm1(-elapsed / self.scales["long"])
        self.short *= math.exp(-elapsed / self.scales["short"])
        self.as_of = max(self.as_of, now)
        self.add(times, now)

    def rate(self, now):
        s = self.scales
        elapsed = max(0.0, now - self.as_of)
        decay = math.exp(-elapsed / s["long"])
        long = (s["alpha"] + self.long * decay) / (s["beta"] + self.exposure * decay)
        if not s["use_short"]:
            return long
        return max(long, self.short * math.exp(-elapsed / s["short"]) / (2 * s["short"]))


def plan_scale(rates, budget):
    """The plan's c in f = max(floor, c·√λ) with Σ f = budget (the water-filling of the benchmark's
    optimum, `bench_watch_stats.water_fill`, on these rates)."""
    plan = stats.water_fill(rates, budget, 1.0)
    top = max(range(len(rates)), key=rates.__getitem__)
    return plan[top] / math.sqrt(rates[top])


def run(rates, records, tops, budget, capacity=1.0, scales=None, oracle=False, warmup=1.0, measure=1.0,
        resolve=30 / 1440):
    """The watcher over the world; returns the mean delay (minutes) of the records of the measured day."""
    scales = scales or {}
    count = len(rates)
    estimates, last = [None] * count, [None] * count
    prior = scales["alpha"] / scales["beta"]
    due = [0.0] * count
    heap = [(0.0, index) for index in range(count)]
    scale, next_solve, now, delays = 0.0, 0.0, 0.0, []
    slot = 1 / (budget * capacity)
    end = warmup + measure + 1.0
    while heap and now < end:
        at, index = heapq.heappop(heap)
        if at != due[index]:
            continue
        now = max(now + slot, at)
        if now >= next_solve:
            known = rates if oracle else [e.rate(now) if e else prior for e in estimates]
            scale, next_solve = plan_scale(known, budget), now + resolve
        times = records[index]
        seen = bisect.bisect_right(times, now)
        if last[index] is None:
            estimates[index] = Estimate(tops[index] + times[:seen], now, scales)
        else:
            fresh = times[bisect.bisect_right(times, last[index]):seen]
            delays += [now - t for t in fresh if warmup <= t < warmup + measure]
            estimates[index].observe(fresh, now)
        last[index] = now
        rate = rates[index] if oracle else estimates[index].rate(now)
        due[index] = now + 1 / min(1440.0, max(1.0, scale * math.sqrt(rate)))
        heapq.heappush(heap, (due[index], index))
    return sum(delays) / len(delays) * 1440 if delays else float("nan")


def optimum(rates, budget):
    return stats.periodic_mean_delay(rates, stats.water_fill(rates, budget, 1.0)) * 1440


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--maps", type=int, default=10_000)
    parser.add_argument("--reads-per-map", type=float, default=8.64,
                        help="reads per map and day (8.64: 10,000 maps at 1 request/s)")
    parser.add_argument("--probe-share", type=float, default=0.05, help="the budget's share left to the probe")
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--long-days", type=float, nargs="+", default=[14.0], help="τ of the long scale (days)")
    parser.add_argument("--capacity", type=float, nargs="+", default=[1.0],
                        help="reads achieved per read planned")
    parser.add_argument("--no-short", action="store_true", help="without the short scale")
    parser.add_argument("--alpha", type=float, default=0.2)
    parser.add_argument("--beta-days", type=float, default=1.0)
    args = parser.parse_args()
    budget = args.maps * args.reads_per_map * (1 - args.probe_share)
    rates, records, tops = world(args.maps, args.seed)
    best = optimum(rates, budget)
    print(f"{args.maps} maps, {sum(rates):.0f} records/day, {budget:.0f} reads/day; optimum {best:.1f} min")
    oracle = run(rates, records, tops, budget, scales={"alpha": args.alpha, "beta": args.beta_days, "long": 14,
                                                        "short": 0.25, "use_short": True}, oracle=True)
    print(f"true rates, periodic reads: {oracle:.1f} min ({oracle / best:.2f} × optimum)")
    for long in args.long_days:
        for capacity in args.capacity:
            scales = {"alpha": args.alpha, "beta": args.beta_days, "long": long, "short": 0.25,
                      "use_short": not args.no_short}
            mean = run(rates, records, tops, budget, capacity=capacity, scales=scales)
            print(f"τ {long:g} days, capacity {capacity:g}: {mean:.1f} min ({mean / best:.2f} × optimum)")


if __name__ == "__main__":
    main()
