"""Which region is each unlabelled row? Continuation pages of a table print no row
labels and drop the rows that are empty, so each page's rows are an order-preserving
selection of the regions of the labelled first page.

The evidence is the row totals: a rule such as `Total délégations = Σ measures` or
`Total dotations = Base + Total délégations` ties, for every region, cells printed on
different pages. We score an assignment by how many (region, rule) pairs reconcile
within rounding minus how many fail, and keep every assignment with the best score.

Because every page's selection preserves order, the regions can be processed one by
one: the state is how many rows of each page have been used so far, and a region's
score only depends on the rows it takes. That dynamic programme finds all optimal
assignments at once; a row that is not given the same region by all of them is
ambiguous, and its candidate regions are reported — never picked."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import product

from extractors.numbers import rounding_tolerance

# a printed value: (value, decimals shown)
Value = tuple[Decimal, int]
# one printed row: global column index -> value (empty cells are absent)
RowValues = dict[int, Value]

MAX_TRANSITIONS = 2_000_000


@dataclass(frozen=True)
class Rule:
    """`total` column = Σ sign × `parts` columns, for every region."""
    total: int
    parts: tuple[int, ...]
    signs: tuple[int, ...] | None = None

    def terms(self):
        return zip(self.parts, self.signs or (1,) * len(self.parts))


@dataclass
class Assignment:
    """For each page, for each printed row, the regions (indexes) it may belong to."""
    candidates: list[list[list[int]]]
    best: int = 0                 # score of the optimal assignments
    solutions: int = 0            # how many assignments reach it
    reconciled: int = 0           # (region, rule) pairs reconciling in the optimal assignments
    failed: int = 0
    exhaustive: bool = True       # False when the search was too large and was not run
    unreconciled: list[int] = field(default_factory=list)  # regions failing a rule in an optimal assignment
    notes: list[str] = field(default_factory=list)

    def decided(self, page: int, row: int) -> int | None:
        c = self.candidates[page][row]
        return c[0] if len(c) == 1 else None


def _contribution(rule: Rule, row: RowValues | None):
    """(signed sum with the total subtracted, parts printed, total printed, decimals)."""
    if not row:
        return Decimal(0), 0, False, 0
    s, n, dec = Decimal(0), 0, 0
    for col, sign in rule.terms():
        v = row.get(col)
        if v is not None:
            s += sign * v[0]
            n += 1
            dec = max(dec, v[1])
    t = row.get(rule.total)
    if t is not None:
        s -= t[0]
        dec = max(dec, t[1])
    return s, n, t is not None, dec


def rule_status(rule: Rule, rows: list[RowValues | None]) -> int:
    """+1 when the rule reconciles on these rows (one region's rows across pages), -1 when
    it does not, 0 when nothing is printed (neither the total nor any part)."""
    return _status([_contribution(rule, row) for row in rows])


def _status(contributions) -> int:
    s, n, has_total, dec = Decimal(0), 0, False, 0
    for cs, cn, ct, cd in contributions:
        s, n, has_total, dec = s + cs, n + cn, has_total or ct, max(dec, cd)
    if not n and not has_total:
        return 0
    return 1 if abs(s) <= rounding_tolerance(n, dec) else -1


def assign_rows(fixed: list[RowValues], pages: list[list[RowValues]], rules: list[Rule]) -> Assignment:
    """Assign each row of each page to one of the regions whose labelled rows are `fixed`
    (in printed order), preserving order within every page; see the module docstring."""
    n = len(fixed)
    sizes = [len(p) for p in pages]
    if any(k > n for k in sizes):
        bad = [i for i, k in enumerate(sizes) if k > n]
        return Assignment([[list(range(n))] * k for k in sizes], exhaustive=False,
                          notes=[f"page {i + 1} prints {sizes[i]} rows for {n} regions" for i in bad])
    if not pages:
        return Assignment([])
    # cost guard: states × transitions per region
    slack = [n - k for k in sizes]
    states = 1
    for s in slack:
        states *= s + 1
    free = sum(1 for k in sizes if 0 < k < n)
    if states * (2 ** free) * n > MAX_TRANSITIONS:
        return Assignment([[_window(i, k, n) for i in range(k)] for k in sizes], exhaustive=False,
                          notes=[f"too many possible assignments ({states * 2 ** free * n}) to search"])

    P = len(pages)
    R = range(len(rules))
    fixed_c = [[_contribution(rule, row) for rule in rules] for row in fixed]
    page_c = [[[_contribution(rule, row) for rule in rules] for row in page] for page in pages]
    start = (0,) * P
    fwd: list[dict[tuple, tuple[int, int]]] = [{start: (0, 1)}]     # state -> (best, count)
    edges: list[list[tuple[tuple, tuple, tuple, int, int, int]]] = []
    for j in range(n):
        nxt: dict[tuple, tuple[int, int]] = {}
        layer = []
        remaining_after = n - j - 1
        for state, (score, count) in fwd[j].items():
            options = []
            for p in range(P):
                left = sizes[p] - state[p]
                if left == 0:
                    options.append((0,))
                elif left > remaining_after:
                    options.append((1,))          # must take: as many rows left as regions
                else:
                    options.append((0, 1))
            for take in product(*options):
                new = tuple(s + t for s, t in zip(state, take))
                rows = [fixed_c[j]] + [page_c[p][state[p]] for p in range(P) if take[p]]
                statuses = [_status([row[r] for row in rows]) for r in R]
                w = sum(statuses)
                ok, ko = statuses.count(1), statuses.count(-1)
                layer.append((state, new, take, w, ok, ko))
                cand = score + w
                best = nxt.get(new)
                if best is None or cand > best[0]:
                    nxt[new] = (cand, count)
                elif cand == best[0]:
                    nxt[new] = (cand, best[1] + count)
        fwd.append(nxt)
        edges.append(layer)
    final = tuple(sizes)
    best, solutions = fwd[n][final]
    # backward pass: best score from each state to the end
    bwd: dict[tuple, int] = {final: 0}
    on_path: list[list] = [[] for _ in range(n)]
    for j in range(n - 1, -1, -1):
        prev_bwd: dict[tuple, int] = {}
        for state, new, take, w, ok, ko in edges[j]:
            if new in bwd:
                v = w + bwd[new]
                if v > prev_bwd.get(state, v - 1):
                    prev_bwd[state] = v
        for edge in edges[j]:
            state, new, take, w = edge[:4]
            if new in bwd and state in fwd[j] and fwd[j][state][0] + w + bwd[new] == best:
                on_path[j].append(edge)
        bwd = prev_bwd
    candidates = [[set() for _ in range(k)] for k in sizes]
    ok_total = ko_total = 0
    unreconciled = []
    for j in range(n):
        for state, new, take, w, ok, ko in on_path[j]:
            for p in range(P):
                if take[p]:
                    candidates[p][state[p]].add(j)
        if on_path[j]:
            ok_total += max(e[4] for e in on_path[j])
            ko_total += min(e[5] for e in on_path[j])
            if any(e[5] for e in on_path[j]):
                unreconciled.append(j)
    return Assignment([[sorted(c) for c in page] for page in candidates], best, solutions,
                      ok_total, ko_total, unreconciled=unreconciled)


def _window(i: int, k: int, n: int) -> list[int]:
    """Regions row i of k can hold under order preservation alone."""
    return list(range(i, n - k + i + 1))


@dataclass(frozen=True)
class Merge:
    """A hypothesis: row `row` of page `page` prints the cells of two regions on one line."""
    page: int
    row: int
    first: tuple[int, tuple[int, ...]]      # (region, its columns)
    second: tuple[int, tuple[int, ...]]
    others: tuple[tuple[int, int, int], ...]  # (page, row, region) chosen for the other ambiguous rows


def merged_rows(fixed: list[RowValues], pages: list[list[RowValues]], rules: list[Rule],
                result: Assignment, limit: int = 20_000) -> list[Merge]:
    """Ambiguous rows that read as two consecutive regions' rows printed on one line: a
    split of the row's cells between two of its candidate regions (the first region
    taking some columns, the next one the others) with which every rule of every
    candidate region reconciles. A diagnosis for auditors; the assignment is unchanged."""
    ambiguous = [(p, i, c) for p, page in enumerate(result.candidates) for i, c in enumerate(page) if len(c) > 1]
    if not ambiguous or not result.unreconciled:
        return []
    decided: dict[int, list[tuple[int, int]]] = {}
    for p, page in enumerate(result.candidates):
        for i, c in enumerate(page):
            if len(c) == 1:
                decided.setdefault(c[0], []).append((p, i))
    watched = sorted({r for _, _, c in ambiguous for r in c})
    found, tried = [], 0
    for p0, i0, cands in ambiguous:
        cols = sorted(pages[p0][i0])
        if not 2 <= len(cols) <= 6:
            continue
        rest = [(p, i, c) for p, i, c in ambiguous if (p, i) != (p0, i0)]
        for a, b in zip(cands, cands[1:]):
            for mask in range(1, 2 ** len(cols) - 1):
                part = tuple(c for k, c in enumerate(cols) if mask >> k & 1)
                other = tuple(c for c in cols if c not in part)
                for choice in product(*(c for _, _, c in rest)):
                    tried += 1
                    if tried > limit:
                        return found
                    taken = {(p, i): r for (p, i, _), r in zip(rest, choice)}
                    if not _order_kept(result, taken, (p0, i0), a, b):
                        continue
                    rows: dict[int, list[RowValues]] = {r: [fixed[r]] + [pages[p][i] for p, i in decided.get(r, [])]
                                                        for r in watched}
                    for (p, i), r in taken.items():
                        rows.setdefault(r, [fixed[r]]).append(pages[p][i])
                    row = pages[p0][i0]
                    rows[a].append({c: row[c] for c in part})
                    rows[b].append({c: row[c] for c in other})
                    if all(rule_status(rule, rows[r]) >= 0 for r in watched for rule in rules):
                        found.append(Merge(p0, i0, (a, part), (b, other),
                                           tuple((p, i, r) for (p, i), r in sorted(taken.items()))))
    return found


def _order_kept(result: Assignment, taken: dict, split: tuple[int, int], a: int, b: int) -> bool:
    """Every page still gives its rows to increasing regions, each region at most once."""
    for p, page in enumerate(result.candidates):
        regions = []
        for i, c in enumerate(page):
            if (p, i) == split:
                regions += [a, b]
            elif (p, i) in taken:
                regions.append(taken[(p, i)])
            else:
                regions.append(c[0])
        if any(x >= y for x, y in zip(regions, regions[1:])):
            return False
    return True
