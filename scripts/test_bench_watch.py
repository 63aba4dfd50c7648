"""Unit tests of the live-watching benchmark's helpers: `python3 -m unittest scripts/test_bench_watch.py`
(or `cd scripts && python3 -m unittest test_bench_watch`)."""

import json
import math
import os
import random
import sys
import unittest

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench_watch_bound  # noqa: E402
import bench_watch_stats as s  # noqa: E402
import watch_model  # noqa: E402


class StatisticsTests(unittest.TestCase):
    def test_percentile_interpolates_between_ranks(self):
        self.assertEqual(s.percentile([1, 2, 3, 4], 0.5), 2.5)
        self.assertAlmostEqual(s.percentile(range(11), 0.9), 9.0)
        self.assertEqual(s.percentile([7], 0.9), 7)
        self.assertTrue(math.isnan(s.percentile([], 0.5)))

    def test_summary(self):
        figures = s.summary([3, 1, 2, 10])
        self.assertEqual(figures["count"], 4)
        self.assertEqual(figures["mean"], 4)
        self.assertEqual(figures["median"], 2.5)
        self.assertAlmostEqual(figures["p90"], 7.9)


class WaterFillingTests(unittest.TestCase):
    def test_square_root_shares_without_a_binding_floor(self):
        frequencies = s.water_fill([1.0, 4.0, 16.0], 70.0, 0.1)
        # √λ = 1, 2, 4: shares 10, 20, 40.
        for got, want in zip(frequencies, [10.0, 20.0, 40.0]):
            self.assertAlmostEqual(got, want)

    def test_floor_takes_its_share_first(self):
        rates = [0.0001, 0.0001, 100.0, 400.0]
        frequencies = s.water_fill(rates, 32.0, 1.0)
        self.assertAlmostEqual(sum(frequencies), 32.0)
        self.assertEqual(frequencies[:2], [1.0, 1.0])
        # The other 30 go 10 : 20 by √λ.
        self.assertAlmostEqual(frequencies[2], 10.0)
        self.assertAlmostEqual(frequencies[3], 20.0)

    def test_budget_below_the_floor_is_shared_evenly(self):
        self.assertEqual(s.water_fill([1.0, 2.0], 1.0, 1.0), [0.5, 0.5])

    def test_square_root_beats_other_allocations(self):
        generator = random.Random(5)
        rates = [math.exp(generator.gauss(math.log(0.05), 2)) for _ in range(500)]
        budget, floor = 500 * 8.64, 1.0
        best = s.water_fill(rates, budget, floor)
        self.assertAlmostEqual(sum(best), budget, places=6)
        self.assertTrue(all(f >= floor - 1e-12 for f in best))
        optimum = s.periodic_mean_delay(rates, best)
        uniform = s.periodic_mean_delay(rates, [budget / 500] * 500)
        proportional = [max(floor, r) for r in rates]
        scale = (budget - sum(f for f in proportional if f == floor)) / sum(f for f in proportional if f > floor)
        proportional = [f if f == floor else f * scale for f in proportional]
        self.assertLess(optimum, uniform)
        self.assertLess(optimum, s.periodic_mean_delay(rates, proportional))
        # Perturbing the optimum (moving budget between two maps above the floor) never helps.
        for _ in range(50):
            i, j = generator.sample([k for k, f in enumerate(best) if f > floor + 0.1], 2)
            moved = list(best)
            step = min(0.05, moved[j] - floor)
            moved[i] += step
            moved[j] -= step
            self.assertGreaterEqual(s.periodic_mean_delay(rates, moved), optimum - 1e-12)

    def test_periodic_delay_and_quantiles(self):
        # One map checked twice a day: delays uniform on (0, 0.5) day.
        self.assertAlmostEqual(s.periodic_mean_delay([3.0], [2.0]), 0.25)
        self.assertAlmostEqual(s.periodic_quantile([3.0], [2.0], 0.9), 0.45, places=6)
        # Two maps, equal rates, one read daily and one 4 times a day: CDF(t) = (min(1,t) + min(1,4t)) / 2.
        self.assertAlmostEqual(s.periodic_quantile([1.0, 1.0], [1.0, 4.0], 0.5), 0.2, places=6)
        figures = s.periodic_summary([1.0, 1.0], [1.0, 4.0])
        self.assertAlmostEqual(figures["mean"], (0.5 + 0.125) / 2)


    def test_delays_by_rate_class(self):
        rates = {"cold": 0.05, "warm": 4.0, "hot": 16.0}
        frequencies = {"cold": 1.0, "warm": 2.0, "hot": 4.0}
        pairs = [("warm", 0.5), ("hot", 0.1), ("hot", 0.2), ("unknown", 9.0)]
        classes = s.by_rate(pairs, rates, frequencies, edges=(1.0, 10.0))
        self.assertEqual([(c["from"], c["to"], c["maps"], c["records"]) for c in classes],
                         [(0.0, 1.0, 1, 0), (1.0, 10.0, 1, 1), (10.0, None, 1, 2)])
        self.assertIsNone(classes[0]["mean"])
        self.assertAlmostEqual(classes[0]["optimum"], 0.5)
        self.assertAlmostEqual(classes[1]["mean"], 0.5)
        self.assertAlmostEqual(classes[1]["optimum"], 0.25)
        self.assertAlmostEqual(classes[2]["mean"], 0.15)
        self.assertAlmostEqual(classes[2]["optimum"], 0.125)


