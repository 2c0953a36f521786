"""One solver for the tables whose cells the totals must choose: each data line comes as
candidate *readings* (one list of N cells each: concatenated digits, whitespace that
separates both columns and thousands, a dump whose cells' columns are open);
`build_table` chooses among them with the totals — a small constraint problem:
propagation where a check leaves one row open, then coordinate descent (single rows,
then pairs) — and reports what stays ambiguous and what the source itself gets wrong.
`RowTotals` chooses what each total column adds up and `settled_checks` fits the checks
to what is printed (a region through its establishments, totals of the positive rows
only), here and for `tabbed`'s tables."""
from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from extractors.facts import Cell, Column, Evidence, Row, Table, TotalCheck
from extractors.numbers import rounding_tolerance
from extractors.tables.assign import Rule
from extractors.tables.header import formula
from extractors.tables.reconcile import check_table
from extractors.textnorm import is_part_label, is_total_label


@dataclass
class Tok:
    """One printed cell: its text exactly as printed and its offsets in the document."""
    text: str
    start: int
    end: int
    value: Decimal


@dataclass
class RawRow:
    label: str
    line: int                              # line where its values are printed
    readings: list[list[Tok | None]]       # each: one entry per column (None = empty)
    ranks: list[int] | None = None         # layout preference per reading (lower first)
    tags: list[str] | None = None          # per reading: how the layout was repaired
    label_span: tuple[int, int] | None = None
    text_cells: dict[int, Tok] = field(default_factory=dict)   # label-like columns (CENTRES)
    parent: str | None = None              # region of an establishment row (when printed)
    is_total: bool | None = None           # None: decided from the label
    note: str | None = None                # how the layout was repaired


def column_checks(rows: list[Row], ncols: int) -> list[TotalCheck]:
    """Total rows: each sums the leaf rows since the previous total (or, when none came
    since, the subtotals before it: France entière = métropole + DOM). Establishment rows
    add up to their region row."""
    checks: list[TotalCheck] = []
    pending: list[int] = []
    subtotals: list[int] = []
    regions = {}                                   # region row index → its establishments
    for row in rows:
        if row.parent is not None:
            if not is_part_label(row.label):       # a `dont` row is a part, not a partition
                regions.setdefault(row.parent, []).append(row.index)
            continue
        if not row.is_total:
            pending.append(row.index)
            continue
        parts = pending if pending else subtotals
        for c in range(ncols):
            if parts:
                checks.append(TotalCheck("column", (row.index, c), [(p, c) for p in parts]))
        if pending:
            subtotals.append(row.index)
        else:
            subtotals = [row.index]
        pending = []
    by_label = {r.label: r.index for r in rows if r.parent is None and not r.is_total}
    for region, members in regions.items():
        if region in by_label:
            for c in range(ncols):
                checks.append(TotalCheck("column", (by_label[region], c), [(m, c) for m in members]))
    return checks


def row_checks(columns: list[Column], values: dict, rows: list[Row]) -> list[TotalCheck]:
    """Total columns: which columns each one adds up, as its header's formula writes it
    unless most rows contradict it, else found by the numbers (`RowTotals.choose` over
    `part_candidates`)."""
    checks = []
    leaf = [r.index for r in rows]
    # chosen on the rows that are not totals (a total row may add up only some rows, the
    # positive ones, so its own columns need not add up as a region's do); on every row
    # where those rows alone cannot choose
    choosers = [RowTotals(values, [r.index for r in rows if not r.is_total]), RowTotals(values, leaf)]
    for col in columns:
        if not col.is_total:
            continue
        j = col.index
        best = next((b for totals in choosers
                     if (b := totals.choose(j, formula(columns, j), part_candidates(j, len(columns))))), None)
        if best is not None:
            for r in leaf:
                checks.append(TotalCheck("row", (r, j), [(r, c) for c in best.parts],
                                         list(best.signs) if best.signs else None))
    return checks


