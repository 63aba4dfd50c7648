"""Shared pieces of the benchmark harness (scripts/bench.py) and the soak (scripts/soak.py).

Everything runs on loopback: a throwaway PostgreSQL (scripts/test-postgres.sh exports its URL), the
fake Trackmania service in its own process, recordsw and its bare baseline (bench-hello) from one
release build. Figures come from wrk (latency, throughput, errors) and /proc (CPU time and RSS of each
server process), so they cost the servers nothing.
"""

import base64
import concurrent.futures
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HZ = os.sysconf("SC_CLK_TCK")
JWT_SECRET = "bench-secret-0123456789abcdef0123456789"
CRON_SECRET = "bench-cron-secret-0123456789"
METRICS_TOKEN = "bench-metrics-token-0123456789"
PASSWORD = "correct-horse-1"


def log(message):
    print(message, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except FileNotFoundError:
        pass
    return 0


def cpu_ticks(pid):
    """User + system CPU time a process used so far, in clock ticks."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def postgres_ticks():
    """CPU ticks used so far by every PostgreSQL process on the machine (the benchmark's throwaway
    server is the only one), so a route's database cost per request can be read beside its own."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/comm") as comm:
                if comm.read().strip() != "postgres":
                    continue
            total += cpu_ticks(int(entry))
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def load_average():
    with open("/proc/loadavg") as loadavg:
        return " ".join(loadavg.read().split()[:3])


def ensure_tools(*tools):
    """Installs Debian packages for missing tools (wrk, psql) with apt-get (needs root)."""
    packages = {"wrk": "wrk", "psql": "postgresql-client", "perf": "linux-perf"}
    missing = [tool for tool in tools if shutil.which(tool) is None]
    if not missing:
        return
    if os.geteuid() != 0:
        sys.exit(f"missing {', '.join(missing)}: install {' '.join(packages[t] for t in missing)} (apt-get)")
    log(f"installing {', '.join(missing)} (apt-get)")
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", *[packages[t] for t in missing]], check=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"}, stdout=subprocess.DEVNULL)


