"""Totals are the checksum: recompute every stated total from its parts and say whether
it reconciles within rounding (n parts printed with d decimals may differ from their
printed total by up to n × 0.5 × 10^-d)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from extractors.facts import Cell, Table, TotalCheck
from extractors.numbers import decimals_of


@dataclass
class CheckResult:
    check: TotalCheck
    stated: Decimal
    computed: Decimal
    tolerance: Decimal
    parts: list[Cell]          # the printed (non-empty) parts
    total: Cell

    @property
    def diff(self) -> Decimal:
        return self.stated - self.computed

    @property
    def ok(self) -> bool:
        return abs(self.diff) <= self.tolerance


def tolerance(parts: list[Cell], total: Cell) -> Decimal:
    """n × half a unit of the last printed digit (at least one part counted)."""
    d = max([decimals_of(c.text) for c in parts] + [decimals_of(total.text)])
    return max(len(parts), 1) * Decimal("0.5") * Decimal(10) ** -d


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
    return CheckResult(check, total.value, computed, tolerance(parts, total), parts, total)


def cell_map(table: Table) -> dict[tuple[int, int], Cell]:
    return {(c.row, c.column): c for c in table.cells}


def check_table(table: Table) -> list[CheckResult]:
    cells = cell_map(table)
    results = (evaluate(table, check, cells) for check in table.checks)
    return [r for r in results if r is not None]