class RowTotals:
    """How total columns add up their rows, the totals choosing among readings. The rows'
    printed values ({(row, column): (value, decimals)}) are kept as integers of the
    smallest unit printed, so that thousands of readings are tallied fast."""

    def __init__(self, values: dict, rows: list[int]):
        digits = max([d for _, d in values.values()] + [0])
        self.grid = {key: int(v * 10 ** digits) for key, (v, _) in values.items()}
        self.rows = rows
        self._printed: dict[int, list[int]] = {}

    def printed(self, total: int) -> list[int]:
        """The rows that print a value in column `total`."""
        if total not in self._printed:
            self._printed[total] = [r for r in self.rows if (r, total) in self.grid]
        return self._printed[total]

    def tally(self, reading: Rule, bar: float = 0) -> tuple[int, int]:
        """Rows printing the total that reconcile with `reading` (half a unit of the last digit
        per part printed, at least one part), and those that do not; counting stops once
        fewer than `bar` rows can reconcile."""
        total, terms = reading.total, list(reading.terms())
        grid, printed = self.grid, self.printed(total)
        ok = bad = 0
        for r in printed:
            s = n = 0
            for c, sign in terms:
                v = grid.get((r, c))
                if v is not None:
                    s, n = s + sign * v, n + 1
            if n and 2 * abs(grid[(r, total)] - s) <= n:
                ok += 1
            else:
                bad += 1
                if len(printed) - bad < bar:
                    break
        return ok, bad

    def choose(self, total: int, stated: Rule | None, found) -> Rule | None:
        """The reading of column `total`. The one its label `stated` stands unless most rows
        contradict it; a reading suggested by position (`found`, in order of preference)
        wins where it beats that and reconciles ≥ 80 % of the rows printing the total (at
        least 2). None: no reading."""
        printed = len(self.printed(total))
        need = max(2, 0.8 * printed)
        best, best_ok = None, 0
        if stated is not None:
            ok, ko = self.tally(stated)
            if ko <= ok:
                return stated
            best, best_ok = stated, ok
        for cand in found:
            ok, _ = self.tally(cand, max(need, best_ok + 1))
            if ok > best_ok and ok >= need:
                best, best_ok = cand, ok
                if ok == printed:
                    break
        return best


def part_candidates(j: int, n: int):
    """Readings of total column j by position: the contiguous runs next to it (before, then
    after), then any 2–3 earlier columns (the first added, the others added or subtracted)."""
    for i in range(j - 2, -1, -1):                 # contiguous runs ending just before j
        yield Rule(j, tuple(range(i, j)))
    for i in range(j + 3, n + 1):                  # contiguous runs starting just after j
        yield Rule(j, tuple(range(j + 1, i)))
    for k in (2, 3):
        for combo in itertools.combinations(range(j), k):
            if list(combo) == list(range(combo[0], j)):
                continue
            for signs in itertools.product((1, -1), repeat=k - 1):
                yield Rule(j, combo, (1,) + signs if -1 in signs else None)


def build_table(doc, raws: list[RawRow], columns: list[Column], title: str, annex: str | None,
                unit: str | None, first_line: int, last_line: int) -> Table:
    """Rows, cells and checks from the raw rows; readings chosen by the totals."""
    rows = []
    for i, raw in enumerate(raws):
        label = raw.label.rstrip("* ").strip()
        total = raw.is_total if raw.is_total is not None else is_total_label(label)
        rows.append(Row(i, label, raw.line, total, raw.parent, raw.label))
    table = Table("", doc.name, title, annex, unit, columns=columns, rows=rows,
                  first_line=first_line, last_line=last_line)
    checks = column_checks(rows, len(columns))
    solver = _Solver(raws, checks)
    solver.solve()
    found = row_checks(columns, solver.values(), [r for r in rows if r.parent is None])
    settled = checks + found
    for _ in range(3):              # the checks depend on what is printed where: settle them
        solver = _Solver(raws, settled, solver.choice)
        solver.solve()
        again = settled_checks(rows, checks, found, solver.values())
        if again == settled:
            break
        settled = again
    table.checks = settled_checks(rows, checks, found, solver.values(), final=True)
    solver = _Solver(raws, table.checks, solver.choice)
    solver.mark_ambiguous(rows, [c.label for c in columns])
    for i, raw in enumerate(raws):
        for c, tok in sorted(raw.text_cells.items()):
            table.cells.append(Cell(i, c, tok.text, None, Evidence.of(doc, tok.start, tok.end)))
        tied = solver.tied.get(i, [])
        for c, tok in enumerate(raw.readings[solver.choice[i]]):
            if tok is None:
                continue
            cell = Cell(i, c, tok.text, tok.value, Evidence.of(doc, tok.start, tok.end))
            alternatives = sorted({t.text if (t := raw.readings[k][c]) is not None else "" for k in tied})
            if len(alternatives) > 1:
                cell.ambiguous, cell.alternatives = True, alternatives
            table.cells.append(cell)
    table.cells.sort(key=lambda c: (c.row, c.column))
    table.issues = _issues(table, raws, solver.choice)
    return table