class MatchingTests(unittest.TestCase):
    RECORDS = [
        {"sequence": 0, "mapUid": "m1", "accountId": "a", "score": 500, "timestamp": 100, "createdAt": 100.4},
        {"sequence": 1, "mapUid": "m1", "accountId": "a", "score": 400, "timestamp": 150, "createdAt": 150.2},
        {"sequence": 2, "mapUid": "m2", "accountId": "b", "score": 900, "timestamp": 120, "createdAt": 120.9},
        {"sequence": 3, "mapUid": "m2", "accountId": "c", "score": 800, "timestamp": 130, "createdAt": 130.0},
    ]

    def test_detections_pair_with_records(self):
        detections = [
            {"mapUid": "m1", "accountId": "a", "timestamp": 150, "at": 160.2},
            {"mapUid": "m2", "accountId": "b", "timestamp": 120, "at": 200.9},
            {"mapUid": "m2", "accountId": "b", "timestamp": 120, "at": 300.0},
        ]
        result = s.match(self.RECORDS, detections)
        self.assertEqual(sorted(result["delays"]), [10.0, 80.0])
        self.assertEqual(sorted(result["pairs"]), [("m1", 10.0), ("m2", 80.0)])
        self.assertEqual(result["duplicates"], 1)
        # Sequence 0 was superseded by the same account (never detectable after); 3 is missing.
        self.assertEqual(result["unseen_superseded"], 1)
        self.assertEqual([r["sequence"] for r in result["missing"]], [3])
        self.assertEqual(s.unknown_detections(self.RECORDS, detections + [
            {"mapUid": "m9", "accountId": "a", "timestamp": 1, "at": 2}]), [
            {"mapUid": "m9", "accountId": "a", "timestamp": 1, "at": 2}])

    def test_superseded(self):
        self.assertEqual(s.superseded(self.RECORDS), {0})
        # Beaten 49.8 s later: excused within a minute, not within 10 s.
        self.assertEqual(s.superseded(self.RECORDS, within=60), {0})
        self.assertEqual(s.superseded(self.RECORDS, within=10), set())
        self.assertEqual(s.match(self.RECORDS, [], hidden=set())["unseen_superseded"], 0)

    def test_iso_seconds(self):
        self.assertEqual(s.iso_seconds("1970-01-01T00:01:40Z"), 100)
        self.assertAlmostEqual(s.iso_seconds("1970-01-01T00:01:40.250Z"), 100.25)
        self.assertEqual(s.iso_seconds("1970-01-01T00:01:40+00:00"), 100)

    def test_record_times(self):
        self.assertEqual(s.parse_record_time("45.120"), 45120)
        self.assertEqual(s.parse_record_time("1:02.345"), 62345)
        self.assertEqual(s.parse_record_time("1:00:02.345"), 3602345)

    def test_discord_posts_name_their_records(self):
        body = {"embeds": [
            {"title": "New record on Sim map 4", "url": "https://trackmania.io/#/leaderboard/SimMap0000004xxxxxxxxxxxxxx",
             "description": "**#2** SimDriver000017 – 1:02.345\nZone: World\nDriven: 2026-12-07 09:00 UTC"},
            {"title": "Improved record on Sim map 5", "url": "https://trackmania.io/#/leaderboard/SimMap0000005xxxxxxxxxxxxxx",
             "description": "**#1** SimDriver000003 (improved) – 59.999\nZone: World"},
            {"title": "New record on Sim map 6", "url": "https://trackmania.io/#/leaderboard/SimMap0000006xxxxxxxxxxxxxx",
             # A driver whose name was unknown: the account id, with Discord's markdown escapes.
             "description": "**#4** 5e5e5e5e\\-0000\\-4000\\-8002\\-000000000042 – 1:00.000"},
            {"title": "recordsw test message", "description": "hello"},
        ]}
        found = s.discord_records({"body": json.dumps(body)})
        self.assertEqual(found, [
            ("SimMap0000004xxxxxxxxxxxxxx", "5e5e5e5e-0000-4000-8002-000000000017", 62345),
            ("SimMap0000005xxxxxxxxxxxxxx", "5e5e5e5e-0000-4000-8002-000000000003", 59999),
            ("SimMap0000006xxxxxxxxxxxxxx", "5e5e5e5e-0000-4000-8002-000000000042", 60000),
        ])
        self.assertEqual(s.discord_records({"body": "not json"}), [])

    def test_pushes_pair_by_score(self):
        arrivals = {("m1", "a", 400): [155.2, 170.0], ("m2", "c", 800): [131.0]}
        result = s.match_pushes(self.RECORDS, arrivals)
        self.assertEqual(sorted(round(d, 6) for d in result["delays"]), [1.0, 5.0])
        self.assertEqual(result["duplicates"], 1)
        self.assertEqual([r["sequence"] for r in result["missing"]], [2])


