#!/usr/bin/env bash
# Push benchmark (issue 14): BENCH_USERS users (default 1,000), each with a Discord webhook and an ntfy
# topic, against fake Discord and ntfy servers (`fake-push`, its own process), through the real
# server (`recordsw serve` on a fresh SQLite store, the cron route). Prints:
#   1. deliveries per second of a run against the bound the configured pacing sets,
#   2. the server's RSS at idle and its peak during the run,
#   3. whether anything was delivered twice across a kill -9 mid-run and a re-run (from the fake's
#      own records: every embed / ntfy block is counted per webhook or topic).
# BENCH_CONFIG=debug uses the debug build (figures are then slower, say so); BENCH_NO_BUILD=1 uses the
# binaries already built.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-lib.sh

CONFIG=${BENCH_CONFIG:-release}
USERS=${BENCH_USERS:-1000}
ITEMS=${BENCH_ITEMS:-12}          # per user and wave: 2 Discord posts (10 + 2 embeds), 1 ntfy post
DISCORD_MS=${BENCH_DISCORD_MS:-200}
NTFY_MS=${BENCH_NTFY_MS:-200}
CONCURRENCY=${BENCH_CONCURRENCY:-8}
LATENCY=${BENCH_FAKE_LATENCY:-0.005}

if [ -z "${BENCH_NO_BUILD:-}" ]; then
    swift build -c "$CONFIG" --product recordsw >/dev/null
    swift build -c "$CONFIG" --product fake-push >/dev/null
fi
BIN=${BENCH_BIN:-.build/$CONFIG}