def settled_checks(rows: list[Row], checks: list[TotalCheck], found: list[TotalCheck], values: dict,
                   final: bool = False):
    """Column checks settled on what is printed, the row checks (except on totals of the
    positive rows only, where a row identity does not carry over), nested row checks;
    `final`: no row check whose parts are all unprinted under a printed total (printed
    elsewhere). Both builders settle their checks so."""
    column, positive = _settle(rows, checks, values)
    derived = set(positive)
    for ch in column:
        if any(r in derived for r, _ in ch.parts):
            derived.add(ch.total[0])
    rows_checks = [ch for ch in found if ch.total[0] not in derived] + _nested_row_checks(rows, found, values)
    if final:
        rows_checks = [ch for ch in rows_checks
                       if any(p in values for p in ch.parts) or not _nonzero(ch.total, values)]
    return column + rows_checks


def _settle(rows: list[Row], checks: list[TotalCheck], values: dict):
    """Column checks fitted to what is printed: a region that prints nothing in a column
    counts through its establishments; region = Σ establishments only where both print;
    a total row that adds up only the positive rows (`Total insuffisance`) in most of its
    failing columns is read that way in all of them."""
    members: dict[str, list[int]] = {}
    for row in rows:
        if row.parent is not None and not is_part_label(row.label):
            members.setdefault(row.parent, []).append(row.index)
    out = []
    by_total: dict[int, list[TotalCheck]] = {}
    for ch in checks:
        parts = []
        for r, c in ch.parts:
            label = rows[r].label
            if (r, c) not in values and rows[r].parent is None and label in members:
                parts.extend((m, c) for m in members[label])
            else:
                parts.append((r, c))
        if not any(p in values for p in parts) and _nonzero(ch.total, values):
            continue                       # printed elsewhere (by the region or its members)
        by_total.setdefault(ch.total[0], []).append(TotalCheck(ch.kind, ch.total, parts, ch.signs))
    positive_rows = []
    for total_row, group in by_total.items():
        positive = [_positive(ch, values) for ch in group]
        fixes = sum(1 for ch, pos in zip(group, positive) if not _fits(ch, values) and _fits(pos, values))
        out.extend(positive if fixes >= 2 else group)
        if fixes >= 2:
            positive_rows.append(total_row)
    return out, positive_rows


def _nonzero(key: tuple[int, int], values: dict) -> bool:
    return key in values and values[key][0] != 0


def _positive(ch: TotalCheck, values: dict) -> TotalCheck:
    return TotalCheck(ch.kind, ch.total, [p for p in ch.parts if p in values and values[p][0] > 0])


def _fits(ch: TotalCheck, values: dict) -> bool:
    return _Solver.fails_on(ch, values) == 0


def _nested_row_checks(rows: list[Row], found: list[TotalCheck], values: dict) -> list[TotalCheck]:
    """A region row that prints a total column but none of its parts adds up its
    establishments' parts (Ile-de-France 14 040 = Curie + IGR + R.-Huguenin)."""
    patterns = {}
    for ch in found:
        patterns.setdefault(ch.total[1], ([c for _, c in ch.parts], ch.signs))
    members: dict[str, list[int]] = {}
    for row in rows:
        if row.parent is not None and not is_part_label(row.label):
            members.setdefault(row.parent, []).append(row.index)
    out = []
    for row in rows:
        if row.parent is not None or row.label not in members:
            continue
        for j, (cols, signs) in patterns.items():
            if (row.index, j) in values and not any((row.index, c) in values for c in cols):
                parts = [(m, c) for m in members[row.label] for c in cols]
                if parts:
                    out.append(TotalCheck("row", (row.index, j), parts,
                                          signs * len(members[row.label]) if signs else None))
    return out


