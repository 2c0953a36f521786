"""Benchmark: build the bundled corpus stage by stage and print the time of each stage
(read, tables, entities, build, store) and words per second. Not a test: run it by hand,
`.venv/bin/python tests/benchmarks/corpus.py [PATH…] [--repeat N]`."""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from extractors.prose import extract_mentions  # noqa: E402
from extractors.readers import iter_inputs, read_document  # noqa: E402
from extractors.tables import extract_tables  # noqa: E402
from kg.build import DEFAULT_BASE, document_graph  # noqa: E402
from kg.store import open_store, replace_graph  # noqa: E402


def run(paths) -> dict[str, float]:
    times: dict[str, float] = {}

    def stage(name, fn):
        start = time.perf_counter()
        result = fn()
        times[name] = times.get(name, 0.0) + time.perf_counter() - start
        return result

    docs = stage("read", lambda: [read_document(p) for p in iter_inputs(paths)])
    tables = stage("tables", lambda: [extract_tables(d) for d in docs])
    mentions = stage("entities", lambda: extract_mentions(docs))
    graphs = stage("build", lambda: [document_graph(d, DEFAULT_BASE, tables=t, mentions=m)
                                     for d, t, m in zip(docs, tables, mentions)])
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "store")
        quads = stage("store", lambda: sum(replace_graph(store, g, q) for g, q in graphs))
    times["_words"] = sum(d.word_count for d in docs)
    times["_docs"] = len(docs)
    times["_quads"] = quads
    times["_cells"] = sum(len(t.cells) for ts in tables for t in ts)
    times["_mentions"] = sum(len(m) for m in mentions)
    return times


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(ROOT / "corpus")])
    parser.add_argument("--repeat", type=int, default=1, help="runs; the best time of each stage is kept")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    extract_mentions([])          # load the spaCy model outside the timed stages…
    load = time.perf_counter() - start
    runs = [run(args.paths) for _ in range(args.repeat)]
    best = {k: min(r[k] for r in runs) for k in runs[0]}
    words = best["_words"]
    print(f"documents {best['_docs']:.0f}, words {words:.0f}, table cells {best['_cells']:.0f}, "
          f"mentions {best['_mentions']:.0f}, quads {best['_quads']:.0f}")
    print(f"{'model load':<10} {load:8.3f} s   (…and printed here)")
    total = 0.0
    for name in ("read", "tables", "entities", "build", "store"):
        total += best[name]
        print(f"{name:<10} {best[name]:8.3f} s   {words / best[name]:12,.0f} words/s")
    print(f"{'total':<10} {total:8.3f} s   {words / total:12,.0f} words/s")


if __name__ == "__main__":
    main()
