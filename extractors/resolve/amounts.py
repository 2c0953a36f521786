"""Prose amounts ↔ the table totals they announce (`17,9 M€` for three MIG columns):
reconciled within half a unit of the prose figure's last printed digit, or reported as a
discrepancy with both numbers when close enough to be taken as announcing the total."""
from __future__ import annotations

import re
from decimal import Decimal

from extractors.facts import MENTION_LEVEL, AmountCheck, MeasureLink, Table
from extractors.numbers import NUMBER_RE, UNITS, decimals_of, rounding_tolerance
from extractors.resolve.regions import region_id
from extractors.textnorm import fold

DISCREPANCY = Decimal("0.10")   # a prose amount this close to a total (but outside rounding)
                                # is taken to announce it, and reported as a discrepancy


def prose_tolerance(text: str, value: Decimal) -> Decimal:
    """Half a unit of the last printed digit, at the amount's scale (`17,9 M€` → 50 000 €)."""
    m = NUMBER_RE.search(text)
    if not m:
        return Decimal(0)
    printed = m.group(0)
    digits = Decimal(re.sub(r"[^\d,]", "", printed).replace(",", ".") or "0")
    scale = value / digits if digits else Decimal(1)
    return (rounding_tolerance(1, decimals_of(printed)) * scale).normalize()


def grand_totals(tables: list[Table]) -> dict[tuple[str, int], tuple[int, Decimal]]:
    """(table id, column) → (row, euros) of the column's grand total: the France entière
    row when printed, else its last total row."""
    out: dict[tuple[str, int], tuple[tuple, int, Decimal]] = {}
    for table in tables:
        if table.kind == "nomenclature" or table.unit not in UNITS:
            continue
        for cell in table.cells:
            row, col = table.rows[cell.row], table.columns[cell.column]
            if cell.value is None or not col.is_amount or not row.is_total or col.is_total:
                continue
            rank = (region_id(row.label) == "FR", row.index)
            key = (table.id, col.index)
            if key not in out or rank >= out[key][0]:
                out[key] = (rank, row.index, UNITS[table.unit_of(col)].to_eur(cell.value))
    return {k: (row, euros) for k, (_, row, euros) in out.items()}


def column_sums(table: Table) -> dict[tuple[str, int], tuple[int, Decimal]]:
    """(table id, column) → (cells, euros) of a column's printed amounts outside its total
    rows: what a column allocates, summed once at build time so that aggregate queries
    read one figure per column instead of every cell."""
    out: dict[tuple[str, int], tuple[int, Decimal]] = {}
    if table.kind == "nomenclature" or table.unit not in UNITS:
        return out
    for cell in table.cells:
        row, col = table.rows[cell.row], table.columns[cell.column]
        if cell.value is None or not col.is_amount or row.is_total or col.is_total:
            continue
        n, euros = out.get((table.id, col.index), (0, Decimal(0)))
        out[(table.id, col.index)] = (n + 1, euros + UNITS[table.unit_of(col)].to_eur(cell.value))
    return out


def _amounts(mentions: list) -> list[tuple[int, Decimal]]:
    """(mention index, euros) of the amount mentions, not per-unit prices."""
    return [(i, m.value_eur if m.value_eur is not None else m.value) for i, m in enumerate(mentions)
            if m.type == "amount" and not m.per and m.value is not None]


def _column_total(columns: list, tables: dict, totals: dict) -> tuple[Decimal, list] | None:
    """Sum of the grand totals of distinct measures (one column per code or label)."""
    seen, total, observations = set(), Decimal(0), []
    for table_id, index in columns:
        col = tables[table_id].columns[index]
        key = (col.code or fold(col.label)).upper()
        if key in seen:
            continue
        seen.add(key)
        if (table_id, index) not in totals:
            return None
        row, euros = totals[(table_id, index)]
        total += euros
        observations.append((table_id, row, index))
    return total, observations


def amount_checks(measures: list, links: list[MeasureLink], tables: list[Table], mentions: list,
                  totals: dict) -> list[AmountCheck]:
    """Each measure section with linked columns, innermost first: the amounts in it that
    match its columns' total within rounding reconcile; when none does, the amount of its
    own text closest to the total, if within DISCREPANCY of it, is reported as a
    discrepancy with both numbers. Farther amounts are not taken to announce the total."""
    by_id = {t.id: t for t in tables}
    linked = {id(link.measure): link.columns for link in links}
    amounts = _amounts(mentions)
    used: set = set()
    out = []
    sections = sorted((m for m in measures if m.level != MENTION_LEVEL),
                      key=lambda m: (m.last_line - m.first_line, m.first_line))
    for measure in sections:
        inside = [x for x in measures if x.level != MENTION_LEVEL and measure.first_line <= x.first_line <= measure.last_line]
        columns = [c for x in inside for c in linked.get(id(x), [])]
        if not columns:
            continue
        summed = _column_total(columns, by_id, totals)
        if summed is None:
            continue
        total, observations = summed
        here = [(i, v) for i, v in amounts
                if measure.first_line <= mentions[i].evidence.line <= measure.last_line and i not in used]
        matched = [(i, v) for i, v in here if abs(v - total) <= prose_tolerance(mentions[i].text, v)]
        if matched:
            for i, v in matched:
                out.append(_check(mentions, i, v, total, observations, True))
                used.add(i)
            continue
        own_end = min([x.first_line for x in inside if x is not measure] + [measure.last_line + 1])
        near = [(i, v) for i, v in here if mentions[i].evidence.line < own_end and total
                and abs(v - total) <= DISCREPANCY * abs(total)]
        if near:
            i, v = min(near, key=lambda a: (abs(a[1] - total), mentions[a[0]].evidence.start))
            out.append(_check(mentions, i, v, total, observations, False))
            used.add(i)
    return out


def _check(mentions, i: int, value: Decimal, total: Decimal, observations: list, ok: bool) -> AmountCheck:
    return AmountCheck(i, observations, value, total, prose_tolerance(mentions[i].text, value), ok)