def _values_of(reading: list[Tok | None], scale: int) -> list[int | None]:
    return [None if t is None else int(t.value * scale) for t in reading]


_PAIR_BUDGET = 3000          # pair moves tried per pass: bounds the search on inconsistent tables


class _Solver:
    """Readings chosen by the totals: coordinate descent over the rows that have several
    readings (then over pairs of rows sharing a failing check), each move keeping the
    choice that makes the fewest checks fail, then the layout's preference, then the
    smallest gap. Sums are kept per check so that a move costs O(columns)."""

    def __init__(self, raws: list[RawRow], checks: list[TotalCheck], choice: list[int] | None = None):
        self.raws, self.checks = raws, checks
        digits = max([_decimals(t.text) for r in raws for rd in r.readings for t in rd if t] + [0])
        self.scale = 10 ** digits
        self.opts = [[_values_of(rd, self.scale) for rd in r.readings] for r in raws]
        self.choice = list(choice) if choice else [0] * len(raws)
        self.index: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for k, ch in enumerate(checks):
            self.index.setdefault(ch.total, []).append((k, 0))
            for key, sign in zip(ch.parts, ch.signs or [1] * len(ch.parts)):
                self.index.setdefault(key, []).append((k, sign))
        self.total = [None] * len(checks)
        self.sum = [0] * len(checks)
        self.count = [0] * len(checks)
        self.cur = [[None] * len(self.opts[i][0]) for i in range(len(raws))]
        for i in range(len(raws)):
            self._set(i, self.choice[i])
        self.touching = [sorted({k for c in range(len(self.cur[i])) for k, _ in self.index.get((i, c), [])})
                         for i in range(len(raws))]
        self.tied: dict[int, list[int]] = {}

    def _set(self, i: int, k: int) -> None:
        new = self.opts[i][k]
        for c, v in enumerate(new):
            old = self.cur[i][c]
            if old == v:
                continue
            for chk, sign in self.index.get((i, c), ()):
                if sign == 0:
                    self.total[chk] = v
                else:
                    self.sum[chk] += sign * ((v or 0) - (old or 0))
                    self.count[chk] += (v is not None) - (old is not None)
            self.cur[i][c] = v
        self.choice[i] = k

    def _cost(self, ks) -> tuple[int, int]:
        fails = spread = 0
        for k in ks:
            t = self.total[k]
            if t is None or not self.count[k]:       # nothing printed to add up: not checked
                continue
            diff = abs(t - self.sum[k])
            if 2 * diff > max(self.count[k], 1):       # half a unit of the last digit per part
                fails += 1
                spread += diff
        return fails, spread

    def _score(self, i: int, k: int, ks) -> tuple:
        self._set(i, k)
        fails, spread = self._cost(ks)
        return fails, self._rank(i, k), spread

    def _rank(self, i: int, k: int) -> int:
        ranks = self.raws[i].ranks
        return ranks[k] if ranks else 0

    def solve(self, passes: int = 6) -> None:
        self._propagate()
        multi = [i for i in range(len(self.raws)) if len(self.opts[i]) > 1]
        if not multi:
            return
        for _ in range(3):
            self._descend(multi, passes)
            if not self._pairs(multi):
                break

    def _propagate(self) -> None:
        """Constraint propagation: a check whose rows are all settled but one fixes that
        row's cell; its readings that disagree are dropped (unless none agrees: then the
        source is inconsistent and the descent decides)."""
        changed = True
        while changed:
            changed = False
            for i in range(len(self.raws)):
                if len(self.opts[i]) < 2:
                    continue
                wanted = []                                  # (column, value, tolerance)
                for k in self.touching[i]:
                    ch = self.checks[k]
                    rows = {r for r, _ in ch.parts} | {ch.total[0]}
                    if any(len(self.opts[r]) > 1 for r in rows if r != i):
                        continue
                    need = self._needed(i, k)
                    if need is not None:
                        wanted.append(need)
                if not wanted:
                    continue
                keep = [k for k, vals in enumerate(self.opts[i])
                        if all(abs((vals[c] or 0) - v) * 2 <= tol for c, v, tol in wanted)]
                if keep and len(keep) < len(self.opts[i]):
                    self._restrict(i, keep)
                    changed = True

    def _needed(self, i: int, k: int):
        """(column, value, tolerance×2) that row i must print for check k to hold."""
        ch = self.checks[k]
        signs = ch.signs or [1] * len(ch.parts)
        if ch.total[0] == i:
            if any(r == i for r, _ in ch.parts) or not self.count[k]:
                return None
            parts = [self.cur[r][c] for r, c in ch.parts]
            s = sum(sg * (v or 0) for v, sg in zip(parts, signs))
            return ch.total[1], s, max(sum(v is not None for v in parts), 1)
        mine = [(c, sg) for (r, c), sg in zip(ch.parts, signs) if r == i]
        if len(mine) != 1 or self.cur[ch.total[0]][ch.total[1]] is None:
            return None
        c, sign = mine[0]
        others = sum(sg * (self.cur[r][cc] or 0) for (r, cc), sg in zip(ch.parts, signs) if r != i)
        n = sum(self.cur[r][cc] is not None for (r, cc) in ch.parts if r != i) + 1
        return c, sign * (self.cur[ch.total[0]][ch.total[1]] - others), n

    def _restrict(self, i: int, keep: list[int]) -> None:
        raw = self.raws[i]
        raw.readings = [raw.readings[k] for k in keep]
        raw.ranks = [raw.ranks[k] for k in keep] if raw.ranks else None
        raw.tags = [raw.tags[k] for k in keep] if raw.tags else None
        self.opts[i] = [self.opts[i][k] for k in keep]
        self._set(i, 0)

    def _descend(self, multi, passes) -> None:
        for _ in range(passes):
            changed = False
            for i in multi:
                ks = self.touching[i]
                start = self.choice[i]
                best = min(range(len(self.opts[i])), key=lambda k: (self._score(i, k, ks), k != start, k))
                self._set(i, best)
                changed |= best != start
            if not changed:
                return

    def _pairs(self, multi) -> bool:
        """Two rows moved at once where one move alone cannot mend a failing check."""
        improved = False
        multi_set = set(multi)
        budget = _PAIR_BUDGET
        for k in range(len(self.checks)):
            if not self._cost([k])[0]:
                continue
            ch = self.checks[k]
            rows = sorted({r for r, _ in ch.parts + [ch.total] if r in multi_set})
            for a, b in itertools.combinations(rows, 2):
                budget -= len(self.opts[a]) * len(self.opts[b])
                if len(self.opts[a]) * len(self.opts[b]) > 1500 or budget < 0:
                    continue
                ks = sorted(set(self.touching[a]) | set(self.touching[b]))
                start = (self.choice[a], self.choice[b])
                best, best_cost = start, None
                for x in range(len(self.opts[a])):
                    self._set(a, x)
                    for y in range(len(self.opts[b])):
                        self._set(b, y)
                        fails, spread = self._cost(ks)
                        cost = (fails, self._rank(a, x) + self._rank(b, y), spread, (x, y) != start)
                        if best_cost is None or cost < best_cost:
                            best, best_cost = (x, y), cost
                self._set(a, best[0])
                self._set(b, best[1])
                improved |= best != start
        return improved

    def values(self) -> dict:
        out = {}
        for i, raw in enumerate(self.raws):
            for c, tok in enumerate(raw.readings[self.choice[i]]):
                if tok is not None:
                    out[(i, c)] = (tok.value, _decimals(tok.text))
        return out

    def mark_ambiguous(self, rows: list[Row], labels: list[str]) -> None:
        """A row whose chosen reading ties with others on the evidence (same failing checks,
        same layout preference; a smaller gap alone does not decide) is ambiguous: its
        candidates are the tied readings, the chosen one first."""
        for i, raw in enumerate(self.raws):
            if len(self.opts[i]) < 2:
                continue
            ks, chosen = self.touching[i], self.choice[i]
            scores = [self._score(i, k, ks) for k in range(len(self.opts[i]))]
            self._set(i, chosen)
            tied = [k for k, sc in enumerate(scores) if sc[:2] == scores[chosen][:2]]
            if len(tied) > 1:
                tied.sort(key=lambda k: k != chosen)
                self.tied[i] = tied
                rows[i].ambiguous = True
                differ = [c for c in range(len(raw.readings[chosen]))
                          if len({_text(raw.readings[k][c]) for k in tied}) > 1]
                rows[i].candidates = ["; ".join(f"{labels[c]}: {_text(raw.readings[k][c]) or '(empty)'}"
                                                for c in differ) for k in tied]

    @staticmethod
    def fails_on(ch: TotalCheck, values: dict) -> int:
        total = values.get(ch.total)
        if total is None:
            return 0
        signs = ch.signs or [1] * len(ch.parts)
        s, n, d = Decimal(0), 0, total[1]
        for key, sign in zip(ch.parts, signs):
            v = values.get(key)
            if v is not None:
                s, n, d = s + sign * v[0], n + 1, max(d, v[1])
        return int(abs(total[0] - s) > rounding_tolerance(n, d))


