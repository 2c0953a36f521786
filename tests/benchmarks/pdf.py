"""Benchmark: PDF table extraction, seconds per page (read: pdfplumber words, rules and
lines; tables: every table layout), best of N runs per file, in CPU time of this process
(wall-clock time also printed: it depends on what else the machine runs). Not a test: run it by hand,
`.venv/bin/python tests/benchmarks/pdf.py [PDF…] [--repeat N]` (default: the PDFs of
`../shared/pdf/`). The target is 0.3 s per page."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from extractors.readers import read_document  # noqa: E402
from extractors.tables import extract_tables  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    paths = args.paths or sorted((ROOT.parent / "shared" / "pdf").glob("*.pdf"))
    total_pages = total = 0.0
    for path in paths:
        best = None
        for _ in range(args.repeat):
            w0, t0 = time.perf_counter(), time.process_time()
            doc = read_document(path)
            t1 = time.process_time()
            extract_tables(doc)
            t2, w2 = time.process_time(), time.perf_counter()
            if best is None or t2 - t0 < best[0] + best[1]:
                best = (t1 - t0, t2 - t1, w2 - w0)
        n = len(doc.pages)
        total_pages += n
        total += best[0] + best[1]
        print(f"{path.name}: {n} pages, read {best[0] / n:.3f} s/page, tables {best[1] / n:.3f} s/page, "
              f"total {(best[0] + best[1]) / n:.3f} s/page CPU ({best[2] / n:.3f} s/page wall clock)")
    if total_pages:
        print(f"all: {total / total_pages:.3f} s/page CPU over {int(total_pages)} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
