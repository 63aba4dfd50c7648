#!/usr/bin/env bash
# Benchmarks of the history and stats routes on PostgreSQL (run it through scripts/test-postgres.sh):
# GET /api/v1/notification-history (5 days of the caller's history, among 60,000 rows of other users)
# and GET /api/v1/stats, each against a bare Hummingbird + pooled PostgresNIO select-by-id, wrk -t2 -c64,
# rounds taking turns (compare as ratios).
# Usage: scripts/test-postgres.sh scripts/bench-admin.sh [seconds-per-round] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-lib.sh
seconds="${1:-5}"
rounds="${2:-5}"
: "${RECORDSW_TEST_POSTGRES_URL:?run through scripts/test-postgres.sh}"
command -v wrk >/dev/null || { echo "wrk is required (apt-get install wrk)" >&2; exit 1; }
command -v psql >/dev/null || { echo "psql is required" >&2; exit 1; }

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

api="http://127.0.0.1:$rec_port/api/v1"
curl -fsS -X POST -H 'Content-Type: application/json' "$api/users/register" \
    -d '{"email":"bench@example.com","password":"correct-horse-1","username":"bench_user"}' >/dev/null
token=$(curl -fsS -X POST -H 'Content-Type: application/json' "$api/users/login" \
    -d '{"email":"bench@example.com","password":"correct-horse-1"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
user_id=$(curl -fsS -H "Authorization: Bearer $token" "$api/users/profile" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')

# 200 other users with 300 days of history each (both kinds), then the caller's last 5 days + today.
psql -q "$RECORDSW_TEST_POSTGRES_URL" <<SQL
INSERT INTO users (username, email, password, created_at)
SELECT 'filler_' || n, 'filler_' || n || '@example.com', 'x', now() FROM generate_series(1, 200) AS n;
INSERT INTO notification_history (user_id, username, notification_type, status, message, records_found, processing_date, created_at)
SELECT u.id, u.username, kind, CASE WHEN d % 3 = 0 THEN 'sent' ELSE 'no_new_times' END, 'filler', d % 5,
       (now() AT TIME ZONE 'UTC')::date - d, now()
FROM users u, generate_series(0, 149) AS d, (VALUES ('mapper_alert'), ('driver_notification')) AS k(kind)
WHERE u.username LIKE 'filler_%';
INSERT INTO notification_history (user_id, username, notification_type, status, message, records_found, processing_date, created_at)
SELECT $user_id, 'bench_user', kind, 'sent', '3 new records', 3, (now() AT TIME ZONE 'UTC')::date - d, now()
FROM generate_series(0, 5) AS d, (VALUES ('mapper_alert'), ('driver_notification')) AS k(kind);
ANALYZE;
SQL
days=$(curl -fsS -H "Authorization: Bearer $token" "$api/notification-history" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["history"]))')
echo "history rows: $(psql -tA "$RECORDSW_TEST_POSTGRES_URL" -c 'SELECT count(*) FROM notification_history'); the caller's days shown: $days"
echo "stats: $(curl -fsS "$api/stats")"

wrk -t2 -c64 -d2s "http://127.0.0.1:$bare_port/user/$user_id" >/dev/null   # warm-up
wrk -t2 -c64 -d2s -H "Authorization: Bearer $token" "$api/notification-history" >/dev/null
wrk -t2 -c64 -d2s "$api/stats" >/dev/null
for _ in $(seq "$rounds"); do
    echo "bare-postgresnio $(wrk_round "$bare_pid" "$seconds" 64 "http://127.0.0.1:$bare_port/user/$user_id")" >>"$work/history"
    echo "recordsw-history $(wrk_round "$rec_pid" "$seconds" 64 "$api/notification-history" -H "Authorization: Bearer $token")" >>"$work/history"
    echo "bare-postgresnio $(wrk_round "$bare_pid" "$seconds" 64 "http://127.0.0.1:$bare_port/user/$user_id")" >>"$work/stats"
    echo "recordsw-stats $(wrk_round "$rec_pid" "$seconds" 64 "$api/stats")" >>"$work/stats"
done
echo "== GET /notification-history vs a bare pooled select by id, wrk -t2 -c64, $rounds rounds of ${seconds}s taking turns"
summarise "$work/history" bare-postgresnio recordsw-history
echo "== GET /stats vs a bare pooled select by id"
summarise "$work/stats" bare-postgresnio recordsw-stats
