"""Benchmark: an N-document archive made of the corpus copied under new names, built
through `build_corpus` into a fresh store; prints per-stage times, peak memory, and each
saved query's latency (best of 3, each query in its own process). Not a test: run it by hand,
`.venv/bin/python tests/benchmarks/archive.py 5 50 [--workers W] [--timeout S] [--build-only]`.
Each N is built in its own process, so that its peak memory is its own."""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def make_archive(folder: Path, n: int) -> list[Path]:
    """n documents: the corpus files in turn, the k-th copy named `a{k:03d}_{name}`."""
    sources = sorted((ROOT / "corpus").glob("*.txt"))
    out = []
    for k in range(n):
        src = sources[k % len(sources)]
        dst = folder / f"a{k // len(sources):03d}_{src.name}"
        shutil.copyfile(src, dst)
        out.append(dst)
    return out


def query_latency(store_dir: Path, timeout: float) -> dict[str, float | None]:
    """Seconds of each saved query (best of 3, every row read), each in its own process
    on the read-only store so that one past `timeout` (None) is stopped."""
    from kg.query import saved_queries

    out = {}
    for q in saved_queries():
        cmd = [sys.executable, __file__, "--query", q.name, "--store", str(store_dir)]
        try:
            r = subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=timeout)
            out[q.name] = float(r.stdout.split()[-1])
        except subprocess.TimeoutExpired:
            out[q.name] = None
    return out


def time_query(name: str, store_dir: str) -> float:
    from kg.query import load_query, run
    from kg.store import open_store

    store, query, best = open_store(store_dir, read_only=True), load_query(name), None
    for _ in range(3):
        start = time.perf_counter()
        for _row in run(store, query):
            pass
        best = min(best or 1e9, time.perf_counter() - start)
    return best


def one(n: int, workers: int | None, timeout: float | None) -> dict:
    """Build an n-document archive and time it; the figures as a dict."""
    from extractors.extract import extract_all
    from kg.corpus import build_corpus

    extract_all([])                       # the spaCy model, loaded outside the timings
    with tempfile.TemporaryDirectory() as tmp:
        docs = make_archive(Path(tmp), n)
        start = time.perf_counter()
        report = build_corpus(docs, Path(tmp) / "store", timings=True, workers=workers or 1)
        wall = time.perf_counter() - start
        quads = sum(s["quads"] for s in report.built)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        latency = query_latency(Path(tmp) / "store", timeout) if timeout else {}
    return {"documents": n, "built": len(report.built), "quads": quads, "build_s": wall,
            "stages": report.timings, "peak_mb": peak,
            "queries_s": latency}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[5, 50])
    parser.add_argument("--workers", type=int, default=1, help="build workers")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a query counts as no answer")
    parser.add_argument("--build-only", action="store_true", help="time the build, run no query")
    parser.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--query", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--store", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.query:
        print(time_query(args.query, args.store))
        return
    if args.one is not None:
        print(json.dumps(one(args.one, args.workers, None if args.build_only else args.timeout)))
        return
    for n in args.sizes:
        cmd = [sys.executable, __file__, "--one", str(n), "--timeout", str(args.timeout)]
        if args.build_only:
            cmd.append("--build-only")
        if args.workers:
            cmd += ["--workers", str(args.workers)]
        r = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.splitlines()[-1])
        stages = ", ".join(f"{k} {v:.2f} s" for k, v in r["stages"].items())
        print(f"N = {n}: {r['built']} documents, {r['quads']:,} quads, build {r['build_s']:.1f} s "
              f"({stages}), peak {r['peak_mb']:.0f} MB")
        for name, t in r["queries_s"].items():
            print(f"  {name:<32} " + (f"{t * 1000:9.1f} ms" if t is not None else f"  no answer within {args.timeout:.0f} s"))


if __name__ == "__main__":
    main()
