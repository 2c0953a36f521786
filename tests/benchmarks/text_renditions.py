"""Benchmark: the tables of the corpus and of the external gold written again in every
layout of `tests/textstyles.py`, read back, scored by the shared scorer (cells-F1). Not a
test: run it by hand, `.venv/bin/python tests/benchmarks/text_renditions.py [--layout L]
[--source S] [--keep DIR]` (`--keep` leaves the written documents there to look at)."""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests import gold_tables  # noqa: E402
from tests.textstyles import LAYOUTS  # noqa: E402

CORPUS = ("000_e5e150b2e5b19c7b.txt", "002_9f9b17e8f055c11f.txt", "003_eb69c40a305daa31.txt",
          "004_5a668c0349ee34c2.txt")


def sources() -> dict[str, list]:
    """Every source's grids: the corpus documents', then each external gold's that has tables."""
    out = {name[:3]: gold_tables.corpus_grids(name) for name in CORPUS}
    for path in sorted((gold_tables.SHARED / "external" / "gold").glob("*.json")):
        grids = gold_tables.from_gold(path)
        if grids:
            out[path.stem] = grids
    return out


def score(grids, layout: str, folder: Path) -> float:
    suffix, write = LAYOUTS[layout]
    path = folder / f"rendition{suffix}"
    path.write_text(write(grids), encoding="utf-8")
    return gold_tables.cells_f1(grids, gold_tables.records_of(path))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--layout", action="append", choices=sorted(LAYOUTS))
    ap.add_argument("--source", action="append")
    ap.add_argument("--keep", type=Path)
    args = ap.parse_args(argv)
    layouts = args.layout or list(LAYOUTS)
    found = sources()
    names = args.source or list(found)
    short = {name: "-".join(name.split("-")[:2]) for name in names}     # `senat-2000`, `000`
    widths = {name: max(len(short[name]), 5) for name in names}
    first = max(len(layout) for layout in layouts)
    print(" " * first + "".join(f" {short[n]:>{widths[n]}}" for n in names))
    low = []
    for layout in layouts:
        figures = []
        for name in names:
            if args.keep:
                folder = args.keep / name / layout
                folder.mkdir(parents=True, exist_ok=True)
                figures.append(score(found[name], layout, folder))
            else:
                with tempfile.TemporaryDirectory() as tmp:
                    figures.append(score(found[name], layout, Path(tmp)))
        low += [(name, layout, f) for name, f in zip(names, figures) if f < 0.95]
        print(f"{layout:<{first}}" + "".join(f" {f:{widths[n]}.3f}" for n, f in zip(names, figures)), flush=True)
    print(f"{len(low)} of {len(names) * len(layouts)} below 0.95")
    return 0


if __name__ == "__main__":
    sys.exit(main())
