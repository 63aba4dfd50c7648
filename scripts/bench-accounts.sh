#!/usr/bin/env bash
# Benchmarks of the accounts slice on PostgreSQL (run it through scripts/test-postgres.sh, which
# starts a throwaway server and exports RECORDSW_TEST_POSTGRES_URL):
#   1. GET /api/v1/users/profile with a valid token vs a bare Hummingbird + pooled PostgresNIO
#      select-by-id, wrk -t2 -c64, in one run (compare as ratios); RSS of recordsw under load.
#   2. A login flood (bcrypt-bound), alone and with paced /health probes beside it.
# Usage: scripts/test-postgres.sh scripts/bench-accounts.sh [seconds-per-round] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-lib.sh
seconds="${1:-5}"
rounds="${2:-5}"
: "${RECORDSW_TEST_POSTGRES_URL:?run through scripts/test-postgres.sh}"
command -v wrk >/dev/null || { echo "wrk is required (apt-get install wrk)" >&2; exit 1; }

# One product per invocation: given several `--product` flags, swift build builds only the last.
for product in recordsw bench-hello; do swift build -c release --product "$product" >/dev/null; done
bin="$(swift build -c release --show-bin-path)"
work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

rec_port="$(free_port)"
env -i PATH="$PATH" HOME="$HOME" PORT="$rec_port" HOST=127.0.0.1 LOG_LEVEL=error \
    NEON_DB_CONNECTION_STRING="$RECORDSW_TEST_POSTGRES_URL" JWT_SECRET="bench-secret-0123456789abcdef0123" \
    TRACKMANIA_DEMO_WORLD="$PWD/Fixtures/trackmania/world.json" "$bin/recordsw" serve >"$work/recordsw.log" 2>&1 &
pids+=($!); rec_pid=$!
wait_up "$rec_port"
bare_port="$(free_port)"
"$bin/bench-hello" "$bare_port" "$RECORDSW_TEST_POSTGRES_URL" >/dev/null 2>&1 & pids+=($!); bare_pid=$!
wait_up "$bare_port"

api="http://127.0.0.1:$rec_port/api/v1/users"
curl -fsS -X POST -H 'Content-Type: application/json' "$api/register" \
    -d '{"email":"bench@example.com","password":"correct-horse-1","username":"bench_user"}' >/dev/null
token=$(curl -fsS -X POST -H 'Content-Type: application/json' "$api/login" \
    -d '{"email":"bench@example.com","password":"correct-horse-1"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
user_id=$(curl -fsS -H "Authorization: Bearer $token" "$api/profile" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')

wrk -t2 -c64 -d2s "http://127.0.0.1:$bare_port/user/$user_id" >/dev/null   # warm-up
wrk -t2 -c64 -d2s -H "Authorization: Bearer $token" "$api/profile" >/dev/null
for round in $(seq "$rounds"); do
    echo "bare-postgresnio $(wrk_round "$bare_pid" "$seconds" 64 "http://127.0.0.1:$bare_port/user/$user_id")" >>"$work/rounds"
    # RSS is sampled half-way through the middle round.
    if [ "$round" -eq $(((rounds + 1) / 2)) ]; then
        (sleep "$(python3 -c "print($seconds / 2)")"; rss_kib "$rec_pid" >"$work/rss") &
        rss_sampler=$!
    fi
    echo "recordsw-profile $(wrk_round "$rec_pid" "$seconds" 64 "$api/profile" -H "Authorization: Bearer $token")" >>"$work/rounds"
done
wait "$rss_sampler"
echo "== GET /users/profile vs a bare pooled select by id, wrk -t2 -c64, $rounds rounds of ${seconds}s taking turns"
summarise "$work/rounds" bare-postgresnio recordsw-profile
echo "recordsw RSS under the profile load: $(($(cat "$work/rss") / 1024)) MiB"

duration=$((seconds * 2))
# The flood comes from 32 client addresses (X-Forwarded-For from loopback, a trusted proxy by
# default): login attempts are reserved per address before bcrypt runs (at most 5 in flight per
# address), so one address cannot flood. Each address signs in once first, so the account's own
# failure limit (which spares addresses with a live session) never applies.
for host in $(seq 1 32); do
    curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' -H "X-Forwarded-For: 10.77.0.$host" \
        "$api/login" -d '{"email":"bench@example.com","password":"correct-horse-1"}'
done
cat >"$work/login.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email":"bench@example.com","password":"correct-horse-1"}'
local counter = 0
request = function()
    counter = counter + 1
    wrk.headers["X-Forwarded-For"] = "10.77.0." .. (counter % 32 + 1)
    return wrk.format()
end
LUA
# Paced probes (each of 4 connections waits 5 ms between requests, a few hundred per second):
# what a load balancer and monitoring send, without a probe flood taking CPU from bcrypt.
cat >"$work/probe.lua" <<'LUA'
function delay() return 5 end
LUA
field() { awk -v key="$2" '$1==key {print $2}' "$1"; }
# login_flood OUT: runs the flood for $duration seconds; prints "logins/s ms-of-recordsw-CPU-per-login".
login_flood() {
    local before after logins
    before=$(cpu_ticks "$rec_pid")
    wrk -t2 -c16 -d"${duration}s" -s "$work/login.lua" "$api/login" >"$1"
    after=$(cpu_ticks "$rec_pid")
    grep -q "Non-2xx" "$1" && { echo "login answered non-2xx:" >&2; cat "$1" >&2; exit 1; }
    logins=$(awk '/requests in/ {print $1}' "$1")
    echo "$(field "$1" Requests/sec:) $(python3 -c "print(f'{($after - $before) / $(getconf CLK_TCK) * 1000 / $logins:.1f}')")"
}
echo "== login flood (wrk -t2 -c16 -d${duration}s): bcrypt cost 10 on NIO's thread pool, one thread per core"
read -r alone_rate alone_cpu < <(login_flood "$work/login-alone.txt")
printf 'logins alone                    %10s /s   (recordsw CPU %s ms per login)\n' "$alone_rate" "$alone_cpu"
# The machine's ceiling: cores divided by what one check costs when nothing else runs.
bcrypt_ms=$("$bin/bench-hello" bcrypt 20)
python3 -c "c = $(nproc) * 1000 / $bcrypt_ms; print(f'one bcrypt check {$bcrypt_ms} ms on one core -> ceiling {c:.1f} logins/s on $(nproc) cores; recordsw reaches {$alone_rate / c:.0%} of it')"
echo "== the same flood with /health probed beside it (wrk -t1 -c4, 5 ms pause per connection)"
wrk -t1 -c4 -d"$((duration - 2))s" --latency -s "$work/probe.lua" "http://127.0.0.1:$rec_port/health" >"$work/health.txt" &
probe_pid=$!
read -r probed_rate probed_cpu < <(login_flood "$work/login-probed.txt")
wait "$probe_pid"
printf 'logins beside the probes        %10s /s\n' "$probed_rate"
printf '/health during the flood        %10s req/s  p99 %s\n' "$(field "$work/health.txt" Requests/sec:)" "$(field "$work/health.txt" 99%)"
