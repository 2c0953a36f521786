"""Table rows ↔ what they name: a region, or an establishment (by the prose extractor's
canonical name for the label printed there); nomenclature rows ↔ their MIG code."""
from __future__ import annotations

from extractors.facts import Cited, RowEntity, Table
from extractors.prose.migcodes import CODE
from extractors.resolve.regions import region_id, today_id
from extractors.textnorm import fold


def row_entities(table: Table, mentions: list) -> dict[tuple[str, int], RowEntity]:
    """(table id, row index) → RowEntity for the rows that name a region or an
    establishment. A row whose values are ambiguous but whose label is printed keeps what
    the label names (its amounts stay flagged); a row whose label is in doubt (none printed,
    as on continuation pages) names nothing: its candidates say what it could be."""
    by_line: dict[int, list] = {}
    for m in mentions:
        if m.type == "establishment":
            by_line.setdefault(m.evidence.line, []).append(m)
    out = {}
    for row in table.rows:
        if row.ambiguous and not row.printed_label:
            continue
        region = region_id(row.label)
        # an establishment when the prose extractor names one there, or when the table
        # nests it under a region; a total row or any other label is neither
        name = None if region or row.is_total or not row.label else \
            _canonical(by_line, row.line, row.label) or (row.label if row.parent else None)
        if name:
            region = region_id(row.parent)
            out[(table.id, row.index)] = RowEntity(region, name, today_id(row.parent), _today(region))
        elif region:
            out[(table.id, row.index)] = RowEntity(region, today=_today(region))
    return out


def _today(region: str | None) -> str | None:
    """Today's region holding a region id (`42-2015` → `44`); an aggregate is its own."""
    if region is None:
        return None
    return today_id(region.removesuffix("-2015")) or region


def _canonical(by_line: dict, line: int, label: str) -> str | None:
    """The canonical name of an establishment mention printed on the row's line or just
    above it (a label wrapped before its values) that holds the label or is held by it."""
    key = fold(label)
    for m in by_line.get(line, []) + by_line.get(line - 1, []):
        text = fold(m.text)
        if key and (key in text or text in key):
            return m.name or label
    return None


def mention_establishments(mentions: list) -> dict[int, Cited]:
    """Mention index → the establishment it names, placed in today's region."""
    return {i: Cited(m.name or m.text, today_id(m.region))
            for i, m in enumerate(mentions) if m.type == "establishment"}


def nomenclature_codes(table: Table) -> dict[tuple[str, int], str]:
    """(table id, row index) → MIG code, for the rows of a nomenclature labelled by a code."""
    return {(table.id, row.index): row.label for row in table.rows if CODE.match(row.label or "")}
