"""Reconciliation: rounding tolerance, signed totals, missing totals, and the diagnosis
of failures (shifted rows, misplaced totals) on small hand-made tables."""
from decimal import Decimal

from extractors.facts import Cell, Column, Evidence, Row, Table, TotalCheck
from extractors.numbers import parse_number
from extractors.tables.reconcile import check_table, diagnose, realign, tolerance


def ev(line):
    return Evidence("t.txt", "0" * 64, 1, line, 0, 1, "x")


def make(grid, columns, rows, checks):
    """grid: {(row, col): text} with row = its line number too."""
    table = Table("t/t1", "t.txt", "essai", None, "k€",
                  columns=[Column(i, label, is_total=label.startswith("Total"),
                                  role="total" if label.startswith("Total") else "measure")
                           for i, label in enumerate(columns)],
                  rows=[Row(i, label, i + 1, is_total=label.startswith("Total")) for i, label in enumerate(rows)])
    table.cells = [Cell(r, c, text, parse_number(text), ev(r + 1)) for (r, c), text in sorted(grid.items())]
    table.checks = checks
    return table


def test_tolerance_is_half_a_unit_per_part():
    parts = [Cell(0, 0, "1,25", Decimal("1.25"), ev(1)), Cell(1, 0, "2,5", Decimal("2.5"), ev(2))]
    total = Cell(2, 0, "3,8", Decimal("3.8"), ev(3))
    assert tolerance(parts, total) == Decimal("0.010")


def test_rounded_parts_reconcile_within_tolerance_and_not_beyond():
    grid = {(0, 0): "1,3", (1, 0): "1,3", (2, 0): "1,3", (3, 0): "4,0"}
    check = TotalCheck("column", (3, 0), [(0, 0), (1, 0), (2, 0)])
    (result,) = check_table(make(grid, ["A"], ["a", "b", "c", "Total"], [check]))
    assert (result.ok, result.computed, result.diff, result.tolerance) == (True, Decimal("3.9"), Decimal("0.1"),
                                                                           Decimal("0.15"))
    grid[(3, 0)] = "4,1"
    (result,) = check_table(make(grid, ["A"], ["a", "b", "c", "Total"], [check]))
    assert not result.ok and result.diff == Decimal("0.2")


def test_signed_parts_and_unprinted_totals():
    grid = {(0, 0): "10,0", (0, 1): "4,0", (0, 2): "6,0"}
    ok = TotalCheck("row", (0, 2), [(0, 0), (0, 1)], [1, -1])
    missing = TotalCheck("row", (1, 2), [(1, 0), (1, 1)])
    results = check_table(make(grid, ["A", "B", "Total"], ["a", "b"], [ok, missing]))
    assert [(r.ok, r.computed) for r in results] == [(True, Decimal("6.0"))]     # no printed total: no check


def test_a_shifted_row_is_diagnosed_and_left_as_printed_by_diagnose():
    # row b printed one column too far right: A total and B total both fail
    grid = {(0, 0): "1,0", (0, 1): "2,0", (1, 1): "3,0", (1, 2): "4,0", (2, 0): "4,0", (2, 1): "6,0"}
    checks = [TotalCheck("column", (2, c), [(0, c), (1, c)]) for c in (0, 1)]
    table = make(grid, ["A", "B", "C"], ["a", "b", "Total"], checks)
    notes = diagnose(table)
    assert notes == ["line 2: the cells of b look printed one column right of their columns: read one column "
                     "left, 2 more totals reconcile (3,0, 4,0)"]
    assert [c.column for c in table.cells if c.row == 1] == [1, 2]


def test_realign_moves_a_line_the_totals_read_several_columns_off():
    # row b printed two columns right of A and B; C and D hold nothing else of b
    grid = {(0, 0): "1,0", (0, 1): "2,0", (1, 2): "3,0", (1, 3): "4,0", (2, 0): "4,0", (2, 1): "6,0"}
    checks = [TotalCheck("column", (2, c), [(0, c), (1, c)]) for c in (0, 1)]
    table = make(grid, ["A", "B", "C", "D"], ["a", "b", "Total"], checks)
    (move,) = realign(table)
    assert (move.row, move.by, move.gained) == (1, -2, 2)
    assert sorted((c.column, c.text) for c in table.cells if c.row == 1) == [(0, "3,0"), (1, "4,0")]
    assert all(r.ok for r in check_table(table)) and diagnose(table) == []


def test_realign_leaves_a_line_whose_shifts_tie_as_printed():
    # b's 3,0 read in A or in B fixes one total each: no shift gains two, nothing moves
    grid = {(0, 0): "1,0", (0, 1): "2,0", (1, 2): "3,0", (2, 0): "4,0", (2, 1): "5,0"}
    checks = [TotalCheck("column", (2, c), [(0, c), (1, c)]) for c in (0, 1)]
    table = make(grid, ["A", "B", "C"], ["a", "b", "Total"], checks)
    assert realign(table) == []
    assert [(c.column, c.text) for c in table.cells if c.row == 1] == [(2, "3,0")]


def test_realign_never_breaks_a_total_that_reconciled():
    # moving b left fixes A and B but breaks C's total: left as printed
    grid = {(0, 0): "1,0", (0, 1): "2,0", (1, 1): "3,0", (1, 2): "4,0", (0, 2): "5,0",
            (2, 0): "4,0", (2, 1): "6,0", (2, 2): "9,0"}
    checks = [TotalCheck("column", (2, c), [(0, c), (1, c)]) for c in (0, 1, 2)]
    table = make(grid, ["A", "B", "C"], ["a", "b", "Total"], checks)
    assert realign(table) == []


def test_a_number_repeating_its_row_total_elsewhere_is_reported():
    grid = {(0, 0): "50,0", (0, 1): "7,0", (0, 2): "50,0"}
    checks = [TotalCheck("row", (0, 2), [(0, 1)])]
    notes = diagnose(make(grid, ["A", "B", "Total B"], ["a"], checks))
    assert notes == ["line 1: a prints 50,0 under 'A', the same number as its 'Total B' (line 1)"]


def test_nothing_to_diagnose_when_everything_reconciles():
    grid = {(0, 0): "1,0", (1, 0): "1,0"}
    assert diagnose(make(grid, ["A"], ["a", "Total"], [TotalCheck("column", (1, 0), [(0, 0)])])) == []


def test_a_cell_counted_in_the_wrong_row_is_diagnosed():
    # Total (column 2) = A + B; b's 5,0 belongs to c: b is 5 too high, c 5 too low
    grid = {(0, 0): "1,0", (0, 2): "1,0", (1, 0): "2,0", (1, 1): "5,0", (1, 2): "2,0", (2, 0): "3,0", (2, 2): "8,0"}
    checks = [TotalCheck("row", (r, 2), [(r, 0), (r, 1)]) for r in range(3)]
    notes = diagnose(make(grid, ["A", "B", "Total"], ["a", "b", "c"], checks))
    assert notes == ["line 2: 5,0 (B) is read in the row of b, whose 'Total' it leaves 5.0 too high, "
                     "while c's is 5.0 too low: it reads as c's"]
