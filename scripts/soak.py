#!/usr/bin/env python3
"""The soak: `make soak` (SOAK_SECONDS, default 180), on loopback only, through scripts/test-postgres.sh.

64 connections of mixed traffic (wrk with a Lua script: reads, writes, logins from many client
addresses, map searches and map-search jobs) against recordsw on the restartable PostgreSQL of
scripts/test-postgres.sh, while
- the fake Trackmania service (its own process, the demo world) fails a steady share of calls: 500s,
  429 with Retry-After, slow answers and connections dropped mid-body (`every`-n-th call faults);
- one daily run is started (POST /api/v1/cron/daily?async=1) and mails its digests to an SMTP
  receiver on loopback (in this script);
- PostgreSQL is stopped for a few seconds and started again, once.

It reports responses by status, the 5xx other than 503 (must be none), whether the same server process
answered again after the restart and how long that took, RSS over time (with the trend of a
least-squares line), and that the SMTP receiver got exactly one digest per user with delivered items
and none for the others, with no item left undelivered. Exit status 1 when any of that fails.
"""

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import (  # noqa: E402
    CRON_SECRET, PASSWORD, ROOT, Processes, build, ensure_tools, free_port, http, load_average, log, parse_wrk,
    psql, psql_value, recordsw_env, register_and_login, rss_kib, start_fake, wait_http, workdir)

WORLD = os.path.join(ROOT, "Fixtures", "trackmania", "world.json")
MAPPERS = ["Hefest", "RavageRunner", "lys_maps", "Nordic-Builder", "kaizo", "TechTonic"]
# Every n-th call to any Trackmania endpoint fails this way (coprime periods, so they mix).
FAULTS = [
    {"endpoint": "*", "kind": "status", "status": 500, "every": 7},
    {"endpoint": "*", "kind": "rateLimit", "retryAfter": 1, "every": 11},
    {"endpoint": "*", "kind": "delay", "seconds": 2, "every": 13},
    {"endpoint": "*", "kind": "drop", "every": 17},
    {"endpoint": "*", "kind": "status", "status": 503, "every": 19},
]


# --- a minimal SMTP receiver ---------------------------------------------------------------------

class SMTPReceiver:
    """Accepts every message on 127.0.0.1 (plain SMTP, no AUTH) and keeps the envelope recipients."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        self.port = free_port()
        self.ready = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()
        self.ready.wait(10)

    def _run(self):
        loop = asyncio.new_event_loop()
        server = loop.run_until_complete(asyncio.start_server(self._session, "127.0.0.1", self.port))
        self.ready.set()
        loop.run_until_complete(server.serve_forever())

    async def _session(self, reader, writer):
        def reply(line):
            writer.write((line + "\r\n").encode())

        reply("220 soak-receiver ESMTP")
        recipients = []
        try:
            while True:
                line = await reader.readline()
                if not line:
                    break
                command = line.decode(errors="replace").strip()
                verb = command[:4].upper()
                if verb in ("EHLO", "HELO"):
                    reply("250-soak-receiver" if verb == "EHLO" else "250 soak-receiver")
                    if verb == "EHLO":
                        reply("250-8BITMIME")
                        reply("250 SMTPUTF8")
                elif verb == "MAIL":
                    recipients = []
                    reply("250 OK")
                elif verb == "RCPT":
                    recipients.append(command.split(":", 1)[1].strip().strip("<>").split(">")[0].lower())
                    reply("250 OK")
                elif verb == "DATA":
                    reply("354 End data with <CR><LF>.<CR><LF>")
                    await writer.drain()
                    body = []
                    while True:
                        data = await reader.readline()
                        if not data or data in (b".\r\n", b".\n"):
                            break
                        body.append(data)
                    with self.lock:
                        self.messages.append({"to": list(recipients), "bytes": sum(map(len, body))})
                    reply("250 OK queued")
                elif verb == "QUIT":
                    reply("221 Bye")
                    await writer.drain()
                    break
                else:  # RSET, NOOP and anything else
                    reply("250 OK")
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    def per_recipient(self):
        counts = {}
        with self.lock:
            for message in self.messages:
                for recipient in message["to"]:
                    counts[recipient] = counts.get(recipient, 0) + 1
        return counts


# --- the soak --------------------------------------------------------------------------------------

LUA = """
local tokens = {%(tokens)s}
local emails = {%(emails)s}
local alerts = {%(alerts)s}
local filters = {"top5", "wr", "all"}
local threads = {}
local counter = 0

