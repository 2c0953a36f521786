"""Benchmark: cells-F1 and seconds per page of the PDF table reader on tables typeset as the
ministry's PDFs (`tests/typeset.py`), for every source × style. Sources: the grids of
corpus 000, 002, 003, 004 (their gold, else their own text extraction as stand-in gold)
and every external gold with tables. Not a test: run it by hand,

    PYTHONPATH=. .venv/bin/python tests/benchmarks/pdf_renditions.py [--styles a_ruled …] [--sources 003 …]

Seconds per page are CPU time of this process (reading and table extraction). Targets:
cells-F1 >= 0.97 and <= 0.3 s per page."""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.gold_tables import SHARED, cells_f1, corpus_grids, from_gold  # noqa: E402
from tests.typeset import STYLES, typeset  # noqa: E402


def sources(only: list[str] | None) -> dict[str, list]:
    """Every source's grids, by a short name (the corpus number or the external gold's stem)."""
    out = {}
    for path in sorted((ROOT / "corpus").glob("00[0234]_*.txt")):
        name = path.name[:3]
        if not only or name in only:
            out[name] = corpus_grids(path.name)
    for path in sorted((SHARED / "external" / "gold").glob("*.json")):
        if (not only or path.stem in only) and (grids := from_gold(path)):
            out[path.stem] = grids
    return out


def measure(grids: list, style, directory: Path, name: str) -> tuple[float, float, int]:
    """(cells-F1, CPU seconds per page, pages) of one rendition."""
    from extractors.readers import read_document
    from extractors.tables import cell_records, extract_tables
    path = typeset(grids, directory / f"{name}_{style.name}.pdf", style)
    t0 = time.process_time()
    doc = read_document(path)
    records = [r for t in extract_tables(doc) for r in cell_records(t)]
    seconds = time.process_time() - t0
    return cells_f1(grids, records), seconds / len(doc.pages), len(doc.pages)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--styles", nargs="*", default=list(STYLES))
    ap.add_argument("--sources", nargs="*")
    ap.add_argument("--keep", type=Path, help="write the PDFs here (default: a temporary directory)")
    args = ap.parse_args(argv)
    unknown = [s for s in args.styles if s not in STYLES]
    if unknown:
        print(f"pdf_renditions: unknown style {unknown[0]!r} (one of {', '.join(STYLES)})", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        directory = args.keep or Path(tmp)
        directory.mkdir(parents=True, exist_ok=True)
        width = max(len(s) for s in args.styles)
        print(f"{'source':<42} " + " ".join(f"{s:>{width}}" for s in args.styles))
        worst, slowest = 1.0, 0.0
        for name, grids in sources(args.sources).items():
            cells = []
            for style in args.styles:
                f1, per_page, _ = measure(grids, STYLES[style], directory, name)
                worst, slowest = min(worst, f1), max(slowest, per_page)
                cells.append(f"{f1:.3f}/{per_page:.2f}s")
            print(f"{name:<42} " + " ".join(f"{c:>{width}}" for c in cells), flush=True)
        print(f"worst cells-F1 {worst:.3f}, slowest {slowest:.2f} s per page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
