#!/usr/bin/env python3
"""How close to the square-root optimum any watcher can get after k days of reads (issue 23).

`python3 scripts/bench_watch_bound.py [--maps 10000] [--days 1 3 7] [--draws 5] [--history-days 30]`

The optimum of docs/live-watching.md assumes the true record rates. A watcher only knows what its
reads showed. Without history (`--history-days 0`) a map's first read shows records older than the
simulation, so after k days a map's evidence is the number of records it had in those k days. With
the benchmark's history (simulated-world.md, `--history-days`), a first read also shows the map's
records of the last H days, at most the top's ten: n records over H days, or ten over the age of the
tenth. Either way the evidence is n records over an exposure T (the likelihood λⁿe^(−λT)). This
script computes, per world draw (lognormal rates, median and σ as the benchmark's), the
record-weighted mean delay of the best static plan that evidence allows (the square-root rule applied
to each map's Bayes posterior mean rate under the true lognormal prior: the delay is linear in λ, so
its posterior mean is the right plug-in) and reports it against the optimum from the true rates. A
watcher without the population prior (recordsw's estimator) cannot do better than this, so a ratio
above an aim here means the aim cannot be met after k days in that world, by any scheduler.
"""

import argparse
import math
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_watch_stats as stats  # noqa: E402


def posterior_means(median, sigma, days, largest):
    """E[λ | k records in `days`] for k = 0…largest (per day): the table of ``posterior_mean``."""
    return [posterior_mean(median, sigma, k, days, grid_points=4001) for k in range(largest + 1)]


def posterior_mean(median, sigma, records, exposure, grid_points=801):
    """E[λ | `records` records over `exposure` days] under λ ~ lognormal(ln median, σ) (per day), by
    quadrature on a log grid of ±8σ; the Poisson log-likelihood n·ln λ − λT is shifted by its maximum
    so exp never overflows."""
    total = weighted = 0.0
    top = None
    terms = []
    for i in range(grid_points):
        z = -8 + 16 * i / (grid_points - 1)
        log_rate = math.log(median) + sigma * z
        value = -z * z / 2 + records * log_rate - math.exp(log_rate) * exposure
        terms.append((value, log_rate))
        top = value if top is None else max(top, value)
    for value, log_rate in terms:
        weight = math.exp(value - top)
        total += weight
        weighted += weight * math.exp(log_rate)
    return weighted / total


def history_evidence(generator, rate, history_days, shown=10):
    """(records, days) a first read's top shows of a map at `rate` with `history_days` of history."""
    back, count = 0.0, 0
    while count < shown:
        back += generator.expovariate(rate)
        if back >= history_days:
            return count, history_days
        count += 1
    return count, back


def poisson(generator, mean):
    if mean > 60:
        return max(0, round(generator.gauss(mean, math.sqrt(mean))))
    limit, count, product = math.exp(-mean), 0, generator.random()
    while product > limit:
        count += 1
        product *= generator.random()
    return count


def bound(maps, median, sigma, reads_per_map_day, days, draws, seed, history_days=0.0):
    """Mean over `draws` worlds of (optimum delay, best delay after `days`), in simulated minutes."""
    optimum_total = best_total = 0.0
    for draw in range(draws):
        generator = random.Random(seed * 1000 + draw)
        rates = [median * math.exp(sigma * generator.gauss(0, 1)) for _ in range(maps)]
        counts = [poisson(generator, rate * days) for rate in rates]
        if history_days > 0:
            history = [history_evidence(generator, rate, history_days) for rate in rates]
            estimates = [posterior_mean(median, sigma, n + c, t + days) for (n, t), c in zip(history, counts)]
        else:
            means = posterior_means(median, sigma, days, max(counts))
            estimates = [means[c] for c in counts]
        budget = reads_per_map_day * maps
        optimum = stats.periodic_mean_delay(rates, stats.water_fill(rates, budget, 1.0))
        best = stats.periodic_mean_delay(rates, stats.water_fill(estimates, budget, 1.0))
        optimum_total += optimum
        best_total += best
    return optimum_total / draws * 1440, best_total / draws * 1440


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--maps", type=int, default=10_000)
    parser.add_argument("--median", type=float, default=0.05, help="median records per day (0.05)")
    parser.add_argument("--sigma", type=float, default=2.0)
    parser.add_argument("--reads", type=float, default=8.64, help="reads per map and day (8.64)")
    parser.add_argument("--days", type=float, nargs="+", default=[1, 3, 7], help="days of reads (1 3 7)")
    parser.add_argument("--draws", type=int, default=5)
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--history-days", type=float, default=0.0,
                        help="days of history a first read shows, at most ten records (0: none)")
    args = parser.parse_args(argv)
    print(f"{args.maps} maps, lognormal rates (median {args.median}/day, σ {args.sigma}), "
          f"{args.reads} reads per map and day, floor one read a day, {args.draws} draws, "
          f"{args.history_days:g} days of history")
    print("| days of reads | optimum (true rates) | best plan from the evidence | ratio |")
    print("|---:|---:|---:|---:|")
    for days in args.days:
        optimum, best = bound(
            args.maps, args.median, args.sigma, args.reads, days, args.draws, args.seed, args.history_days)
        print(f"| {days:g} | {optimum:.1f} min | {best:.1f} min | {best / optimum:.2f} |")


if __name__ == "__main__":
    main()
