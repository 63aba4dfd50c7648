#!/usr/bin/env bash
# Benchmark: GET /health through recordsw's HTTP adapter and contract layer, against a bare
# Hummingbird server answering the same route, in one run on this machine (compare as ratios).
# Usage: scripts/bench-health.sh [seconds-per-round] [rounds]   (needs wrk; release build)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-lib.sh
seconds="${1:-5}"
rounds="${2:-5}"
command -v wrk >/dev/null || { echo "wrk is required (apt-get install wrk)" >&2; exit 1; }

# One product per invocation: given several `--product` flags, swift build builds only the last.
for product in recordsw bench-hello; do swift build -c release --product "$product" >/dev/null; done
bin="$(swift build -c release --show-bin-path)"
work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

bare_port="$(free_port)"
"$bin/bench-hello" "$bare_port" >/dev/null 2>&1 & pids+=($!); bare_pid=$!
rec_port="$(free_port)"
# Credentials as in production, so the in-process demo world is not loaded; /health makes no
# Trackmania call, and the URLs point at a closed loopback port in case anything tried.
env -i PATH="$PATH" HOME="$HOME" PORT="$rec_port" HOST=127.0.0.1 LOG_LEVEL=error SQLITE_PATH="$work/bench.sqlite" \
    AUTHORIZATION=YmVuY2g6YmVuY2g= OCLIENT_ID=bench OCLIENT_SECRET=bench LEAD_API=http://127.0.0.1:9 \
    NADEO_CORE_URL=http://127.0.0.1:9 TRACKMANIA_OAUTH_URL=http://127.0.0.1:9 TMX_URL=http://127.0.0.1:9 \
    "$bin/recordsw" serve >/dev/null 2>&1 & pids+=($!); rec_pid=$!
wait_up "$bare_port"; wait_up "$rec_port"
sleep 2
bare_idle=$(rss_kib "$bare_pid"); rec_idle=$(rss_kib "$rec_pid")

# Two baselines: the bare hello-world of the issue, and the same bare server answering recordsw's
# exact response shape (its six headers and a body of the same length), which separates what the
# contract layer costs from what sending a three times bigger response costs (kernel and wrk).
wrk -t2 -c64 -d2s "http://127.0.0.1:$bare_port/health" >/dev/null   # warm-up
wrk -t2 -c64 -d2s "http://127.0.0.1:$bare_port/health-same-bytes" >/dev/null
wrk -t2 -c64 -d2s "http://127.0.0.1:$rec_port/health" >/dev/null
for _ in $(seq "$rounds"); do
    echo "bare-hello $(wrk_round "$bare_pid" "$seconds" 64 "http://127.0.0.1:$bare_port/health")" >>"$work/rounds"
    echo "bare-same-bytes $(wrk_round "$bare_pid" "$seconds" 64 "http://127.0.0.1:$bare_port/health-same-bytes")" >>"$work/rounds"
    echo "recordsw $(wrk_round "$rec_pid" "$seconds" 64 "http://127.0.0.1:$rec_port/health")" >>"$work/rounds"
done
rec_load=$(rss_kib "$rec_pid")

echo "== GET /health, wrk -t2 -c64, $rounds rounds of ${seconds}s taking turns"
summarise "$work/rounds" bare-hello bare-same-bytes recordsw
python3 -c "print(f'idle RSS: bare {$bare_idle/1024:.1f} MiB, recordsw {$rec_idle/1024:.1f} MiB (difference {($rec_idle-$bare_idle)/1024:.1f} MiB); recordsw after load {$rec_load/1024:.1f} MiB')"
