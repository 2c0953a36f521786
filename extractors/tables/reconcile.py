"""Totals are the checksum: recompute every stated total from its parts and say whether
it reconciles within rounding (n parts printed with d decimals may differ from their
printed total by up to n × 0.5 × 10^-d)."""
from __future__ import annotations

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


# ---------------------------------------------------------------- diagnosis of failures

def diagnose(table: Table) -> list[str]:
    """Readable hypotheses for totals that do not reconcile, for auditors; the cells are
    left as printed. A printed row whose cells, moved one column left or right, make
    more totals reconcile is reported as shifted; a cell that repeats one of its row's
    stated totals in another column is reported as a misplaced total."""
    results = check_table(table)
    failing = [r for r in results if not r.ok]
    if not failing:
        return []
    return _shifted(table, results, failing) + _misplaced(table, failing) + _other_row(table, failing)


def _shifted(table: Table, results: list[CheckResult], failing: list[CheckResult]) -> list[str]:
    ok_before = {id(r.check) for r in results if r.ok}
    span: dict[int, tuple[int, int]] = {}
    for c in table.cells:
        lo, hi = span.get(c.column, (c.evidence.line, c.evidence.line))
        span[c.column] = (min(lo, c.evidence.line), max(hi, c.evidence.line))
    suspects = []
    for r in failing:
        for cell in r.parts + [r.total]:
            key = (cell.row, cell.evidence.line)
            if key not in suspects:
                suspects.append(key)
    notes = []
    for row, line in suspects:
        printed = [c for c in table.cells if c.row == row and c.evidence.line == line]
        if table.rows[row].is_total or not printed:
            continue
        for shift in (-1, 1):
            targets = [c.column + shift for c in printed]
            if any(t not in span or span[t][1] < span[c.column][0] or span[c.column][1] < span[t][0]
                   for c, t in zip(printed, targets)):
                continue          # not a column of the same page
            moved = {id(c): c for c in printed}
            cells = {(c.row, c.column): c for c in table.cells if id(c) not in moved}
            for c, t in zip(printed, targets):
                cells[(c.row, t)] = Cell(c.row, t, c.text, c.value, c.evidence)
            after = [x for x in (evaluate(table, ch, cells) for ch in table.checks) if x is not None]
            ok_after = {id(x.check) for x in after if x.ok}
            gained = len(ok_after - ok_before)
            if gained >= 2 and ok_before <= ok_after:
                side = "left" if shift < 0 else "right"
                notes.append(f"line {line}: the cells of {table.rows[row].label} look shifted one column "
                             f"{'right' if shift < 0 else 'left'}: read one column {side}, {gained} more totals "
                             f"reconcile ({', '.join(c.text for c in printed)})")
    return notes


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
