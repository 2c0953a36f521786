"""Tables in the gold format as plain grids, so one table can be written again in another
layout (a PDF, an HTML table, a dump…) and read back, then scored with the shared scorer.

A grid comes from a gold file (`../shared/gold/tables`, `../shared/external/gold`) or from
a document's own extraction (`kg extract tables --json` records), which stands in for the
gold of the corpus tables whose gold is not shared."""
from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass, field
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"


@dataclass
class Grid:
    title: str
    unit: str | None
    row_header: str
    columns: list[str]                      # labels in printed order; `group / leaf` for grouped heads
    rows: list[str]                         # labels in printed order
    cells: dict[tuple[str, str], str]       # (row, column) -> printed text; absent = empty cell
    total_rows: set[str] = field(default_factory=set)
    total_columns: set[str] = field(default_factory=set)
    codes: dict[str, str | None] = field(default_factory=dict)   # column -> MIG code


def from_gold(path: Path) -> list[Grid]:
    """Every table of a gold file, rows in the order of their first printed line."""
    grids = []
    for t in json.loads(Path(path).read_text(encoding="utf-8")).get("tables", []):
        columns = [c["label"] if isinstance(c, dict) else c for c in t["columns"]]
        codes = {c["label"]: c.get("code") for c in t["columns"] if isinstance(c, dict)}
        first_line: dict[str, int] = {}
        cells = {}
        for c in t["cells"]:
            first_line.setdefault(c["row"], c.get("line") or 0)
            cells[(c["row"], c["column"])] = c["text"]
        rows = sorted(first_line, key=lambda r: (first_line[r], list(first_line).index(r)))
        totals = {c["row"] for c in t["cells"] if c.get("is_total") and c["row"] in t.get("total_rows", [])}
        grids.append(Grid(t.get("title") or "", t.get("unit"), t.get("row_header") or "",
                          [c for c in columns if any(k[1] == c for k in cells)], rows, cells,
                          totals | set(t.get("total_rows", [])) & set(rows),
                          set(t.get("total_columns", [])), codes))
    return grids


def from_records(records: list[dict]) -> list[Grid]:
    """The tables of `kg extract tables --json` records (one per cell), as grids; text
    cells (a code's label) are kept, as the gold keeps them."""
    by_table: dict[str, list[dict]] = {}
    for r in records:
        by_table.setdefault(r["table"], []).append(r)
    for cells in by_table.values():
        _distinguish(cells)
    grids = []
    for cells in by_table.values():
        rows = list(dict.fromkeys(r["row"] for r in cells))
        columns = list(dict.fromkeys(r["column"] for r in cells))
        total_columns = {c for c in columns if all(r["is_total"] for r in cells if r["column"] == c)}
        total_rows = {row for row in rows
                      if all(r["is_total"] for r in cells if r["row"] == row)
                      and any(r["column"] not in total_columns for r in cells if r["row"] == row)}
        grids.append(Grid(cells[0]["title"], cells[0]["unit"], "", columns, rows,
                          {(r["row"], r["column"]): r["text"] for r in cells},
                          total_rows, total_columns, {r["column"]: r["column_code"] for r in cells}))
    return grids


def _distinguish(cells: list[dict]) -> None:
    """Columns printed with the same label (told apart by a renewal or nature row) get
    that distinction in their label, so each column of the grid has its own label."""
    kinds: dict[str, set] = {}
    for r in cells:
        kinds.setdefault(r["column"], set()).add((r["column_code"], r["nature"], r["renewal"]))
    for r in cells:
        if len(kinds[r["column"]]) > 1:
            r["column"] = f"{r['column']} ({r['renewal'] or r['nature'] or r['column_code']})"


def as_gold(grids: list[Grid]) -> dict:
    """The gold-file form of grids, for the shared scorer."""
    return {"tables": [{
        "id": f"t{n}", "title": g.title, "unit": g.unit, "row_header": g.row_header,
        "columns": [{"label": c, "code": g.codes.get(c)} for c in g.columns],
        "cells": [{"row": r, "column": c, "code": g.codes.get(c), "text": g.cells[(r, c)],
                   "value": _value(g.cells[(r, c)]),
                   "is_total": r in g.total_rows or c in g.total_columns}
                  for r in g.rows for c in g.columns if (r, c) in g.cells],
        "total_rows": sorted(g.total_rows), "total_columns": sorted(g.total_columns),
    } for n, g in enumerate(grids, start=1)]}


def _value(text: str):
    from extractors.numbers import NumberError, parse_number
    try:
        return float(parse_number(text))
    except (NumberError, ValueError):
        return None


def scorer():
    """The shared `score_tables` module (its `score(gold, pred)` gives P, R, F1, n, m)."""
    spec = importlib.util.spec_from_file_location("score_tables", SHARED / "tools" / "score_tables.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cells_f1(grids: list[Grid], records: list[dict]) -> float:
    """cells-F1 of extracted records against grids, by the shared scorer."""
    return scorer().score(as_gold(grids), records)[2]


def records_of(path: Path) -> list[dict]:
    """The `kg extract tables --json` records of one file, in process."""
    from extractors.readers import read_document
    from extractors.tables import cell_records, extract_tables
    return [r for t in extract_tables(read_document(Path(path))) for r in cell_records(t)]


def corpus_grids(name: str) -> list[Grid]:
    """The grids of a corpus document: its shared gold when there is one, else its own
    extraction from the text (the stand-in gold for renditions of it)."""
    gold = SHARED / "gold" / "tables" / f"{Path(name).stem}.json"
    if gold.exists():
        return from_gold(gold)
    return from_records(records_of(Path(__file__).resolve().parents[1] / "corpus" / name))