function setup(thread)
    counter = counter + 1
    thread:set("id", counter)
    table.insert(threads, thread)
end

function init(args)
    statuses = {}
    math.randomseed(os.time() * 100 + id)
end

local current = "?"

local function get(kind, path, i)
    current = kind
    return wrk.format("GET", path, {["Authorization"] = "Bearer " .. tokens[i]})
end

-- One connection per wrk thread and no pipelining: the response that arrives answers the request made
-- last, so `current` names its kind.
request = function()
    local i = math.random(#tokens)
    local r = math.random(1000)
    if r <= 100 then
        current = "health"
        return wrk.format("GET", "/health")
    elseif r <= 250 then return get("profile", "/api/v1/users/profile", i)
    elseif r <= 400 then return get("alerts", "/api/v1/users/alerts", i)
    elseif r <= 530 then return get("driver", "/api/v1/driver/notifications", i)
    elseif r <= 660 then return get("history", "/api/v1/notification-history", i)
    elseif r <= 760 then
        current = "stats"
        return wrk.format("GET", "/api/v1/stats")
    elseif r <= 900 then
        current = "alert-update"
        return wrk.format("PUT", "/api/v1/users/alerts/" .. alerts[i],
            {["Authorization"] = "Bearer " .. tokens[i], ["Content-Type"] = "application/json"},
            '{"record_filter":"' .. filters[math.random(3)] .. '"}')
    elseif r <= 930 then
        current = "login"
        return wrk.format("POST", "/api/v1/users/login",
            {["Content-Type"] = "application/json",
             ["X-Forwarded-For"] = "10.88." .. math.random(0, 255) .. "." .. math.random(1, 254)},
            '{"email":"' .. emails[i] .. '","password":"%(password)s"}')
    elseif r <= 970 then
        return get("map-search", "/api/v1/driver/maps/search?query=Sprint&type=name&page=" .. math.random(3), i)
    else return get("map-job", "/api/v1/users/maps?username=Hefest&period=1w", i)
    end
end

function response(status, headers, body)
    local key = current .. " " .. status
    statuses[key] = (statuses[key] or 0) + 1
end

function done(summary, latency, requests)
    local total = {}
    for _, thread in ipairs(threads) do
        for status, count in pairs(thread:get("statuses")) do
            total[status] = (total[status] or 0) + count
        end
    end
    for status, count in pairs(total) do
        io.write(string.format("STATUS %%s %%d\\n", status, count))
    end
end
"""


def arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("SOAK_SECONDS", "180")))
    parser.add_argument("--users", type=int, default=16, help="traffic users besides the six mappers")
    parser.add_argument("--down-seconds", type=float, default=5, help="how long PostgreSQL stays down")
    parser.add_argument("--no-restart", action="store_true", help="leave PostgreSQL running (for comparison)")
    parser.add_argument("--config", default=os.environ.get("BENCH_CONFIG", "release"))
    return parser.parse_args()


class Soak:
    def __init__(self, args):
        self.args = args
        self.url = os.environ.get("RECORDSW_TEST_POSTGRES_RESTART_URL")
        self.ctl = os.environ.get("RECORDSW_TEST_POSTGRES_CTL")
        if not self.url or not self.ctl:
            sys.exit("run through scripts/test-postgres.sh (make soak does)")
        self.work = workdir("recordsw-soak.")
        self.processes = Processes(self.work)
        self.problems = []
        self.rss = []  # (seconds since the start, KiB)
        self.probes = []  # (sent at, in seconds since the start; status, 0 for no answer; seconds it took)
        self.stop_sampling = threading.Event()

    def start(self):
        ensure_tools("wrk", "psql")
        self.bin = build(["recordsw", "fake-trackmania"], self.args.config)
        self.smtp = SMTPReceiver()
        _, self.fake = start_fake(self.processes, self.bin, WORLD)
        self.port = free_port()
        env = recordsw_env(
            self.port, self.url, self.fake, LOG_LEVEL="warning", SMTP_HOST="127.0.0.1", SMTP_PORT=self.smtp.port,
            SMTP_SECURITY="none", EMAIL_FROM="Records <records@example.com>", TRACKMANIA_RATE_LIMIT=25,
            TRACKMANIA_CONCURRENCY=8, TRACKMANIA_TIMEOUT_SECONDS=5, TRACKMANIA_RETRY_BASE_SECONDS=0.2,
            TRACKMANIA_MAX_RETRY_AFTER_SECONDS=5)
        self.server = self.processes.start("recordsw", [os.path.join(self.bin, "recordsw"), "serve"], env=env)
        self.base = f"http://127.0.0.1:{self.port}"
        wait_http(self.base + "/health", process=self.server)
        self.api = self.base + "/api/v1"

    def seed(self):
        """Six mappers of the demo world (their digests are the run's mail) and the traffic users, each
        with one alert (written with psql: the route allows 10 per 5 minutes)."""
        users = [(f"soak{i}@example.com", f"soak_user_{i}") for i in range(self.args.users)]
        users += [(f"{name.lower()}@example.com", name) for name in MAPPERS]
        # One client address each: registrations are limited per address.
        signed = [register_and_login(self.api, email, name, f"10.99.0.{index + 1}")
                  for index, (email, name) in enumerate(users)]
        self.tokens = [token for token, _ in signed]
        self.emails = [email for email, _ in users]
        self.user_ids = {email: user_id for (email, _), (_, user_id) in zip(users, signed)}
        values = ", ".join(f"({user_id}, '{name}', '{email}', now(), 'accurate', 0, 'all')"
                           for (email, name), (_, user_id) in zip(users, signed))
        psql(self.url, f"INSERT INTO alerts (user_id, username, email, created_at, alert_type, map_count, "
                       f"record_filter) VALUES {values};")
        ids = dict(line.split("|") for line in psql_value(self.url, "SELECT user_id, id FROM alerts").splitlines())
        self.alert_ids = [ids[str(user_id)] for _, user_id in signed]

    def sample(self, started):
        token = self.tokens[0]
        next_rss = 0.0
        while not self.stop_sampling.is_set():
            now = time.monotonic() - started
            if now >= next_rss:
                self.rss.append((now, rss_kib(self.server.pid)))
                next_rss = now + 1
            sent = time.monotonic()
            try:
                status, _, _ = http("GET", self.api + "/users/profile", headers={"Authorization": f"Bearer {token}"},
                                    timeout=30)
            except OSError:
                status = 0
            self.probes.append((sent - started, status, time.monotonic() - sent))
            time.sleep(0.1)

    def run_traffic(self):
        script = os.path.join(self.work, "soak.lua")
        with open(script, "w") as lua:
            lua.write(LUA % {"tokens": ", ".join(f'"{t}"' for t in self.tokens),
                             "alerts": ", ".join(self.alert_ids), "password": PASSWORD,
                             "emails": ", ".join(f'"{email}"' for email in self.emails)})
        status, _, _ = http("POST", self.fake + "/_fake/faults", FAULTS)
        if status != 204:
            sys.exit(f"the fake refused the faults: {status}")
        started = time.monotonic()
        sampler = threading.Thread(target=self.sample, args=(started,), daemon=True)
        sampler.start()
        wrk = subprocess.Popen(["wrk", "-t64", "-c64", f"-d{self.args.seconds}s", "--timeout", "20s", "-s", script,
                                self.base + "/"], stdout=subprocess.PIPE, text=True)
        time.sleep(5)
        status, body, _ = http("POST", self.api + "/cron/daily?async=1",
                               headers={"Authorization": f"Bearer {CRON_SECRET}"})
        if status != 202:
            self.problems.append(f"the daily run did not start: {status} {body}")
            self.run_id = None
        else:
            self.run_id = body["runId"]
        log(f"daily run {self.run_id} started; traffic for {self.args.seconds} s")
        time.sleep(max(0, self.args.seconds * 0.4 - (time.monotonic() - started)))
        self.down_at = time.monotonic() - started
        if not self.args.no_restart:
            log("stopping PostgreSQL")
            subprocess.run([self.ctl, "stop"], check=True)
            time.sleep(self.args.down_seconds)
            subprocess.run([self.ctl, "start"], check=True)
            log("PostgreSQL started again")
        self.up_at = time.monotonic() - started
        output = wrk.communicate()[0]
        self.alive = self.server.poll() is None
        self.stop_sampling.set()
        sampler.join()
        http("DELETE", self.fake + "/_fake/faults")
        self.wrk = parse_wrk(output)
        self.by_kind = {}
        for line in output.splitlines():
            if line.startswith("STATUS "):
                _, kind, code, count = line.split()
                self.by_kind.setdefault(kind, {})[int(code)] = int(count)
        self.statuses = {}
        for codes in self.by_kind.values():
            for code, count in codes.items():
                self.statuses[code] = self.statuses.get(code, 0) + count
        self.wrk_output = output

    def finish_daily_run(self):
        """Waits for the run; a run the restart failed is resumed by a second call (faults cleared)."""
        auth = {"Authorization": f"Bearer {CRON_SECRET}"}
        self.runs = []
        run_id = self.run_id
        for attempt in range(2):
            if run_id is None:
                break
            deadline = time.monotonic() + 600
            body = {}
            while time.monotonic() < deadline:
                status, body, _ = http("GET", f"{self.api}/cron/runs/{run_id}", headers=auth)
                if status == 200 and body.get("status") != "running":
                    break
                time.sleep(1)
            self.runs.append(body)
            if body.get("status") == "completed":
                return
            log(f"run {run_id} ended {body.get('status')}: resuming with a second call")
            status, body, _ = http("POST", self.api + "/cron/daily?async=1", headers=auth)
            run_id = body.get("runId") if status == 202 else None
        self.problems.append(f"the daily run did not complete: {self.runs}")

    def check_mail(self):
        received = self.smtp.per_recipient()
        rows = psql_value(self.url, "SELECT u.email, count(*) FILTER (WHERE d.delivered_at IS NOT NULL), "
                                    "count(*) FILTER (WHERE d.delivered_at IS NULL) FROM digest_items d "
                                    "JOIN users u ON u.id = d.user_id GROUP BY u.email")
        items = {email: (int(done), int(pending)) for email, done, pending in
                 (line.split("|") for line in rows.splitlines() if line)}
        lost, duplicated, unexpected = [], [], []
        for email, (done, pending) in items.items():
            got = received.get(email.lower(), 0)
            if pending:
                lost.append(f"{email}: {pending} items undelivered")
            if done and got == 0:
                lost.append(f"{email}: {done} items marked delivered, no message received")
            if got > 1:
                duplicated.append(f"{email}: {got} messages")
        for email, got in received.items():
            if items.get(email, (0, 0))[0] == 0:
                unexpected.append(f"{email}: {got} messages without delivered items")
        self.mail = {"messages": sum(received.values()), "recipients": len(received),
                     "users_with_items": sum(1 for done, _ in items.values() if done),
                     "items_delivered": sum(done for done, _ in items.values()),
                     "lost": lost, "duplicated": duplicated, "unexpected": unexpected}
        for problem in lost + duplicated + unexpected:
            self.problems.append(f"mail: {problem}")
        if not sum(received.values()):
            self.problems.append("mail: the daily run sent nothing (the demo world has fresh records)")

    def report(self):
        print(f"recordsw soak, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, load "
              f"average {load_average()}: {self.args.seconds} s of wrk -c64 mixed traffic, faults {FAULTS}")
        total = sum(self.statuses.values())
        print(f"responses: {total} ({self.wrk['rps']:.0f}/s), by status: "
              + ", ".join(f"{code} × {count}" for code, count in sorted(self.statuses.items()))
              + f"; socket errors/timeouts: {self.wrk['errors'] - sum(c for s, c in self.statuses.items() if s >= 300)}")
        for kind, codes in sorted(self.by_kind.items()):
            print(f"  {kind:<13} " + ", ".join(f"{code} × {count}" for code, count in sorted(codes.items())))
        bad = {f"{kind} {code}": count for kind, codes in self.by_kind.items() for code, count in codes.items()
               if code >= 500 and code != 503}
        print(f"5xx other than 503: {sum(bad.values())} {bad if bad else ''}")
        if bad:
            self.problems.append(f"5xx other than 503: {bad}")
        # Recovery: the first probe answering 200 after PostgreSQL was started again, same process.
        after = [t + took for t, status, took in self.probes if t >= self.up_at and status == 200]
        down = [status for t, status, _ in self.probes if self.down_at + 1 <= t < self.up_at]
        slowest = max((took for t, _, took in self.probes if self.down_at <= t < self.up_at), default=0)
        alive = self.alive and self.still_alive
        if after and alive:
            print(f"PostgreSQL down at {self.down_at:.1f} s for {self.up_at - self.down_at:.1f} s; probes while "
                  f"down: {sorted(set(down))} (slowest answer {slowest:.1f} s); the same server answered 200 again {after[0] - self.up_at:.2f} s "
                  f"after PostgreSQL was back (no restart)")
        else:
            self.problems.append(f"no recovery: server alive {alive}, probes after the restart "
                                 f"{sorted(set(s for t, s, _ in self.probes if t >= self.up_at))}")
        if [s for s in down if s not in (503, 200)]:
            self.problems.append(f"probes while PostgreSQL was down answered {sorted(set(down))} (503, or 200 "
                                 "once it was back, expected; 0 is no answer within 30 s)")
        # RSS: per-minute means and a least-squares slope over the second half (after warm-up).
        points = self.rss
        half = [p for p in points if p[0] >= points[-1][0] / 2]
        slope = 0.0
        if len(half) > 2:
            mean_t = statistics.mean(t for t, _ in half)
            mean_r = statistics.mean(r for _, r in half)
            denominator = sum((t - mean_t) ** 2 for t, _ in half)
            slope = sum((t - mean_t) * (r - mean_r) for t, r in half) / denominator * 60 / 1024 if denominator else 0
        buckets = {}
        for t, r in points:
            buckets.setdefault(int(t // 30), []).append(r)
        print("RSS MiB per 30 s: " + ", ".join(f"{k * 30}s {statistics.mean(v) / 1024:.1f}"
                                               for k, v in sorted(buckets.items()))
              + f"; peak {max(r for _, r in points) / 1024:.1f}; trend over the second half {slope:+.2f} MiB/min")
        print(f"daily run(s): " + "; ".join(
            f"run {r.get('runId')} {r.get('status')} (phase {r.get('phase')}, emails sent {r.get('emailsSent')}, "
            f"failed {r.get('emailsFailed')}, items {r.get('itemsQueued')})" for r in self.runs))
        m = self.mail
        print(f"mail: {m['messages']} messages to {m['recipients']} recipients; {m['users_with_items']} users with "
              f"delivered items ({m['items_delivered']} items); lost {len(m['lost'])}, duplicated "
              f"{len(m['duplicated'])}, unexpected {len(m['unexpected'])}")
        print(f"Trackmania calls seen by the fake: {sum((self.fake_stats.get('calls') or {}).values())}")
        for problem in self.problems:
            print(f"PROBLEM: {problem}")
        print("soak " + ("FAILED" if self.problems else "passed"))

    def run(self):
        try:
            self.start()
            self.seed()
            self.run_traffic()
            self.finish_daily_run()
            self.check_mail()
            self.fake_stats = http("GET", self.fake + "/_fake/stats")[1] or {}
            self.still_alive = self.server.poll() is None
        finally:
            self.processes.stop_all()
        self.report()
        return self.processes.close(bool(self.problems))


if __name__ == "__main__":
    sys.exit(Soak(arguments()).run())
