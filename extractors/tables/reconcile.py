"""Totals are the checksum: recompute every stated total from its parts and say whether
it reconciles within rounding (n parts printed with d decimals may differ from their
printed total by up to n × 0.5 × 10^-d)."""
from __future__ import annotations

from collections import ChainMap
from dataclasses import dataclass
from decimal import Decimal

from extractors.facts import Cell, CheckResult, Table, TotalCheck
from extractors.numbers import decimals_of, rounding_tolerance


def tolerance(parts: list[Cell], total: Cell) -> Decimal:
    """n × half a unit of the last printed digit (at least one part counted)."""
    d = max([decimals_of(c.text) for c in parts] + [decimals_of(total.text)])
    return rounding_tolerance(len(parts), d)


def evaluate(table: Table, check: TotalCheck, cells: dict | None = None) -> CheckResult | None:
    """Result of one check; None when the stated total itself is not printed."""
    cells = cells if cells is not None else cell_map(table)
    total = cells.get(check.total)
    if total is None or total.value is None:
        return None
    signs = check.signs or [1] * len(check.parts)
    parts, computed = [], Decimal(0)
    for key, sign in zip(check.parts, signs):
        cell = cells.get(key)
        if cell is not None and cell.value is not None:
            parts.append(cell)
            computed += sign * cell.value
    return CheckResult(check, total.value, computed, tolerance(parts, total), parts, total, table.id,
                       open_readings(table, parts + [total]))


def open_readings(table: Table, cells: list[Cell]) -> list[str]:
    """The readings a check's cells leave open: a cell's alternatives, an unlabelled row's
    candidate labels (empty when every cell is read for sure)."""
    out = []
    for cell in cells:
        row = table.rows[cell.row]
        if cell.ambiguous:
            out += [f"line {cell.evidence.line}: {cell.text} could read {r}" for r in cell.readings]
        if row.ambiguous:
            out.append(f"line {row.line}: the row could be {' or '.join(row.candidates)}")
    return sorted(set(out))


def cell_map(table: Table) -> dict[tuple[int, int], Cell]:
    return {(c.row, c.column): c for c in table.cells}


def check_table(table: Table) -> list[CheckResult]:
    cells = cell_map(table)
    results = (evaluate(table, check, cells) for check in table.checks)
    return [r for r in results if r is not None]


# ---------------------------------------------------------------- shifted rows

@dataclass
class Shift:
    """A printed line of a row whose cells, moved `by` columns, make `gained` more totals
    reconcile and none fail that reconciled."""
    row: int
    line: int
    by: int
    cells: list[Cell]
    gained: int

    def describe(self, table: Table) -> str:
        n = abs(self.by)
        cols = "one column" if n == 1 else f"{n} columns"
        printed, read = ("right", "left") if self.by < 0 else ("left", "right")
        return (f"line {self.line}: the cells of {table.rows[self.row].label} look printed {cols} {printed} of "
                f"their columns: read {cols} {read}, {self.gained} more totals reconcile "
                f"({', '.join(c.text for c in self.cells)})")


def shifts(table: Table, results: list[CheckResult]) -> list[Shift]:
    """For each printed line of a row counted in a failing total, its best shift (moving
    its cells, in the same page's columns, onto empty places of its row) when it makes
    at least two more totals reconcile and breaks none; ties between shifts of one line
    give every tied shift, for the caller to report rather than choose."""
    ok_before = {id(r.check) for r in results if r.ok}
    span: dict[int, tuple[int, int]] = {}
    for c in table.cells:
        lo, hi = span.get(c.column, (c.evidence.line, c.evidence.line))
        span[c.column] = (min(lo, c.evidence.line), max(hi, c.evidence.line))
    lines: dict[int, list[int]] = {}
    for c in table.cells:
        if c.evidence.line not in lines.setdefault(c.row, []):
            lines[c.row].append(c.evidence.line)
    suspects = []           # every printed line of a row counted in a failing total
    for r in results:
        if r.ok:
            continue
        for row in dict.fromkeys([k[0] for k in r.check.parts] + [r.check.total[0]]):
            suspects += [(row, line) for line in lines.get(row, []) if (row, line) not in suspects]
    found = []
    width = len(table.columns)
    base = cell_map(table)
    by_key: dict[tuple[int, int], list[TotalCheck]] = {}
    for ch in table.checks:
        for key in ch.parts + [ch.total]:
            by_key.setdefault(key, []).append(ch)
    for row, line in suspects:
        printed = [c for c in table.cells if c.row == row and c.evidence.line == line]
        if table.rows[row].is_total or not printed:
            continue
        taken = {c.column for c in table.cells if c.row == row and c.evidence.line != line}
        best: list[Shift] = []
        for by in range(-width + 1, width):
            targets = [c.column + by for c in printed]
            if by == 0 or any(t not in span or t in taken or span[t][1] < span[c.column][0]
                              or span[c.column][1] < span[t][0] for c, t in zip(printed, targets)):
                continue          # not an empty place among the columns of the same page
            touched = {id(ch): ch for c, t in zip(printed, targets)
                       for ch in by_key.get((row, c.column), []) + by_key.get((row, t), [])}
            if len(touched.keys() - ok_before) < 2:
                continue          # cannot make two more totals reconcile
            overlay = {(row, c.column): None for c in printed}
            overlay.update({(row, t): Cell(row, t, c.text, c.value, c.evidence) for c, t in zip(printed, targets)})
            moved = ChainMap(overlay, base)
            after = [x for x in (evaluate(table, ch, moved) for ch in touched.values()) if x is not None]
            ok_after = {id(x.check) for x in after if x.ok}
            gained = len(ok_after - ok_before)
            if gained < 2 or ok_before & touched.keys() - ok_after:
                continue
            shift = Shift(row, line, by, printed, gained)
            if not best or gained > best[0].gained:
                best = [shift]
            elif gained == best[0].gained:
                best.append(shift)
        found.extend(best)
    return found


