#!/usr/bin/env bash
# The daily-run benchmark (issue 11): writes a world of BENCH_USERS mappers × BENCH_MAPS maps
# (BENCH_SHARED of them co-authored) and BENCH_DRIVERS drivers × BENCH_DRIVER_MAPS maps, serves it
# with fake-trackmania in its own process, and runs the daily pipeline once against it at BENCH_RATE
# requests per second (the shared limiter's setting), on a fresh SQLite store.
#   scripts/bench-daily.sh            # the issue's scenario (200 × 100, 30 % shared, 20 × 5) at 100 req/s
#   BENCH_RATE=2 BENCH_USERS=5 BENCH_MAPS=20 scripts/bench-daily.sh   # the production pace, smaller
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bench-lib.sh

swift build -c release --product fake-trackmania >/dev/null
swift build -c release --product bench-daily >/dev/null
BIN="$(swift build -c release --show-bin-path)"

WORK="$(mktemp -d)"
FAKE_PID=""
cleanup() {
    if [ -n "$FAKE_PID" ]; then kill "$FAKE_PID" 2>/dev/null || true; wait "$FAKE_PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT

"$BIN/bench-daily" world "$WORK/world.json"
PORT="$(free_port)"
LOG_LEVEL=error "$BIN/fake-trackmania" --world "$WORK/world.json" --port "$PORT" &
FAKE_PID=$!
for _ in $(seq 200); do
    curl -fsS "http://127.0.0.1:$PORT/_fake/stats" >/dev/null 2>&1 && break
    sleep 0.1
done
"$BIN/bench-daily" run "http://127.0.0.1:$PORT"
echo "fake-trackmania RSS $(( $(rss_kib "$FAKE_PID") / 1024 )) MiB (not part of the server's figure)"
