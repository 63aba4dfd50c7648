#!/usr/bin/env bash
# Benchmark: what metrics cost on GET /health. Two recordsw servers from the same release build,
# one with metrics off (no METRICS_* set: nothing is recorded) and one with METRICS_TOKEN set (every
# request counted and timed), answering wrk in alternating rounds; compare the medians as a ratio.
# Usage: scripts/bench-metrics.sh [seconds-per-round] [rounds]   (needs wrk; release build)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-lib.sh
seconds="${1:-5}"
rounds="${2:-6}"
command -v wrk >/dev/null || { echo "wrk is required (apt-get install wrk)" >&2; exit 1; }

swift build -c release --product recordsw >/dev/null
bin="$(swift build -c release --show-bin-path)"
work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

token="bench-metrics-token-0123456789"
start() { # start NAME PORT [VAR=value...]: a server with production-like credentials (no demo world)
    local name=$1 port=$2
    shift 2
    env -i PATH="$PATH" HOME="$HOME" PORT="$port" HOST=127.0.0.1 LOG_LEVEL=error SQLITE_PATH="$work/$name.sqlite" \
        AUTHORIZATION=YmVuY2g6YmVuY2g= OCLIENT_ID=bench OCLIENT_SECRET=bench LEAD_API=http://127.0.0.1:9 \
        NADEO_CORE_URL=http://127.0.0.1:9 TRACKMANIA_OAUTH_URL=http://127.0.0.1:9 TMX_URL=http://127.0.0.1:9 \
        "$@" "$bin/recordsw" serve >/dev/null 2>&1 &
    pids+=($!)
}
off_port="$(free_port)"; start off "$off_port"; off_pid=${pids[-1]}
on_port="$(free_port)"; start on "$on_port" METRICS_TOKEN="$token"; on_pid=${pids[-1]}
wait_up "$off_port"; wait_up "$on_port"
sleep 2

wrk -t2 -c64 -d2s "http://127.0.0.1:$off_port/health" >/dev/null   # warm-up
wrk -t2 -c64 -d2s "http://127.0.0.1:$on_port/health" >/dev/null
for round in $(seq "$rounds"); do
    # Alternate which one goes first, so a slow spell of the machine does not favour one side.
    if (( round % 2 )); then order="off on"; else order="on off"; fi
    for side in $order; do
        if [[ $side == off ]]; then
            echo "metrics-off $(wrk_round "$off_pid" "$seconds" 64 "http://127.0.0.1:$off_port/health")" >>"$work/rounds"
        else
            echo "metrics-on $(wrk_round "$on_pid" "$seconds" 64 "http://127.0.0.1:$on_port/health")" >>"$work/rounds"
        fi
    done
done
# The scrape works and counted the benchmark's requests.
curl -fsS -H "Authorization: Bearer $token" "http://127.0.0.1:$on_port/metrics" \
    | grep -E '^http_requests_total\{.*route="/health".*status="200"' || { echo "no /health series" >&2; exit 1; }

echo "== GET /health, wrk -t2 -c64, $rounds rounds of ${seconds}s taking turns; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
summarise "$work/rounds" metrics-off metrics-on
