"""Tables: raw grids → labelled cells → reconciled with their printed totals.

Each layout module (`tabbed`, `spaced`, `concatenated`, `nomenclature`, `pdfgrid`…)
exposes `find_tables(doc) -> list[Table]` and recognises its own shape from the text;
`extract_tables` runs them all, keeps the first claim on each line range and numbers
the tables in document order. The detectors named for the way cells are delimited —
`html` (<table>), `pipes` (broken markdown pipe tables), `whitespace` (one space for
columns and thousands), `dump` (one cell per paragraph) — hand a `grid.Grid` to one
builder (`grid.build`, then `solver.build_table` and its totals solver); tab rows,
well-formed pipe tables and PDF grids go to `tabbed.tables_from_blocks`."""
from __future__ import annotations

from extractors.facts import CheckResult, Table
from extractors.numbers import UNITS, header_unit
from extractors.sections import annex_number
from extractors.tables import (concatenated, dump, html, nomenclature, pdfgrid, pipes, spaced, tabbed,
                               whitespace)
from extractors.tables.reconcile import check_table, read_against_totals

# order matters: the first layout that claims a line range keeps it
# (pdfgrid only reads PDFs, whose word boxes place cells better than spacing does;
# an HTML <table> is delimited by its own markup, so it is read first; pipe tables
# before tabbed's tab rows; whitespace before spaced, which declines
# nothing; dump, the least delimited, last)
LAYOUTS = (html, pipes, tabbed, pdfgrid, whitespace, spaced, concatenated, nomenclature, dump)


def extract_tables(doc) -> list[Table]:
    """Every table of the document, in document order, with stable ids `<stem>/t<n>`;
    each read against its totals once claimed (`reconcile.read_against_totals`: lines
    moved where the totals put them, what stays open diagnosed in its issues)."""
    claimed: list[tuple[int, int]] = []
    tables: list[Table] = []
    for layout in LAYOUTS:
        for table in layout.find_tables(doc):
            span = (table.first_line, table.last_line)
            if any(a <= span[1] and span[0] <= b for a, b in claimed):
                continue
            claimed.append(span)
            table.issues += read_against_totals(table)
            tables.append(table)
    tables.sort(key=lambda t: t.first_line)
    stem = doc.name.rsplit(".", 1)[0]
    for n, table in enumerate(tables, start=1):
        table.id = f"{stem}/t{n}"
        table.document = doc.name
        table.annex = annex_number(table.annex) if table.annex else None   # `1` and `I` are one annex
        for col in table.columns:
            own = header_unit(col.label)
            if own is not None and col.unit is None and own.symbol != table.unit:
                col.unit = own.symbol
    return tables


def cell_records(table: Table) -> list[dict]:
    """The `kg extract tables --json` objects: one per cell (text cells have value null)."""
    records = []
    for cell in table.cells:
        row, col = table.rows[cell.row], table.columns[cell.column]
        symbol = table.unit_of(col) if col.is_amount else None
        unit = UNITS.get(symbol) if symbol else None
        value_eur = unit.to_eur(cell.value) if unit is not None and cell.value is not None else None
        records.append({
            "document": table.document, "table": table.id, "title": table.title,
            "row": row.label, "parent": row.parent, "column": col.label, "column_code": col.code,
            "nature": col.nature, "renewal": col.renewal, "text": cell.text, "value": cell.value,
            "unit": symbol,
            "value_eur": value_eur, "line": cell.evidence.line, "page": cell.evidence.page,
            "start": cell.evidence.start, "end": cell.evidence.end,
            "is_total": row.is_total or col.is_total,
            "ambiguous": cell.ambiguous or row.ambiguous,
            "alternatives": cell.alternatives or (row.candidates if row.ambiguous else []),
        })
    return records


def check_records(table: Table, results: list[CheckResult] | None = None) -> dict:
    """The `kg check --json` object of one table from its checks (recomputed when not
    given): counts and every failure with its cells."""
    results = check_table(table) if results is None else results
    failures = []
    for r in results:
        if r.ok:
            continue
        trow, tcol = r.check.total
        failures.append({
            "kind": r.check.kind, "row": table.rows[trow].label, "column": table.columns[tcol].label,
            "line": r.total.evidence.line, "stated": r.stated, "computed": r.computed,
            "diff": r.diff, "tolerance": r.tolerance, "candidates": r.candidates,
            "cells": [{"row": table.rows[c.row].label, "column": table.columns[c.column].label,
                       "text": c.text, "line": c.evidence.line} for c in r.parts],
        })
    return {
        "document": table.document, "table": table.id, "title": table.title,
        "checked": len(results), "reconciled": sum(r.ok for r in results), "failed": len(failures),
        "failures": failures, "issues": table.issues,
        "ambiguous_rows": [{"line": row.line, "candidates": row.candidates}
                           for row in table.rows if row.ambiguous],
    }


def format_check(record: dict) -> str:
    """A few readable lines for the terminal."""
    head = (f"{record['table']}  {record['title'][:60]}: {record['checked']} totals checked, "
            f"{record['reconciled']} reconcile, {record['failed']} do not"
            + (f", {len(record['ambiguous_rows'])} ambiguous rows" if record['ambiguous_rows'] else ""))
    lines = [head]
    for f in record["failures"]:
        lines.append(f"  line {f['line']}: {f['row']} × {f['column'][:40]}: stated {f['stated']}, "
                     f"computed {f['computed']} (diff {f['diff']}, tolerance {f['tolerance']})")
    lines.extend(f"  source: {issue}" for issue in record["issues"])
    return "\n".join(lines)