def _realign(table: Table) -> tuple[list[Shift], list[CheckResult], list[Shift]]:
    """The moves made, then the checks and the shifts left (ties) once no move is sure."""
    moves: list[Shift] = []
    for _ in range(len(table.rows) + 1):
        results = check_table(table)
        if all(r.ok for r in results):
            return moves, results, []
        found = shifts(table, results)
        per_line: dict[tuple[int, int], list[Shift]] = {}
        for s in found:
            per_line.setdefault((s.row, s.line), []).append(s)
        sure = [s[0] for s in per_line.values() if len(s) == 1]
        if not sure:
            return moves, results, found
        move = max(sure, key=lambda s: (s.gained, -s.line))
        moved = {id(c) for c in move.cells}
        table.cells = [c for c in table.cells if id(c) not in moved] + [
            Cell(c.row, c.column + move.by, c.text, c.value, c.evidence, c.ambiguous, c.alternatives)
            for c in move.cells]
        table.cells.sort(key=lambda c: (c.evidence.start, c.column))
        moves.append(move)
    return moves, results, []


def realign(table: Table) -> list[Shift]:
    """Move the cells of each line the totals show printed off their columns (`shifts`),
    one line at a time, the largest gain first; a line whose best shifts tie is left as
    printed (and `diagnose` reports it). Returns the moves made, in order."""
    return _realign(table)[0]


def read_against_totals(table: Table) -> list[str]:
    """The reconciliation stage of every table: the lines the totals read in other columns
    are moved (`realign`), then what still does not reconcile is diagnosed; one note each."""
    moves, results, found = _realign(table)
    return [m.describe(table) for m in moves] + _diagnosis(table, results, found)


# ---------------------------------------------------------------- diagnosis of failures

def diagnose(table: Table) -> list[str]:
    """Readable hypotheses for totals that do not reconcile, for auditors; the cells are
    left as printed. A printed line that several shifts would realign equally well is
    reported with each; a cell that repeats one of its row's stated totals in another
    column is reported as a misplaced total; a cell worth what one row has too much and
    another too little as read in the other row."""
    results = check_table(table)
    return _diagnosis(table, results, shifts(table, results))


def _diagnosis(table: Table, results: list[CheckResult], found: list[Shift]) -> list[str]:
    failing = [r for r in results if not r.ok]
    if not failing:
        return []
    return [s.describe(table) for s in found] + _misplaced(table, failing) + _other_row(table, failing)


def _misplaced(table: Table, failing: list[CheckResult]) -> list[str]:
    notes = []
    rows = sorted({r.check.total[0] for r in failing if r.check.kind == "row"})
    for row in rows:
        cells = [c for c in table.cells if c.row == row]
        totals = {c.text: c for c in cells if table.columns[c.column].is_total}
        parts = {}
        for ch in table.checks:
            if ch.total[0] == row:
                parts.setdefault(ch.total[1], set()).update(col for _, col in ch.parts)
        for c in cells:
            t = totals.get(c.text)
            if t is not None and not table.columns[c.column].is_total and c.value \
                    and c.column not in parts.get(t.column, ()):
                notes.append(f"line {c.evidence.line}: {table.rows[row].label} prints {c.text} under "
                             f"{table.columns[c.column].label!r}, the same number as its "
                             f"{table.columns[t.column].label!r} (line {t.evidence.line})")
    return notes


def _other_row(table: Table, failing: list[CheckResult]) -> list[str]:
    """Two rows failing the same row total by opposite amounts, and a cell of the one
    that is too high worth that amount: the cell reads as the other row's."""
    notes, seen = [], set()
    row_failures = [r for r in failing if r.check.kind == "row"]
    for high in row_failures:
        if high.diff >= 0:
            continue
        for low in row_failures:
            if low.check.total[1] != high.check.total[1] or low.diff <= 0:
                continue
            slack = high.tolerance + low.tolerance
            if abs(high.diff + low.diff) > slack:
                continue
            for cell in high.parts:
                if cell.value is not None and abs(cell.value + high.diff) <= slack and id(cell) not in seen:
                    seen.add(id(cell))
                    col = table.columns[cell.column].label
                    notes.append(
                        f"line {cell.evidence.line}: {cell.text} ({col[:40]}) is read in the row of "
                        f"{table.rows[high.check.total[0]].label}, whose {table.columns[high.check.total[1]].label!r} "
                        f"it leaves {-high.diff} too high, while {table.rows[low.check.total[0]].label}'s is "
                        f"{low.diff} too low: it reads as {table.rows[low.check.total[0]].label}'s")
    return notes