class BudgetTests(unittest.TestCase):
    def test_sliding_window_maximum(self):
        per_second = {10: 5, 11: 5, 70: 1, 71: 30, 72: 30}
        best, at = s.window_maximum(per_second, 60)
        self.assertEqual(best, 61)
        self.assertEqual(at, 13)
        self.assertEqual(s.window_maximum(per_second, 2), (60, 71))
        self.assertEqual(s.window_maximum({}, 60), (0, None))
        # Leaving out the windows that touch second 71 leaves [10, 69] as the busiest.
        self.assertEqual(s.window_maximum(per_second, 60, excluded=[(71, 71.5)]), (10, 10))

    def test_quiet_window_fits_between_daily_runs(self):
        self.assertEqual(s.quiet_window([]), 60)
        self.assertEqual(s.quiet_window([(100, 104.2)]), 60)
        # Runs every 60 s lasting about 4 s: seconds 105-159 and 164-219 are free of them.
        self.assertEqual(s.quiet_window([(100, 104.2), (160.1, 163.9), (220, 224)]), 56)
        self.assertEqual(s.quiet_window([(100, 300), (301, 400)]), 5)
        self.assertEqual(s.quiet_window([(0, 10), (200, 210)]), 60)


class BoundTests(unittest.TestCase):
    def test_posterior_means_grow_with_the_evidence(self):
        means = bench_watch_bound.posterior_means(0.05, 2.0, 1.0, 6)
        self.assertEqual(means, sorted(means))
        # Nothing seen in a day reads as rarer than the population's mean (0.05·e² ≈ 0.37 a day);
        # many records read as about that many (the prior fades).
        self.assertLess(means[0], 0.37)
        self.assertAlmostEqual(bench_watch_bound.posterior_means(0.05, 2.0, 1.0, 200)[200], 200, delta=5)

    def test_more_days_of_evidence_come_closer_to_the_optimum(self):
        optimum, one = bench_watch_bound.bound(300, 0.05, 2.0, 8.64, 1, 2, 23)
        _, many = bench_watch_bound.bound(300, 0.05, 2.0, 8.64, 30, 2, 23)
        self.assertLess(optimum, many)
        self.assertLess(many, one)

    def test_a_history_is_evidence(self):
        # The general posterior agrees with the per-count table, and a first read's history brings a
        # plan after one day closer to the optimum than the day alone.
        table = bench_watch_bound.posterior_means(0.05, 2.0, 1.0, 5)
        for k in range(6):
            self.assertAlmostEqual(bench_watch_bound.posterior_mean(0.05, 2.0, k, 1.0), table[k],
                                   delta=0.02 * table[k])
        import random
        generator = random.Random(1)
        # A hot map's top is ten records a few hours old; a dead one's shows nothing in 30 days.
        hot = bench_watch_bound.history_evidence(generator, 50.0, 30.0)
        self.assertEqual(hot[0], 10)
        self.assertLess(hot[1], 1.0)
        self.assertEqual(bench_watch_bound.history_evidence(generator, 1e-6, 30.0), (0, 30.0))
        optimum, bare = bench_watch_bound.bound(300, 0.05, 2.0, 8.64, 1, 2, 23)
        _, informed = bench_watch_bound.bound(300, 0.05, 2.0, 8.64, 1, 2, 23, history_days=30)
        self.assertLess(optimum, informed)
        self.assertLess(informed, bare)


