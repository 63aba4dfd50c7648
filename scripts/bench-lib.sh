# Shared helpers of the benchmark scripts (sourced, not run).
# Noise on this shared 2-core machine moves a single wrk run by ±20 %, so the scripts alternate
# short rounds between the baseline and recordsw and report medians and per-pair ratios.

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
wait_up() {
    for _ in $(seq 200); do curl -fsS "http://127.0.0.1:$1/health" >/dev/null 2>&1 && return 0; sleep 0.1; done
    echo "server on $1 did not start" >&2
    exit 1
}
# CPU time (user + system, in clock ticks) a process has used so far.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# wrk_round PID SECONDS CONNECTIONS URL [wrk args...] -> "req/s p99-ms cpu-us-per-request non2xx"
wrk_round() {
    local pid=$1 seconds=$2 connections=$3 url=$4
    shift 4
    local before after out
    before=$(cpu_ticks "$pid")
    out=$(wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@" "$url")
    after=$(cpu_ticks "$pid")
    python3 - "$before" "$after" "$(getconf CLK_TCK)" <<PY
import re, sys
out = """$out"""
before, after, hz = map(int, sys.argv[1:4])
requests = int(re.search(r"(\d+) requests in", out).group(1))
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
cpu_us = (after - before) / hz * 1e6 / max(requests, 1)
print(f"{rps:.0f} {p99_ms:.2f} {cpu_us:.1f} {non2xx.group(1) if non2xx else 0}")
PY
}

# summarise FILE LABEL... : FILE holds lines "LABEL rps p99 cpu non2xx", one per round, the labels
# taking turns. The last label is recordsw; it is compared with each of the others, round by round.
summarise() {
    python3 - "$@" <<'PY'
import statistics, sys
path, labels = sys.argv[1], sys.argv[2:]
rows = {label: [] for label in labels}
for line in open(path):
    label, rps, p99, cpu, bad = line.split()
    rows[label].append((float(rps), float(p99), float(cpu), int(bad)))
def median(label, i):
    return statistics.median(x[i] for x in rows[label])
for label in labels:
    print(f"{label:<28} median {median(label, 0):>8.0f} req/s  p99 {median(label, 1):5.2f} ms"
          f"  CPU {median(label, 2):6.1f} us/request  rounds: " + " ".join(f"{x[0]:.0f}" for x in rows[label]))
ours = labels[-1]
for base in labels[:-1]:
    pairs = [o[0] / b[0] for b, o in zip(rows[base], rows[ours])]
    print(f"{ours} vs {base}: throughput ratio {statistics.median(pairs):.2f} (median of the rounds: "
          + " ".join(f"{p:.2f}" for p in pairs) + f"); CPU per request ratio {median(base, 2) / median(ours, 2):.2f}")
if any(x[3] for label in labels for x in rows[label]):
    print("non-2xx responses seen")
    sys.exit(1)
PY
}