work=$(mktemp -d)
fake_pid=""
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
    [ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

fake_port=$(free_port)
"$BIN/fake-push" --port "$fake_port" --latency "$LATENCY" --counters-only >"$work/fake.log" 2>&1 &
fake_pid=$!
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$fake_port/_fake/stats" >/dev/null 2>&1 && break; sleep 0.1; done

port=$(free_port)
export SQLITE_PATH="$work/bench.sqlite" CRON_SECRET=bench-cron-secret MAIL_OUTBOX_DIR="$work/outbox" \
    PORT=$port HOST=127.0.0.1 LOG_LEVEL=warning \
    DISCORD_API_URL="http://127.0.0.1:$fake_port/discord/api" NTFY_URL="http://127.0.0.1:$fake_port/ntfy" \
    PUSH_DISCORD_INTERVAL_MS=$DISCORD_MS PUSH_NTFY_INTERVAL_MS=$NTFY_MS PUSH_CONCURRENCY=$CONCURRENCY
"$BIN/recordsw" migrate >/dev/null

# seed WAVE: every user gets ITEMS new digest items (already emailed: only push is measured).
seed() {
    python3 - "$SQLITE_PATH" "$USERS" "$ITEMS" "$1" <<'PY'
import datetime, sqlite3, sys
path, users, items, wave = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
db = sqlite3.connect(path)
if wave == 1:
    for u in range(users):
        db.execute("INSERT INTO users (username, email, password) VALUES (?, ?, 'x')", (f"bench{u}", f"bench{u}@example.com"))
    db.execute("UPDATE users SET created_at = ?", (now,))
    for (uid,) in db.execute("SELECT id FROM users WHERE username LIKE 'bench%'").fetchall():
        hook = f"https://discord.com/api/webhooks/{10**17 + uid}/tok_{'A' * 30}{uid}"
        db.execute("INSERT INTO push_channels (user_id, kind, target, news, status, created_at) VALUES (?, 'discord', ?, 7, 'active', ?)", (uid, hook, now))
        db.execute("INSERT INTO push_channels (user_id, kind, target, news, status, created_at) VALUES (?, 'ntfy', ?, 7, 'active', ?)", (uid, f"bench_topic_{uid}", now))
        if uid % 3 == 0:
            db.execute("INSERT INTO user_preferences (user_id, time_zone, updated_at) VALUES (?, 'Europe/Paris', ?)", (uid, now))
for (uid,) in db.execute("SELECT id FROM users WHERE username LIKE 'bench%'").fetchall():
    for i in range(items):
        payload = ('{"accountId":"acc-%d","improved":false,"mapName":"Bench map %d-%d","mapUid":"uid%d_%d",'
                   '"position":%d,"score":%d,"timestamp":1763874012,"zoneName":"France"}') % (uid, wave, i, uid, i, i + 1, 30000 + i)
        db.execute("INSERT INTO digest_items (user_id, section, dedupe_key, map_uid, payload, created_at, delivered_at) "
                   "VALUES (?, 'mapper', ?, ?, ?, ?, ?)", (uid, f"bench:{wave}:{i}", f"uid{uid}_{i}", payload, now, now))
db.commit()
PY
}

start_server() {
    "$BIN/recordsw" serve >>"$work/server.log" 2>&1 &
    server_pid=$!
    wait_up "$port"
}
stats() { curl -fsS "http://127.0.0.1:$fake_port/_fake/stats"; }
field() { python3 -c "import json,sys; print(json.load(sys.stdin).get('$1', 0))"; }
cron() { curl -fsS -X POST -H "Authorization: Bearer $CRON_SECRET" "http://127.0.0.1:$port/api/v1/cron/daily$1"; }

seed 1
start_server
sleep 2
idle=$(rss_kib "$server_pid")

# 1 + 2: one run delivering wave 1, RSS sampled every 50 ms.
start=$(date +%s.%N)
cron "" >"$work/run1.json" &
curl_pid=$!
peak=$idle
while kill -0 "$curl_pid" 2>/dev/null; do
    now_rss=$(rss_kib "$server_pid" || echo 0)
    [ "$now_rss" -gt "$peak" ] && peak=$now_rss
    sleep 0.05
done
wait "$curl_pid"
end=$(date +%s.%N)
discord_posts=$(stats | field discordPosts)
ntfy_posts=$(stats | field ntfyPosts)
units=$(stats | field units)

python3 - "$start" "$end" "$discord_posts" "$ntfy_posts" "$units" "$USERS" "$DISCORD_MS" "$NTFY_MS" "$CONCURRENCY" "$idle" "$peak" <<'PY'
import sys
start, end = float(sys.argv[1]), float(sys.argv[2])
dposts, nposts, units, users, dms, nms, conc, idle, peak = map(int, sys.argv[3:])
wall = end - start
posts = dposts + nposts
print(f"run 1: {posts} posts ({dposts} Discord, {nposts} ntfy; {units} items) to {2 * users} channels"
      f" in {wall:.1f} s = {posts / wall:.1f} posts/s, {units / wall:.0f} items/s")
# A channel's posts go one after another, at least the interval apart, C channels at once: the
# pacing alone needs sum over channels of (posts - 1) x interval, divided by C.
paced = ((dposts - users) * dms + (nposts - users) * nms) / 1000 / conc
print(f"  pacing: Discord {dms} ms, ntfy {nms} ms between posts to one channel, {conc} channels at once:"
      f" the pacing alone needs >= {paced:.1f} s; the run took {wall / max(paced, 1e-9):.2f}x that")
print(f"RSS: idle {idle / 1024:.1f} MiB, peak during the run {peak / 1024:.1f} MiB = {peak / idle:.2f}x (aim <= 1.5x)")
PY
cat "$work/run1.json"; echo

# 3: wave 2, the server killed -9 mid-run, restarted, run again (twice).
seed 2
before_units=$(stats | field units)
expected=$((USERS * ITEMS * 2))
cron "?async=1" >/dev/null
target=$((before_units + expected * 2 / 5))
for _ in $(seq 600); do
    [ "$(stats | field units)" -ge "$target" ] && break
    sleep 0.05
done
kill -9 "$server_pid"
wait "$server_pid" 2>/dev/null || true
at_kill=$(( $(stats | field units) - before_units ))
start_server
cron "" >"$work/run2.json"
cron "" >"$work/run3.json"
after=$(( $(stats | field units) - before_units ))
dups=$(stats | field duplicateUnits)
doubt=$(field pushItemsInDoubt <"$work/run2.json")
echo "kill -9 after $at_kill of $expected items of wave 2 had arrived; the re-run reported $doubt item(s) in doubt"
echo "wave 2 arrived: $after of $expected items (in doubt and not resent: $doubt); duplicates at the fakes: $dups"
echo "re-run: $(cat "$work/run2.json")"
echo "third run: $(cat "$work/run3.json")"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$dups" -eq 0 ] || { echo "FAIL: something was delivered twice" >&2; exit 1; }
[ "$after" -ge $((expected - doubt)) ] || { echo "FAIL: items lost" >&2; exit 1; }