def _text(tok: Tok | None) -> str:
    return tok.text if tok is not None else ""


def _decimals(text: str) -> int:
    return len(text.rsplit(",", 1)[1]) if "," in text else 0


def _issues(table: Table, raws: list[RawRow], choice: list[int]) -> list[str]:
    """Source inconsistencies with their numbers: totals that do not add up, and rows
    that print the same values as another row."""
    issues = []
    for i, raw in enumerate(raws):
        if raw.note:
            tag = raw.tags[choice[i]] if raw.tags else None
            issues.append(raw.note + (f"; read as: {tag}" if tag else ""))
    results = check_table(table)
    for r in results:
        if r.ok:
            continue
        row, col = table.rows[r.check.total[0]], table.columns[r.check.total[1]]
        issues.append(f"line {r.total.evidence.line}: {row.label} × {col.label}: printed {r.total.text}, "
                      f"its parts add up to {r.computed} (diff {r.diff})" + _which(table, r, results))
    lines: list[tuple[Row, int, list[Cell]]] = []
    for row in table.rows:
        if row.is_total:
            continue
        cells = [c for c in table.cells if c.row == row.index and c.value]
        for line in sorted({c.evidence.line for c in cells}):
            lines.append((row, line, [c for c in cells if c.evidence.line == line]))
    for k, (row, line, cells) in enumerate(lines):
        for other, oline, ocells in lines[:k]:
            if other.index == row.index:
                continue
            common = Counter(c.text for c in cells) & Counter(c.text for c in ocells)
            value = {c.text: c.value for c in cells}
            big = {t for t in common if abs(value[t]) >= 10}
            if len(big) >= 4 and sum(common.values()) >= 0.8 * max(len(cells), len(ocells)):
                issues.append(f"line {line}: {row.label} prints the values of line {oline} "
                              f"({other.label}): {sum(common.values())} of its {len(cells)} values "
                              f"are the same ({' '.join(c.text for c in cells)})")
    return issues


def _which(table: Table, failed, results) -> str:
    """Which printed number is the odd one, when a higher total tells: it agrees with the
    sum of the rows (the printed subtotal is wrong) or with the printed subtotal (a row
    value is)."""
    key = failed.check.total
    for upper in results:
        if key not in upper.check.parts or upper.check.kind != failed.check.kind:
            continue
        signs = upper.check.signs or [1] * len(upper.check.parts)
        sign = signs[upper.check.parts.index(key)]
        fixed = upper.computed + sign * (failed.computed - failed.stated)
        name = (table.rows[upper.check.total[0]].label if upper.check.kind == "column"
                else table.columns[upper.check.total[1]].label)
        if upper.ok and abs(upper.stated - fixed) > upper.tolerance:
            return (f"; {name} ({upper.total.text}) agrees with the printed {failed.total.text}: "
                    "a part is misprinted or missing")
        if not upper.ok and abs(upper.stated - fixed) <= upper.tolerance:
            return (f"; {name} ({upper.total.text}) agrees with the parts ({failed.computed}): "
                    "the printed total is wrong")
    return ""

