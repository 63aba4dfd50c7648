#!/usr/bin/env bash
# Benchmark: GET /health through recordsw's HTTP adapter and contract layer, against a bare
# Hummingbird server answering the same route, in one run on this machine (compare as ratios).
# Usage: scripts/bench-health.sh [duration-seconds]   (needs wrk; release build)
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10}"
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
wait_up() { for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$1/health" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "server on $1 did not start" >&2; exit 1; }

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

run() { # port -> "req/s p99"
    wrk -t2 -c64 -d"${duration}s" --latency "http://127.0.0.1:$1/health" >"$work/wrk.txt"
    local rps p99
    rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
    p99=$(awk '$1=="99%" {print $2}' "$work/wrk.txt")
    echo "$rps $p99"
}
wrk -t2 -c64 -d2s "http://127.0.0.1:$bare_port/health" >/dev/null   # warm-up
wrk -t2 -c64 -d2s "http://127.0.0.1:$rec_port/health" >/dev/null
read -r bare_rps bare_p99 < <(run "$bare_port")
read -r rec_rps rec_p99 < <(run "$rec_port")
rec_load=$(rss_kib "$rec_pid")

printf 'bare Hummingbird  %10s req/s  p99 %-8s idle RSS %6d KiB\n' "$bare_rps" "$bare_p99" "$bare_idle"
printf 'recordsw /health  %10s req/s  p99 %-8s idle RSS %6d KiB  RSS after load %6d KiB\n' "$rec_rps" "$rec_p99" "$rec_idle" "$rec_load"
python3 -c "print(f'throughput ratio recordsw/bare: {float(\"$rec_rps\")/float(\"$bare_rps\"):.2f}; idle RSS difference: {($rec_idle-$bare_idle)/1024:.1f} MiB')"