class ModelTests(unittest.TestCase):
    SCALES = {"alpha": 0.2, "beta": 1.0, "long": 14.0, "short": 0.25, "use_short": True}

    def test_the_model_meets_the_optimum_with_the_true_rates_and_pays_for_estimating_them(self):
        rates, records, tops = watch_model.world(1500, 7)
        budget = 1500 * 8.64
        best = watch_model.optimum(rates, budget)
        oracle = watch_model.run(rates, records, tops, budget, scales=self.SCALES, oracle=True)
        # Periodic reads at the plan's frequencies: the computed optimum, up to the sampling of one day.
        self.assertAlmostEqual(oracle / best, 1.0, delta=0.12)
        learned = watch_model.run(rates, records, tops, budget, scales=self.SCALES)
        behind = watch_model.run(rates, records, tops, budget, capacity=0.8, scales=self.SCALES)
        self.assertLess(oracle, learned)
        self.assertLess(learned, behind)

    def test_the_estimate_follows_the_watchers_rules(self):
        # Twenty records over the last two days of a map's top, read now: their decayed count and the
        # prior's 0.2 over the decayed 1.9 days they cover and the prior's day (about seven a day); a map
        # whose top is a year old reads as nearly dead.
        busy = watch_model.Estimate([-0.1 * k for k in range(20)], 0.0, self.SCALES)
        count = sum(math.exp(-0.1 * k / 14) for k in range(20))
        self.assertAlmostEqual(busy.rate(0.0), (0.2 + count) / (1 + 14 * -math.expm1(-1.9 / 14)), places=9)
        dead = watch_model.Estimate([-365.0], 0.0, self.SCALES)
        self.assertLess(dead.rate(0.0), 0.02)
        # Three records within an hour wake it up through the short scale.
        dead.observe([0.01, 0.02, 0.03], 0.04)
        self.assertGreater(dead.rate(0.04), 5.0)


if __name__ == "__main__":
    unittest.main()
