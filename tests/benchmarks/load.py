"""Benchmark: `kg serve` under load on loopback. Starts the server on a free port of
127.0.0.1 over a built store, then for each saved query (a cheap and a heavy one by
default) and each concurrency, keeps that many clients sending GET /queries/NAME.json for
a fixed time; prints requests per second, p50/p95/p99 latency and the errors (any answer
but 200, or a failed connection). Not a test: run it by hand,
`.venv/bin/python tests/benchmarks/load.py --store /tmp/endpoint-store [--seconds 5]`
(build the store first: `python -m kg.cli build corpus --store /tmp/endpoint-store`)."""
from __future__ import annotations

import argparse
import http.client
import json
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def start_server(store: Path, workers: int) -> tuple[subprocess.Popen, int]:
    """`kg serve` on a free loopback port; (process, port) once it listens."""
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(store), "--host", "127.0.0.1",
                             "--port", "0", "--workers", str(workers)],
                            cwd=ROOT, stderr=subprocess.PIPE, text=True)
    line = proc.stderr.readline()
    m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not m:
        proc.kill()
        sys.exit(f"load.py: kg serve did not start: {line.strip() or proc.stderr.read().strip()}")
    return proc, int(m.group(1))


def percentile(sorted_values: list[float], p: float) -> float:
    """The nearest-rank percentile of an ascending list."""
    k = max(0, min(len(sorted_values) - 1, round(p / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[k]


def load(port: int, path: str, concurrency: int, seconds: float) -> dict:
    """`concurrency` clients, each one request after another (a new connection each, as
    the server speaks HTTP/1.0), for `seconds`."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client():
        while time.monotonic() < stop_at:
            started = time.monotonic()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                conn.request("GET", path)
                resp = conn.getresponse()
                resp.read()
                conn.close()
                problem = None if resp.status == 200 else f"HTTP {resp.status}"
            except OSError as exc:
                problem = f"{type(exc).__name__}: {exc}"
            elapsed = time.monotonic() - started
            with lock:
                if problem:
                    errors.append(problem)
                else:
                    latencies.append(elapsed)

    began = time.monotonic()
    clients = [threading.Thread(target=client) for _ in range(concurrency)]
    for t in clients:
        t.start()
    for t in clients:
        t.join()
    wall = time.monotonic() - began
    latencies.sort()
    ms = (lambda p: round(1000 * percentile(latencies, p), 1)) if latencies else (lambda p: None)
    return {"path": path, "concurrency": concurrency, "requests": len(latencies), "errors": len(errors),
            "error_kinds": sorted(set(errors)), "rps": round(len(latencies) / wall, 1),
            "p50_ms": ms(50), "p95_ms": ms(95), "p99_ms": ms(99)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, required=True, help="A built store folder.")
    ap.add_argument("--queries", nargs="+", default=["documents", "allocations_by_envelope"])
    ap.add_argument("--concurrency", nargs="+", type=int, default=[1, 8, 32])
    ap.add_argument("--seconds", type=float, default=5.0, help="Per query and concurrency (bounded run).")
    ap.add_argument("--workers", type=int, default=4, help="kg serve --workers.")
    ap.add_argument("--json", action="store_true", help="One JSON object per line.")
    args = ap.parse_args()
    proc, port = start_server(args.store, args.workers)
    try:
        if not args.json:
            print(f"{'query':26} {'conc':>4} {'req':>6} {'err':>4} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
        for name in args.queries:
            for c in args.concurrency:
                r = load(port, f"/queries/{name}.json", c, args.seconds)
                if args.json:
                    print(json.dumps({"query": name, **r}))
                else:
                    print(f"{name:26} {c:>4} {r['requests']:>6} {r['errors']:>4} {r['rps']:>7} "
                          f"{r['p50_ms']!s:>7} {r['p95_ms']!s:>7} {r['p99_ms']!s:>7}"
                          + (f"  {'; '.join(r['error_kinds'])}" if r["errors"] else ""), flush=True)
    finally:
        proc.terminate()
        proc.wait(10)


if __name__ == "__main__":
    main()