def build(products, config="release"):
    """Builds each product (given several --product flags, swift build builds only the last).
    BENCH_BIN=DIR uses binaries built before instead (checking the harness itself)."""
    if os.environ.get("BENCH_BIN"):
        return os.environ["BENCH_BIN"]
    for product in products:
        log(f"swift build -c {config} --product {product}")
        subprocess.run(["swift", "build", "-c", config, "--product", product], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    return subprocess.run(["swift", "build", "-c", config, "--show-bin-path"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()


class Processes:
    """Child processes, stopped (SIGTERM, then SIGKILL) when the harness ends."""

    def __init__(self, workdir):
        self.workdir = workdir
        self.children = []

    def start(self, name, argv, env=None):
        logfile = open(os.path.join(self.workdir, f"{name}.log"), "ab")
        process = subprocess.Popen(argv, env=env, stdout=logfile, stderr=subprocess.STDOUT, cwd=self.workdir)
        self.children.append(process)
        return process

    def stop(self, process, timeout=10):
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def stop_all(self):
        for process in reversed(self.children):
            self.stop(process)

    def close(self, failed):
        """Removes the work folder, or keeps its logs when something failed; returns the exit status."""
        if failed:
            log(f"logs kept in {self.workdir}")
            return 1
        shutil.rmtree(self.workdir, ignore_errors=True)
        return 0


def http(method, url, body=None, headers=None, timeout=10):
    """One request; returns (status, parsed JSON or None, headers). Never raises on an HTTP status."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw, status, response_headers = response.read(), response.status, response.headers
    except urllib.error.HTTPError as error:
        raw, status, response_headers = error.read(), error.code, error.headers
    try:
        parsed = json.loads(raw) if raw else None
    except ValueError:
        parsed = None
    return status, parsed, response_headers


def wait_http(url, timeout=60, process=None):
    """Polls `url` until it answers 200; returns the seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if process is not None and process.poll() is not None:
            sys.exit(f"{url}: the server exited with {process.returncode} before answering")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return time.monotonic() - started
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.01)
    sys.exit(f"{url} did not answer 200 within {timeout} s")


def fake_env_urls(fake_base):
    """recordsw's Trackmania settings pointing at a fake-trackmania process (its demo credentials)."""
    basic = base64.b64encode(b"demo-service-account:demo-password").decode()
    return {
        "AUTHORIZATION": basic, "OCLIENT_ID": "demo-client", "OCLIENT_SECRET": "demo-secret",
        "NADEO_CORE_URL": fake_base + "/core", "LEAD_API": fake_base + "/live",
        "TRACKMANIA_OAUTH_URL": fake_base + "/oauth", "TMX_URL": fake_base + "/tmx",
        "USER_AGENT": "recordsw-bench/1.0 (bench@example.com)",
    }


def recordsw_env(port, postgres_url, fake_base, **extra):
    env = {
        "PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp"),
        "PORT": str(port), "HOST": "127.0.0.1", "LOG_LEVEL": "error",
        "NEON_DB_CONNECTION_STRING": postgres_url, "JWT_SECRET": JWT_SECRET, "CRON_SECRET": CRON_SECRET,
        # The runs measure the original's behaviour: accounts made through the API get their digests
        # without confirming an address, and the mail receivers count digests only.
        "EMAIL_CONFIRMATION": "off",
        **fake_env_urls(fake_base),
    }
    env.update({key: str(value) for key, value in extra.items()})
    return env


def start_fake(processes, binpath, world, name="fake-trackmania"):
    port = free_port()
    process = processes.start(name, [os.path.join(binpath, "fake-trackmania"), "--world", world, "--port", str(port)],
                              env={**os.environ, "LOG_LEVEL": "error"})
    base = f"http://127.0.0.1:{port}"
    wait_http(base + "/_fake/stats", process=process)
    return process, base


def register_and_login(api, email, username, address=None):
    """Registers (if new) and signs in; returns (token, user id)."""
    headers = {"X-Forwarded-For": address} if address else {}
    http("POST", api + "/users/register", {"email": email, "password": PASSWORD, "username": username}, headers)
    status, body, _ = http("POST", api + "/users/login", {"email": email, "password": PASSWORD}, headers)
    if status != 200:
        sys.exit(f"login of {email} answered {status}: {body}")
    token = body["access_token"]
    _, profile, _ = http("GET", api + "/users/profile", headers={"Authorization": f"Bearer {token}"})
    return token, profile["id"]


def psql(url, sql):
    subprocess.run(["psql", "-q", "-v", "ON_ERROR_STOP=1", url], input=sql, text=True, check=True,
                   stdout=subprocess.DEVNULL)


def psql_value(url, sql):
    return subprocess.run(["psql", "-tA", url, "-c", sql], check=True, capture_output=True, text=True).stdout.strip()


def parallel(function, items, workers=8):
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        return list(pool.map(function, items))


# --- wrk -------------------------------------------------------------------------------------------

def _milliseconds(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def parse_wrk(output):
    """Throughput, latency percentiles and errors from `wrk --latency` output."""
    def latency(percent):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        return _milliseconds(*match.groups()) if match else float("nan")

    requests = int(re.search(r"(\d+) requests in", output).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "requests": requests,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency(50), "p99": latency(99),
        "errors": (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, sockets.groups())) if sockets else 0),
    }


def wrk(url, seconds, connections, threads=2, headers=None, script=None, pid=None, extra=()):
    """Runs wrk; with `pid`, adds the CPU time that process used per request (µs)."""
    argv = ["wrk", f"-t{min(threads, connections)}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency", *extra]
    for name, value in (headers or {}).items():
        argv += ["-H", f"{name}: {value}"]
    if script:
        argv += ["-s", script]
    before = cpu_ticks(pid) if pid else 0
    database_before = postgres_ticks() if pid else 0
    output = subprocess.run(argv + [url], check=True, capture_output=True, text=True).stdout
    result = parse_wrk(output)
    if pid:
        requests = max(result["requests"], 1)
        result["cpu_us"] = (cpu_ticks(pid) - before) / HZ * 1e6 / requests
        result["db_cpu_us"] = (postgres_ticks() - database_before) / HZ * 1e6 / requests
    result["raw"] = output
    return result


def workdir(prefix):
    return tempfile.mkdtemp(prefix=prefix)
