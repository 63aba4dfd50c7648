#!/usr/bin/env python3
"""Lambda figures for docs/benchmarks.md (`make bench-lambda`), on the embedded SQLite store:

- cold start: process start to the first answered invocation of `recordsw lambda` (a Runtime API on
  loopback, this script), against `recordsw serve`'s process start to the first answered `/health`;
- warm overhead: `bench-lambda` (the handler directly vs through the loopback Runtime API and loop);
- RSS of the `recordsw lambda` process after 10,000 invocations;
- the deployment zip's size (scripts/lambda-package.sh, built when missing).

Uses the release build (`swift build -c release`) of recordsw and bench-lambda.
"""
import http.server
import json
import os
import queue
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEALTH = json.dumps({"version": "2.0", "routeKey": "$default", "rawPath": "/health", "rawQueryString": "",
                     "headers": {"host": "bench"}, "isBase64Encoded": False,
                     "requestContext": {"http": {"method": "GET", "path": "/health", "sourceIp": "203.0.113.1"},
                                        "requestId": "bench"}}).encode()


class RuntimeAPI:
    """A Lambda Runtime API on loopback: `next` hands out queued payloads, posts are timed."""

    def __init__(self):
        self.invocations = queue.Queue()
        self.done = {}
        self.cond = threading.Condition()
        api = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_GET(self):
                request_id, payload = api.invocations.get()
                self.send_response(200)
                self.send_header("Lambda-Runtime-Aws-Request-Id", request_id)
                self.send_header("Lambda-Runtime-Deadline-Ms", str(int(time.time() * 1000) + 30000))
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                request_id = self.path.split("/")[-2]
                self.send_response(202)
                self.send_header("Content-Length", "0")
                self.end_headers()
                with api.cond:
                    api.done[request_id] = (time.monotonic(), self.path.endswith("/response"), body)
                    api.cond.notify_all()

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.address = f"127.0.0.1:{self.server.server_address[1]}"

    def invoke(self, request_id, payload=HEALTH, timeout=120):
        self.invocations.put((request_id, payload))
        with self.cond:
            self.cond.wait_for(lambda: request_id in self.done, timeout=timeout)
        return self.done[request_id]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(folder):
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({"SQLITE_PATH": os.path.join(folder, "store.sqlite"), "JWT_SECRET": "b" * 40, "LOG_LEVEL": "error"})
    return env


def cold_start(binary):
    folder = tempfile.mkdtemp(prefix="recordsw-bench-cold-")
    api = RuntimeAPI()
    env = environment(folder)
    env["AWS_LAMBDA_RUNTIME_API"] = api.address
    start = time.monotonic()
    process = subprocess.Popen([binary, "lambda", "--env-file", os.path.join(folder, "absent.env"), "--max-invocations", "1"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    answered, ok, _ = api.invoke("cold")
    process.wait(timeout=60)
    api.server.shutdown()
    assert ok
    return (answered - start) * 1000


def serve_start(binary):
    folder = tempfile.mkdtemp(prefix="recordsw-bench-serve-")
    env = environment(folder)
    port = free_port()
    env.update({"PORT": str(port), "HOST": "127.0.0.1"})
    start = time.monotonic()
    process = subprocess.Popen([binary, "serve", "--env-file", os.path.join(folder, "absent.env")], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1) as response:
                    if response.status == 200:
                        return (time.monotonic() - start) * 1000
            except OSError:
                time.sleep(0.002)
    finally:
        process.terminate()
        process.wait(timeout=30)


def rss_after(binary, count):
    folder = tempfile.mkdtemp(prefix="recordsw-bench-rss-")
    api = RuntimeAPI()
    env = environment(folder)
    env["AWS_LAMBDA_RUNTIME_API"] = api.address
    process = subprocess.Popen([binary, "lambda", "--env-file", os.path.join(folder, "absent.env")], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)

    def rss():
        with open(f"/proc/{process.pid}/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) / 1024

    api.invoke("first")
    after_first = rss()
    start = time.monotonic()
    for i in range(count):
        _, ok, _ = api.invoke(f"warm-{i}")
        assert ok
    seconds = time.monotonic() - start
    after = rss()
    process.terminate()
    process.wait(timeout=30)
    api.server.shutdown()
    return after_first, after, seconds


def main():
    quick = "--quick" in sys.argv
    # --debug: the test build's binaries as they are (no release build; figures only for comparison).
    debug = "--debug" in sys.argv
    os.chdir(ROOT)
    if debug:
        bin_dir = subprocess.run(["swift", "build", "--build-tests", "--show-bin-path"], check=True,
                                 capture_output=True, text=True).stdout.strip()
    else:
        subprocess.run(["swift", "build", "-c", "release", "--product", "recordsw"], check=True)
        subprocess.run(["swift", "build", "-c", "release", "--product", "bench-lambda"], check=True)
        bin_dir = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], check=True,
                                 capture_output=True, text=True).stdout.strip()
    binary = os.path.join(bin_dir, "recordsw")
    runs = 3 if quick else 7
    colds = [cold_start(binary) for _ in range(runs)]
    serves = [serve_start(binary) for _ in range(runs)]
    warm = json.loads(subprocess.run([os.path.join(bin_dir, "bench-lambda"), "500" if quick else "5000"],
                                     check=True, capture_output=True, text=True).stdout)
    first, after, seconds = rss_after(binary, 1000 if quick else 10000)
    zip_path = os.path.join(ROOT, ".build/lambda/recordsw-x86_64.zip")
    if not os.path.exists(zip_path) and not debug:
        subprocess.run(["scripts/lambda-package.sh"], check=True)
    result = {
        "cold_start_ms_median": round(statistics.median(colds), 1), "cold_start_ms_runs": [round(c) for c in colds],
        "serve_start_ms_median": round(statistics.median(serves), 1), "serve_start_ms_runs": [round(s) for s in serves],
        "warm": warm, "rss_mb_after_first": round(first, 1), "rss_mb_after": round(after, 1),
        "invocations": 1000 if quick else 10000, "invocations_seconds": round(seconds, 1),
        "zip_mb": round(os.path.getsize(zip_path) / 1e6, 1) if os.path.exists(zip_path) else None,
        "build": "debug" if debug else "release",
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
