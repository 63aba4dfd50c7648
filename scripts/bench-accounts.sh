#!/usr/bin/env bash
# Benchmarks of the accounts slice on PostgreSQL (run it through scripts/test-postgres.sh, which
# starts a throwaway server and exports RECORDSW_TEST_POSTGRES_URL):
#   1. GET /api/v1/users/profile with a valid token vs a bare Hummingbird + pooled PostgresNIO
#      select-by-id, wrk -t2 -c64, in one run (compare as ratios); RSS of recordsw under load.
#   2. A login flood (bcrypt-bound) while /health is measured beside it.
# Usage: scripts/test-postgres.sh scripts/bench-accounts.sh [duration-seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10}"
: "${RECORDSW_TEST_POSTGRES_URL:?run through scripts/test-postgres.sh}"
command -v wrk >/dev/null || { echo "wrk is required (apt-get install wrk)" >&2; exit 1; }

# One product per invocation: given several `--product` flags, swift build builds only the last.
for product in recordsw bench-hello; do swift build -c release --product "$product" >/dev/null; done
bin="$(swift build -c release --show-bin-path)"
work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
wait_up() { for _ in $(seq 200); do curl -fsS "http://127.0.0.1:$1/health" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "server on $1 did not start" >&2; exit 1; }
stat() { awk -v key="$2" '$1==key {print $2}' "$1"; }

rec_port="$(free_port)"
env -i PATH="$PATH" HOME="$HOME" PORT="$rec_port" HOST=127.0.0.1 LOG_LEVEL=error \
    NEON_DB_CONNECTION_STRING="$RECORDSW_TEST_POSTGRES_URL" JWT_SECRET="bench-secret-0123456789abcdef0123" \
    TRACKMANIA_DEMO_WORLD="$PWD/Fixtures/trackmania/world.json" "$bin/recordsw" serve >"$work/recordsw.log" 2>&1 &
pids+=($!); rec_pid=$!
wait_up "$rec_port"
bare_port="$(free_port)"
"$bin/bench-hello" "$bare_port" "$RECORDSW_TEST_POSTGRES_URL" >/dev/null 2>&1 & pids+=($!)
wait_up "$bare_port"

api="http://127.0.0.1:$rec_port/api/v1/users"
curl -fsS -X POST -H 'Content-Type: application/json' "$api/register" \
    -d '{"email":"bench@example.com","password":"correct-horse-1","username":"bench_user"}' >/dev/null
token=$(curl -fsS -X POST -H 'Content-Type: application/json' "$api/login" \
    -d '{"email":"bench@example.com","password":"correct-horse-1"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
user_id=$(curl -fsS -H "Authorization: Bearer $token" "$api/profile" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')

echo "== profile (wrk -t2 -c64 -d${duration}s)"
wrk -t2 -c64 -d2s "http://127.0.0.1:$bare_port/user/$user_id" >/dev/null
wrk -t2 -c64 -d2s -H "Authorization: Bearer $token" "$api/profile" >/dev/null
wrk -t2 -c64 -d"${duration}s" --latency "http://127.0.0.1:$bare_port/user/$user_id" >"$work/bare.txt"
wrk -t2 -c64 -d"${duration}s" --latency -H "Authorization: Bearer $token" "$api/profile" >"$work/profile.txt" &
wrk_pid=$!; sleep $((duration / 2)); load_rss=$(rss_kib "$rec_pid"); wait "$wrk_pid"
grep -q "Non-2xx" "$work/profile.txt" && { echo "profile answered non-2xx:"; cat "$work/profile.txt"; exit 1; }
printf 'bare Hummingbird + PostgresNIO  %10s req/s  p99 %s\n' "$(stat "$work/bare.txt" Requests/sec:)" "$(stat "$work/bare.txt" 99%)"
printf 'recordsw /users/profile         %10s req/s  p99 %s  RSS under load %d KiB\n' \
    "$(stat "$work/profile.txt" Requests/sec:)" "$(stat "$work/profile.txt" 99%)" "$load_rss"

echo "== login flood (wrk -t2 -c16 -d${duration}s) with /health measured beside it (wrk -t1 -c4)"
cat >"$work/login.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email":"bench@example.com","password":"correct-horse-1"}'
LUA
wrk -t2 -c16 -d"${duration}s" -s "$work/login.lua" "$api/login" >"$work/login.txt" &
login_pid=$!
sleep 1
wrk -t1 -c4 -d"$((duration - 2))s" --latency "http://127.0.0.1:$rec_port/health" >"$work/health.txt"
wait "$login_pid"
grep -q "Non-2xx" "$work/login.txt" && { echo "login answered non-2xx:"; cat "$work/login.txt"; exit 1; }
printf 'logins                          %10s /s\n' "$(stat "$work/login.txt" Requests/sec:)"
printf '/health during the flood        %10s req/s  p99 %s\n' "$(stat "$work/health.txt" Requests/sec:)" "$(stat "$work/health.txt" 99%)"
