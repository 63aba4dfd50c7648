#!/usr/bin/env bash
# Benchmarks of the watching reads on PostgreSQL (run it through scripts/test-postgres.sh):
#   GET /api/v1/users/alerts (10 alerts) and GET /api/v1/driver/notifications (10 rows) with a valid
#   token vs a bare Hummingbird + pooled PostgresNIO select-by-id (bench-hello), wrk -t2 -c64, rounds
#   taking turns in one run (compare as ratios).
# Usage: scripts/test-postgres.sh scripts/bench-watching.sh [seconds-per-round] [rounds]
# BENCH_CONFIG=debug checks the script's mechanics on a debug build (figures meaningless).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-lib.sh
seconds="${1:-5}"
rounds="${2:-5}"
config="${BENCH_CONFIG:-release}"
: "${RECORDSW_TEST_POSTGRES_URL:?run through scripts/test-postgres.sh}"
command -v wrk >/dev/null || { echo "wrk is required (apt-get install wrk)" >&2; exit 1; }
command -v psql >/dev/null || { echo "psql is required" >&2; exit 1; }

for product in recordsw bench-hello; do swift build -c "$config" --product "$product" >/dev/null; done
bin="$(swift build -c "$config" --show-bin-path)"
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

api="http://127.0.0.1:$rec_port/api/v1"
curl -fsS -X POST -H 'Content-Type: application/json' "$api/users/register" \
    -d '{"email":"watch@example.com","password":"correct-horse-1","username":"RavageRunner"}' >/dev/null
token=$(curl -fsS -X POST -H 'Content-Type: application/json' "$api/users/login" \
    -d '{"email":"watch@example.com","password":"correct-horse-1"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
user_id=$(curl -fsS -H "Authorization: Bearer $token" "$api/users/profile" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
# Ten rows each, written directly (the routes' own rate limits allow fewer per 5 minutes).
psql -q "$RECORDSW_TEST_POSTGRES_URL" <<SQL
INSERT INTO alerts (user_id, username, email, created_at, alert_type, map_count, record_filter)
SELECT $user_id, 'RavageRunner', 'watch@example.com', now() - n * interval '1 minute', 'accurate', 6, 'top5'
FROM generate_series(1, 10) AS n;
INSERT INTO driver_notifications (user_id, map_uid, map_name, current_position, personal_best, status, created_at, last_checked, is_active)
SELECT $user_id, 'BenchMap' || n, 'Bench map ' || n, n % 5 + 1, 40000 + n, 'active', now(), now(), TRUE
FROM generate_series(1, 10) AS n;
SQL
for route in users/alerts driver/notifications; do
    count=$(curl -fsS -H "Authorization: Bearer $token" "$api/$route" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(next(iter(d.values()))))')
    [ "$count" = 10 ] || { echo "$route returned $count rows, expected 10" >&2; exit 1; }
done

wrk -t2 -c64 -d2s "http://127.0.0.1:$bare_port/user/$user_id" >/dev/null   # warm-up
wrk -t2 -c64 -d2s -H "Authorization: Bearer $token" "$api/users/alerts" >/dev/null
for route in users/alerts driver/notifications; do
    : >"$work/rounds"
    for _ in $(seq "$rounds"); do
        echo "bare-postgresnio $(wrk_round "$bare_pid" "$seconds" 64 "http://127.0.0.1:$bare_port/user/$user_id")" >>"$work/rounds"
        echo "recordsw $(wrk_round "$rec_pid" "$seconds" 64 "$api/$route" -H "Authorization: Bearer $token")" >>"$work/rounds"
    done
    echo "== GET /api/v1/$route (10 rows) vs a bare pooled select by id, wrk -t2 -c64, $rounds rounds of ${seconds}s taking turns"
    summarise "$work/rounds" bare-postgresnio recordsw
done
