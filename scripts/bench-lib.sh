# Shell helpers for scripts that start a server on loopback (sourced, not run; scripts/fuzz.sh and
# scripts/bench-push.sh use them). The benchmark harness itself is scripts/bench.py with scripts/benchlib.py.

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
# Resident memory of a process in KiB.
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
wait_up() {
    for _ in $(seq 200); do curl -fsS "http://127.0.0.1:$1/health" >/dev/null 2>&1 && return 0; sleep 0.1; done
    echo "server on $1 did not start" >&2
    exit 1
}
