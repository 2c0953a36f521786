"""Columns and measures ↔ the code lists: the envelope, activity field and renewal nature
a column's printed nature (or, failing it, its table's title) names, or a measure
heading's markers (`MIG F21 JPE`, `(AC NR)`, `DAF MCO R`)."""
from __future__ import annotations

from extractors.codes import classify, renewal
from extractors.facts import Codes, Table


def dataset_envelope(table: Table) -> str | None:
    """The envelope a table's title names (`dotations régionales des DAF` → DAF)."""
    return classify(table.title, "envelope")


def column_codes(table: Table, envelope: str | None) -> dict[tuple[str, int], Codes]:
    """(table id, column index) → its codes; a column without a nature of its own takes
    the table's envelope."""
    return {(table.id, col.index): Codes(classify(col.nature, "envelope") or envelope,
                                               classify(col.nature, "activity"), renewal(col.renewal))
            for col in table.columns}


def measure_codes(mentions: list) -> dict[int, Codes]:
    """Mention index → the codes of a measure mention's markers (one renewal or none)."""
    return {i: Codes(classify(m.envelope, "envelope"), classify(m.field, "activity"),
                     renewal(m.renewal) if isinstance(m.renewal, str) else None)
            for i, m in enumerate(mentions) if m.type == "measure"}
