#!/usr/bin/env python3
"""The benchmark harness: `make bench` (or `make bench QUICK=1`, under 3 minutes after the build).

Run through scripts/test-postgres.sh (the Makefile does). One release build; on loopback it starts the
fake Trackmania service on the demo world, recordsw on the throwaway PostgreSQL pointed at the fake,
and the bare baseline `bench-hello` (a Hummingbird hello-world, plus a pooled PostgresNIO select by id
on the same database), seeds data with psql, then measures with wrk and /proc:

- every route against the baseline of its kind, rounds taking turns (the machine is shared: a single
  wrk run moves ±20 %, so ratios of the same run are what to read);
- the login flood (bcrypt-bound) from distinct client addresses through X-Forwarded-For, against the
  machine's bcrypt ceiling measured in the same run, and /health probed during it;
- /health with metrics on against metrics off (two recordsw servers from the same build);
- fixtures per second through LocalInvoke, start-up time to the first 200, and the daily-run scenario
  (bench-daily against a fake-trackmania process);
- request-body parsing (bench-body): the 1 MB worst cases next to a login body, per byte.

It prints one table (and, with --json FILE, writes the figures). Aims are the issues'; a missed aim is
marked, not fatal (a busy machine misses them); errors where none are expected exit non-zero.
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import (  # noqa: E402
    METRICS_TOKEN, ROOT, Processes, build, ensure_tools, http, load_average, log, parallel, psql, psql_value,
    parse_wrk, recordsw_env, register_and_login, rss_kib, start_fake, wait_http, workdir, wrk, free_port)

WORLD = os.path.join(ROOT, "Fixtures", "trackmania", "world.json")


def arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    quick = os.environ.get("QUICK", "") not in ("", "0")
    parser.add_argument("--quick", action="store_true", default=quick, help="short rounds (QUICK=1)")
    parser.add_argument("--seconds", type=float, help="seconds per wrk round (5; quick 3)")
    parser.add_argument("--rounds", type=int, help="rounds per route (5; quick 1)")
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--skip", default="", help="comma-separated parts to leave out: routes, metrics, login, "
                        "fixtures, daily, bodies")
    parser.add_argument("--profile", metavar="ROUTE",
                        help="instead of measuring, record the server with perf during wrk on api/v1/ROUTE (e.g. "
                        "users/alerts) and print the hottest symbols; the report stays in the work folder")
    parser.add_argument("--versus", metavar="BINDIR",
                        help="instead of the baselines, compare the recordsw of this build folder (a candidate "
                        "change) with the current build, route by route, rounds taking turns (BENCH_ROUTES=a,b picks the "
                        "routes, e.g. users/alerts,stats)")
    parser.add_argument("--config", default=os.environ.get("BENCH_CONFIG", "release"),
                        help="build configuration (debug only checks the mechanics)")
    args = parser.parse_args()
    args.seconds = args.seconds or (3 if args.quick else 5)
    args.rounds = args.rounds or (1 if args.quick else 5)
    return args


class Bench:
    def __init__(self, args):
        self.args = args
        self.rows = []
        self.extra = {}
        self.failures = []
        self.postgres = os.environ.get("RECORDSW_TEST_POSTGRES_URL") or sys.exit(
            "run through scripts/test-postgres.sh (make bench does)")
        self.work = workdir("recordsw-bench.")
        self.processes = Processes(self.work)

    # --- set-up -----------------------------------------------------------------------------------

    def start(self):
        ensure_tools("wrk", "psql")
        self.bin = build(["recordsw", "bench-hello", "bench-daily", "bench-body", "fake-trackmania", "LocalInvoke"],
                         self.args.config)
        _, self.fake = start_fake(self.processes, self.bin, WORLD)
        self.port = free_port()
        spawned = time.monotonic()
        self.server = self.processes.start(
            "recordsw", [os.path.join(self.bin, "recordsw"), "serve"],
            env=recordsw_env(self.port, self.postgres, self.fake))
        wait_http(f"http://127.0.0.1:{self.port}/health", process=self.server)
        self.extra["startup_fresh_s"] = time.monotonic() - spawned
        self.bare_port = free_port()
        self.bare = self.processes.start(
            "bench-hello", [os.path.join(self.bin, "bench-hello"), str(self.bare_port), self.postgres])
        wait_http(f"http://127.0.0.1:{self.bare_port}/health", process=self.bare)
        self.api = f"http://127.0.0.1:{self.port}/api/v1"
        time.sleep(1)
        self.idle = rss_kib(self.server.pid)
        self.bare_idle = rss_kib(self.bare.pid)

    def seed(self):
        """The profile user: 10 alerts, 10 driver notifications, 6 days of history among 60,000 rows of
        200 other users (written with psql: the routes' own rate limits allow fewer per 5 minutes)."""
        self.token, self.user_id = register_and_login(self.api, "bench@example.com", "bench_user")
        uid = self.user_id
        psql(self.postgres, f"""
INSERT INTO alerts (user_id, username, email, created_at, alert_type, map_count, record_filter)
SELECT {uid}, 'bench_user', 'bench@example.com', now() - n * interval '1 minute', 'accurate', 6, 'top5'
FROM generate_series(1, 10) AS n;
INSERT INTO driver_notifications (user_id, map_uid, map_name, current_position, personal_best, status,
                                  created_at, last_checked, is_active)
SELECT {uid}, 'BenchMap' || n, 'Bench map ' || n, n % 5 + 1, 40000 + n, 'active', now(), now(), TRUE
FROM generate_series(1, 10) AS n;
INSERT INTO users (username, email, password, created_at)
SELECT 'filler_' || n, 'filler_' || n || '@example.com', 'x', now() FROM generate_series(1, 200) AS n;
INSERT INTO notification_history (user_id, username, notification_type, status, message, records_found,
                                  processing_date, created_at)
SELECT u.id, u.username, kind, CASE WHEN d % 3 = 0 THEN 'sent' ELSE 'no_new_times' END, 'filler', d % 5,
       (now() AT TIME ZONE 'UTC')::date - d, now()
FROM users u, generate_series(0, 149) AS d, (VALUES ('mapper_alert'), ('driver_notification')) AS k(kind)
WHERE u.username LIKE 'filler_%';
INSERT INTO notification_history (user_id, username, notification_type, status, message, records_found,
                                  processing_date, created_at)
SELECT {uid}, 'bench_user', kind, 'sent', '3 new records', 3, (now() AT TIME ZONE 'UTC')::date - d, now()
FROM generate_series(0, 5) AS d, (VALUES ('mapper_alert'), ('driver_notification')) AS k(kind);
ANALYZE;
""")
        auth = {"Authorization": f"Bearer {self.token}"}
        for route, key, expected in [("users/alerts", "alerts", 10), ("driver/notifications", "notifications", 10),
                                     ("notification-history", "history", 6)]:
            status, body, _ = http("GET", f"{self.api}/{route}", headers=auth)
            count = len((body or {}).get(key, []))
            if status != 200 or count != expected:
                sys.exit(f"seeding: {route} answered {status} with {count} entries, expected {expected}")
        self.extra["history_rows"] = int(psql_value(self.postgres, "SELECT count(*) FROM notification_history"))

    # --- measurements -----------------------------------------------------------------------------

    def compare(self, label, url, baseline_label, baseline_url, headers=None, pid=None, baseline_pid=None,
                aim_ratio=None, aim_p99=None, baseline_headers=None):
        """Rounds taking turns between the baseline and the measured side (the order flips each round)."""
        seconds, rounds = self.args.seconds, self.args.rounds
        pid = pid or self.server.pid
        baseline_pid = baseline_pid or self.bare.pid
        wrk(baseline_url, 1, 64, headers=baseline_headers)  # warm-up
        wrk(url, 1, 64, headers=headers)
        ours, base = [], []
        for round_index in range(rounds):
            sides = [("base", baseline_url, baseline_headers, baseline_pid), ("ours", url, headers, pid)]
            if round_index % 2:
                sides.reverse()
            for side, side_url, side_headers, side_pid in sides:
                result = wrk(side_url, seconds, 64, headers=side_headers, pid=side_pid)
                (ours if side == "ours" else base).append(result)
        ratios = [o["rps"] / b["rps"] for o, b in zip(ours, base) if b["rps"]]
        row = {
            "route": label, "connections": 64, "rps": statistics.median(r["rps"] for r in ours),
            "p50": statistics.median(r["p50"] for r in ours), "p99": statistics.median(r["p99"] for r in ours),
            "errors": sum(r["errors"] for r in ours), "cpu_us": statistics.median(r["cpu_us"] for r in ours),
            "rss_after": rss_kib(pid), "baseline": baseline_label,
            "baseline_rps": statistics.median(r["rps"] for r in base),
            "baseline_p99": statistics.median(r["p99"] for r in base),
            "baseline_cpu_us": statistics.median(r["cpu_us"] for r in base),
            "db_cpu_us": statistics.median(r["db_cpu_us"] for r in ours),
            "baseline_db_cpu_us": statistics.median(r["db_cpu_us"] for r in base),
            "ratio": statistics.median(ratios) if ratios else float("nan"),
            "rounds": [round(r, 2) for r in ratios],
        }
        aims = []
        if aim_ratio is not None:
            aims.append((f"≥ {aim_ratio}×", row["ratio"] >= aim_ratio))
        if aim_p99 is not None:
            aims.append((f"p99 ≤ {aim_p99} ms", row["p99"] <= aim_p99))
        row["aims"] = aims
        if row["errors"] or sum(r["errors"] for r in base):
            self.failures.append(f"{label}: {row['errors']} errors (baseline {sum(r['errors'] for r in base)})")
        self.rows.append(row)
        log(f"  {label}: {row['rps']:.0f} req/s, ratio {row['ratio']:.2f} {row['rounds']}")
        return row

    def routes(self):
        auth = {"Authorization": f"Bearer {self.token}"}
        hello = f"http://127.0.0.1:{self.bare_port}/health"
        select = f"http://127.0.0.1:{self.bare_port}/user/{self.user_id}"
        self.compare("GET /health", f"http://127.0.0.1:{self.port}/health", "bare hello-world", hello,
                     aim_ratio=0.9, aim_p99=5)
        self.compare("GET /health (same bytes)", f"http://127.0.0.1:{self.port}/health",
                     "bare, recordsw's response shape", hello + "-same-bytes")
        for route, label, p99 in [("users/profile", "GET /users/profile", 15), ("users/alerts", "GET /users/alerts", 15),
                                  ("driver/notifications", "GET /driver/notifications", 15),
                                  ("notification-history", "GET /notification-history", None)]:
            self.compare(label, f"{self.api}/{route}", "bare pooled select", select, headers=auth, aim_ratio=0.7,
                         aim_p99=p99)
        self.compare("GET /stats", f"{self.api}/stats", "bare pooled select", select, aim_ratio=0.7)

    def metrics(self):
        """/health with metrics on (METRICS_TOKEN) against the main server (metrics off)."""
        port = free_port()
        spawned = time.monotonic()
        server = self.processes.start(
            "recordsw-metrics", [os.path.join(self.bin, "recordsw"), "serve"],
            env=recordsw_env(port, self.postgres, self.fake, METRICS_TOKEN=METRICS_TOKEN))
        wait_http(f"http://127.0.0.1:{port}/health", process=server)
        self.extra["startup_migrated_s"] = time.monotonic() - spawned
        rounds = max(self.args.rounds, 2)
        saved, self.args.rounds = self.args.rounds, rounds
        row = self.compare("GET /health, metrics on", f"http://127.0.0.1:{port}/health", "metrics off",
                           f"http://127.0.0.1:{self.port}/health", pid=server.pid, baseline_pid=self.server.pid,
                           aim_ratio=0.95)
        self.args.rounds = saved
        status, _, _ = http("GET", f"http://127.0.0.1:{port}/metrics",
                            headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
        if status != 200:
            self.failures.append(f"/metrics answered {status}")
        self.processes.stop(server)
        return row

    def login(self):
        """The login flood from 32 client addresses (X-Forwarded-For; loopback is a trusted proxy)."""
        duration = 5 if self.args.quick else 10
        # Each address signs in once first, so the account's failure limit (which spares addresses
        # with a live session) never reserves a slot for the flood's attempts.
        parallel(lambda host: register_and_login(self.api, "bench@example.com", "bench_user", f"10.77.0.{host}"),
                 range(1, 33), workers=4)
        script = os.path.join(self.work, "login.lua")
        with open(script, "w") as lua:
            lua.write("""wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email":"bench@example.com","password":"correct-horse-1"}'
local counter = 0
request = function()
    counter = counter + 1
    wrk.headers["X-Forwarded-For"] = "10.77.0." .. (counter % 32 + 1)
    return wrk.format()
end
""")
        probe = os.path.join(self.work, "probe.lua")
        with open(probe, "w") as lua:
            lua.write("function delay() return 5 end\n")
        bcrypt_ms = float(subprocess.run([os.path.join(self.bin, "bench-hello"), "bcrypt", "20"], check=True,
                                         capture_output=True, text=True).stdout)
        cores = os.cpu_count()
        ceiling = cores * 1000 / bcrypt_ms
        url = f"{self.api}/users/login"
        alone = wrk(url, duration, 16, script=script, pid=self.server.pid, extra=["--timeout", "10s"])
        # The same flood with /health probed beside it: 4 connections, 5 ms pause each (what a load
        # balancer and monitoring send), so probes do not take CPU from bcrypt.
        prober = subprocess.Popen(
            ["wrk", "-t1", "-c4", f"-d{duration - 2}s", "--latency", "-s", probe,
             f"http://127.0.0.1:{self.port}/health"], stdout=subprocess.PIPE, text=True)
        beside = wrk(url, duration, 16, script=script, pid=self.server.pid, extra=["--timeout", "10s"])
        probed = parse_wrk(prober.communicate()[0])
        for label, result, aims in [
            ("POST /users/login (flood)", alone, [("≥ 0.9× ceiling", alone["rps"] / ceiling >= 0.9)]),
            ("POST /users/login beside probes", beside, []),
        ]:
            self.rows.append({
                "route": label, "connections": 16, "rps": result["rps"], "p50": result["p50"], "p99": result["p99"],
                "errors": result["errors"], "cpu_us": result["cpu_us"], "rss_after": rss_kib(self.server.pid),
                "baseline": f"bcrypt ceiling ({cores} × 1/{bcrypt_ms:.1f} ms)", "baseline_rps": ceiling,
                "ratio": result["rps"] / ceiling, "aims": aims})
            if result["errors"]:
                self.failures.append(f"{label}: {result['errors']} errors")
        self.rows.append({
            "route": "GET /health during the flood", "connections": 4, "rps": probed["rps"], "p50": probed["p50"],
            "p99": probed["p99"], "errors": probed["errors"], "cpu_us": float("nan"),
            "rss_after": rss_kib(self.server.pid), "baseline": "", "baseline_rps": float("nan"),
            "ratio": float("nan"), "aims": [("p99 < 10 ms", probed["p99"] < 10)]})
        self.extra["bcrypt_ms"] = bcrypt_ms

    def fixtures(self):
        # Quick mode replays the first 16 fixture files (sorted), enough for a rate.
        files = ["--all"]
        if self.args.quick:
            files = sorted(os.path.relpath(os.path.join(folder, name), ROOT)
                           for folder, _, names in os.walk(os.path.join(ROOT, "Fixtures"))
                           if "trackmania" not in folder for name in names if name.endswith(".json"))[:16]
        started = time.monotonic()
        result = subprocess.run([os.path.join(self.bin, "LocalInvoke"), "--check", *files], cwd=ROOT,
                                capture_output=True, text=True)
        elapsed = time.monotonic() - started
        match = re.search(r"(\d+) passed, (\d+) failed", result.stdout + result.stderr)
        if not match:
            self.failures.append("LocalInvoke printed no summary")
            return
        passed, failed = int(match.group(1)), int(match.group(2))
        self.extra["fixtures"] = {"count": passed + failed, "failed": failed, "seconds": elapsed,
                                  "per_second": (passed + failed) / elapsed}
        if failed:
            self.failures.append(f"LocalInvoke: {failed} fixtures failed")

    def daily(self):
        """bench-daily against a fake-trackmania process: the issue's scenario, or a small one when quick."""
        env = dict(os.environ)
        if self.args.quick:
            env.update(BENCH_USERS="20", BENCH_MAPS="20", BENCH_DRIVERS="5")
        world = os.path.join(self.work, "daily-world.json")
        subprocess.run([os.path.join(self.bin, "bench-daily"), "world", world], env=env, check=True,
                       stdout=subprocess.DEVNULL)
        _, base = start_fake(self.processes, self.bin, world, name="fake-daily")
        result = subprocess.run([os.path.join(self.bin, "bench-daily"), "run", base], env=env, capture_output=True,
                                text=True)
        line = next((l for l in result.stdout.splitlines() if l.startswith("RESULT ")), None)
        if result.returncode or not line:
            self.failures.append(f"bench-daily failed: {result.stdout[-500:]} {result.stderr[-500:]}")
            return
        figures = json.loads(line[len("RESULT "):])
        figures["scenario"] = result.stdout.splitlines()[0]
        self.extra["daily"] = figures

    def bodies(self):
        """bench-body: request-body parsing of the 1 MB worst cases next to a login body (issue 26)."""
        seconds = "0.5" if self.args.quick else "2"
        result = subprocess.run([os.path.join(self.bin, "bench-body"), seconds], capture_output=True, text=True)
        line = next((l for l in result.stdout.splitlines() if l.startswith("RESULT ")), None)
        if result.returncode or not line:
            self.failures.append(f"bench-body failed: {result.stdout[-500:]} {result.stderr[-500:]}")
            return
        self.extra["bodies"] = json.loads(line[len("RESULT "):])

    # --- report -----------------------------------------------------------------------------------

    def versus(self, bindir):
        """Each route on a candidate build against the current build, same database and token."""
        port = free_port()
        candidate = self.processes.start(
            "recordsw-candidate", [os.path.join(bindir, "recordsw"), "serve"],
            env=recordsw_env(port, self.postgres, self.fake))
        wait_http(f"http://127.0.0.1:{port}/health", process=candidate)
        auth = {"Authorization": f"Bearer {self.token}"}
        routes = os.environ.get("BENCH_ROUTES", "health,users/profile,users/alerts,driver/notifications,"
                                "notification-history,stats").split(",")
        for route in routes:
            path = "/health" if route == "health" else f"/api/v1/{route}"
            self.compare(f"GET /{route} (candidate)", f"http://127.0.0.1:{port}{path}", "current build",
                         f"http://127.0.0.1:{self.port}{path}", headers=auth, baseline_headers=auth,
                         pid=candidate.pid, baseline_pid=self.server.pid)

    def profile(self, route):
        """perf record of the server (call graphs) while wrk loads one route; prints the flat profile."""
        ensure_tools("perf")
        auth = {"Authorization": f"Bearer {self.token}"}
        url = f"{self.api}/{route}" if route != "health" else f"http://127.0.0.1:{self.port}/health"
        wrk(url, 2, 64, headers=auth)  # warm-up
        data = os.path.join(self.work, "perf.data")
        recorder = subprocess.Popen(["perf", "record", "-F", "1999", "-g", "-o", data, "-p", str(self.server.pid)],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        result = wrk(url, self.args.seconds, 64, headers=auth, pid=self.server.pid)
        recorder.send_signal(2)
        recorder.wait()
        report = subprocess.run(["perf", "report", "-i", data, "--no-children", "--sort", "symbol", "--stdio",
                                 "-g", "none", "--percent-limit", "0.5"], capture_output=True, text=True).stdout
        with open(os.path.join(self.work, "perf-report.txt"), "w") as out:
            out.write(report)
        print(f"{route}: {result['rps']:.0f} req/s, server CPU {result['cpu_us']:.1f} µs/req, "
              f"PostgreSQL CPU {result['db_cpu_us']:.1f} µs/req")
        print("\n".join(line for line in report.splitlines() if line and not line.startswith("#"))[:12000])
        self.processes.stop_all()
        log(f"perf data and report kept in {self.work}")
        return 0

    def table(self):
        def number(value, digits=0):
            return "—" if value != value else f"{value:,.{digits}f}"

        mib = lambda kib: f"{kib / 1024:.1f}"  # noqa: E731
        lines = [
            f"recordsw benchmarks, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, "
            f"load average {load_average()} (at the end), {'quick' if self.args.quick else 'full'} mode: "
            f"{self.args.rounds} round(s) of {self.args.seconds:g} s per route, "
            + (f"binaries of {os.environ['BENCH_BIN']}" if os.environ.get("BENCH_BIN") else f"{self.args.config} build"),
            f"RSS idle: recordsw {mib(self.idle)} MiB, bare {mib(self.bare_idle)} MiB "
            f"(+{mib(self.idle - self.bare_idle)} MiB)",
            "",
            "| route | conns | req/s | p50 ms | p99 ms | errors | CPU µs/req | RSS after MiB | baseline (same run) "
            "| baseline req/s | ratio | aim | DB CPU µs/req | baseline CPU µs/req (server + DB) |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for row in self.rows:
            aims = "; ".join(f"{text} {'met' if ok else 'MISSED'}" for text, ok in row["aims"]) or "—"
            lines.append(
                f"| {row['route']} | {row['connections']} | {number(row['rps'], 1 if row['rps'] < 100 else 0)} "
                f"| {number(row['p50'], 2)} | {number(row['p99'], 2)} | {row['errors']} | {number(row['cpu_us'], 1)} "
                f"| {mib(row['rss_after'])} | {row['baseline'] or '—'} "
                f"| {number(row['baseline_rps'], 1 if row['baseline_rps'] < 100 else 0)} "
                f"| {number(row['ratio'], 2)} | {aims} | {number(row.get('db_cpu_us', float('nan')), 1)} "
                f"| {number(row.get('baseline_cpu_us', float('nan')), 1)} + "
                f"{number(row.get('baseline_db_cpu_us', float('nan')), 1)} |")
        lines.append("")
        extra = self.extra
        lines.append(f"start-up to the first 200: {extra['startup_fresh_s']:.2f} s on a fresh database (migrations "
                     f"applied), {extra.get('startup_migrated_s', float('nan')):.2f} s on a migrated one")
        if "fixtures" in extra:
            f = extra["fixtures"]
            lines.append(f"fixtures through LocalInvoke --check ({'16 files' if self.args.quick else '--all'}): {f['count']} in {f['seconds']:.1f} s = "
                         f"{f['per_second']:.1f}/s ({f['failed']} failed)")
        if "daily" in extra:
            d = extra["daily"]
            lines.append(
                f"daily run ({d['scenario']}): {d['calls']:.0f} calls vs lower bound {d['lowerBound']:.0f} "
                f"({d['calls'] / d['lowerBound']:.3f}×); wall {d['wallSeconds']:.1f} s vs calls/rate "
                f"{d['pacedSeconds']:.1f} s ({d['wallSeconds'] / d['pacedSeconds']:.3f}×, aim ≤ 1.10); RSS "
                f"{d['idleKiB'] / 1024:.1f} MiB idle, peak {d['peakKiB'] / 1024:.1f} MiB "
                f"({d['peakKiB'] / d['idleKiB']:.2f}×, aim ≤ 2×); {d['emails']:.0f} digests, {d['items']:.0f} items")
        if "bodies" in extra:
            login = next(b for b in extra["bodies"] if b["name"] == "login body (JSON)")
            per_byte = login["seconds"] / login["bytes"]
            lines.append("request bodies through the dispatcher (ns per byte, and as a multiple of a JSON login "
                         "body's ns per byte; aim: the 1 MB cases within a small constant of it):")
            for body in extra["bodies"]:
                ns = body["seconds"] * 1e9 / body["bytes"]
                lines.append(f"  {body['name']}: {body['bytes']:,.0f} B, {body['status']:.0f}, "
                             f"{body['seconds'] * 1e6:,.1f} µs, {ns:.2f} ns/B ({ns / (per_byte * 1e9):.3f}×)")
        lines.append(f"history rows in the database: {extra.get('history_rows')}; bcrypt cost 10 on one core: "
                     f"{extra.get('bcrypt_ms', float('nan')):.1f} ms")
        for failure in self.failures:
            lines.append(f"ERROR: {failure}")
        return "\n".join(lines)

    def run(self):
        try:
            self.start()
            self.seed()
            if self.args.profile:
                return self.profile(self.args.profile)
            if self.args.versus:
                self.versus(self.args.versus)
                print(self.table())
                return 0
            skip = set(filter(None, self.args.skip.split(",")))
            for name, part in [("routes", self.routes), ("metrics", self.metrics), ("login", self.login),
                               ("fixtures", self.fixtures), ("daily", self.daily), ("bodies", self.bodies)]:
                if name not in skip:
                    log(f"{name} (load average {load_average()})")
                    part()
        finally:
            self.processes.stop_all()
        print(self.table())
        if self.args.json:
            with open(self.args.json, "w") as out:
                json.dump({"rows": self.rows, "extra": self.extra, "failures": self.failures,
                           "load": load_average()}, out, indent=1, default=str)
        return self.processes.close(bool(self.failures))


if __name__ == "__main__":
    sys.exit(Bench(arguments()).run())
