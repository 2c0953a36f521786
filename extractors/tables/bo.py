"""What the Bulletin-officiel region tables of 2001 and 2005 share, whatever the way
their digits are printed: a row-header word (`RÉGIONS`, `ÉTABLISSEMENTS`) followed by
column headers wrapped over many lines (each column starting with an UPPERCASE word),
region / total row labels (sometimes over two lines), establishments nested under their
region, and the totals that are the checksum of the whole grid.

The layout modules (`spaced`, `concatenated`) turn each data line into candidate
*readings* (one list of N cells each); `build_table` chooses among them with the
totals — a small constraint problem solved by coordinate descent — and reports what
stays ambiguous and what the source itself gets wrong."""
from __future__ import annotations

import itertools
import re
from collections import Counter
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from extractors.facts import Cell, Column, Evidence, Row, Table, TotalCheck
from extractors.numbers import parse_number, table_unit
from extractors.sections import clean
from extractors.tables.reconcile import check_table, evaluate

ROW_HEADERS = ("RÉGIONS", "REGIONS", "ÉTABLISSEMENTS", "ETABLISSEMENTS")
DOM_REGIONS = {"guadeloupe", "guyane", "martinique", "reunion", "mayotte"}
_RENEWAL = [(re.compile(r"\(\s*NR\s*\)|\bNR$|non[- ]reconductibles?", re.I), "NR"),
            (re.compile(r"\(\s*R\s*\)|\breconductibles?\b|à titre reconductible", re.I), "R"),
            (re.compile(r"\bJPE\b"), "JPE")]
_TOTAL_WORDS = re.compile(r"^(?:TOTAL|DOTATIONS?\s+r[ée]gionales|CO[ÛU]T\s+total|MONTANT\s+disponible)\b",
                          re.I)
_ANNEX = re.compile(r"(?:^|\s)(?P<head>(?:A\s?N\s?N\s?E\s?X\s?E|ANNEXE|Annexe)\s+(?P<num>[IVXL]+|\d+))"
                    r"\b\s*[-:.–]?\s*(?P<title>.*)$")


def fold(text: str) -> str:
    """Accents, case, hyphens, quotes and spaces folded: to compare labels."""
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


# ---------------------------------------------------------------- title and unit

def annex_title(doc, line_number: int) -> tuple[str, str | None]:
    """(`ANNEXE I - <title>`, `I`) of the nearest annex heading above `line_number`: a
    heading at a line start, or glued at the end of a line of noise."""
    for n in range(line_number - 1, 0, -1):
        text = clean(doc.line(n).text)
        m = _ANNEX.search(text)
        if not m or (m.start() > 0 and m.group("title")):
            continue
        head = re.sub(r"\s+", " ", m.group("head")) if not m.group("head").startswith("A N") \
            else "ANNEXE " + m.group("num")
        title = m.group("title").strip()
        if not title:
            parts = []
            for k in range(n + 1, min(n + 4, line_number)):
                t = clean(doc.line(k).text)
                if not t or table_unit(t) or t.startswith("("):
                    if parts:
                        break
                    continue
                parts.append(t)
            title = " - ".join(parts)
        return (f"{head} - {title}" if title and not m.group("title") else
                f"{head} : {title}" if title else head), m.group("num")
    return "", None


def unit_before(doc, line_number: int) -> str | None:
    """The unit declared by the last unit sentence above a table (it holds for the
    tables after it until another one)."""
    for n in range(line_number - 1, 0, -1):
        unit = table_unit(doc.line(n).text)
        if unit is not None:
            return unit.symbol
    return None


# ---------------------------------------------------------------- headers

@dataclass
class _Start:
    piece: int          # index of the header piece (a line, or a glued part of one)
    offset: int         # char offset of the word in the piece
    score: float


_CAPS_WORD = re.compile(r"(?<![\w’'])([A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ\-]+)(?![a-zà-ÿ])")
_GLUE = re.compile(r"(?<=[a-zà-ÿ)])(?=[A-ZÀ-ÖØ-Þ])|(?<=[A-ZÀ-ÖØ-Þ]{2})(?=[A-ZÀ-ÖØ-Þ][a-zà-ÿ])")


def _is_renewal(word: str) -> bool:
    return word in ("NR", "R", "JPE")


def header_starts(pieces: list[str], blank_before: list[bool]) -> list[_Start]:
    """Every place a column header may start, scored by how sure it is."""
    starts: list[_Start] = []
    for i, text in enumerate(pieces):
        for m in _CAPS_WORD.finditer(text):
            word = m.group(1)
            if _is_renewal(word) or len(word.strip("-")) < 2:
                continue
            before = text[:m.start()].rstrip()
            if before:
                if not before.endswith(")") and (len(word) < 4 or not _CAPS_WORD.fullmatch(before.split()[-1])):
                    continue
                score = 2.0 if before.endswith(")") else 1.0
            elif i == 0:
                score = 100.0
            elif blank_before[i]:
                score = 3.0
            elif _caps_only(pieces[i - 1]) and not (i + 1 < len(pieces) and not blank_before[i + 1]
                                                     and pieces[i + 1][:1].islower()):
                score = 0.5     # SITUATION / PSPH (R): an acronym completing the line above
            else:
                score = 2.0
            if len(word) < 4 and not blank_before[i] and i > 0:
                score -= 1.0
            starts.append(_Start(i, m.start(), score))
    return starts


def _caps_only(text: str) -> bool:
    """An UPPERCASE line still open (not closed by a `(NR)` / `(R)`)."""
    return bool(text.strip()) and not re.search(r"[a-zà-ÿ\d]", text) and not text.endswith(")")


def split_header(lines: list[str], n: int | None = None) -> list[str]:
    """Column labels from the header lines (blank lines kept as ''), for `n` columns when
    the data rows tell how many; otherwise every sure start opens a column."""
    pieces, blank = [], []
    saw_blank = False
    for text in lines:
        text = text.strip()
        if not text:
            saw_blank = True
            continue
        for k, part in enumerate(p for p in _GLUE.split(text) if p.strip()):
            pieces.append(part.strip())
            blank.append(saw_blank if k == 0 else True)
        saw_blank = False
    if not pieces:
        return []
    starts = header_starts(pieces, blank)
    if n is None:
        chosen = [s for s in starts if s.score >= 1.5]
    else:
        ranked = sorted(range(len(starts)), key=lambda k: (-starts[k].score, k))[:n]
        chosen = [starts[k] for k in sorted(ranked)]
    cuts = [(s.piece, s.offset) for s in chosen]
    labels: list[list[str]] = []
    for i, text in enumerate(pieces):
        bounds = [o for (p, o) in cuts if p == i]
        pos = 0
        for o in bounds:
            if text[pos:o].strip():
                (labels[-1] if labels else labels.append([]) or labels[-1]).append(text[pos:o].strip())
            labels.append([])
            pos = o
        if text[pos:].strip():
            if not labels:
                labels.append([])
            labels[-1].append(text[pos:].strip())
    return [" ".join(parts) for parts in labels]


def make_columns(labels: list[str], nature: str | None = None) -> list[Column]:
    columns = []
    for i, label in enumerate(labels):
        renewal = next((r for rx, r in _RENEWAL if rx.search(label)), None)
        is_total = i > 0 and bool(_TOTAL_WORDS.search(label))
        role = "count" if re.match(r"(?i)nombre\b", label) else ("total" if is_total else None)
        columns.append(Column(i, label, None, nature, renewal, is_total, role))
    return columns


# ---------------------------------------------------------------- rows and readings

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
    label_span: tuple[int, int] | None = None
    text_cells: dict[int, Tok] = field(default_factory=dict)   # label-like columns (CENTRES)
    parent: str | None = None              # region of an establishment row (when printed)
    is_total: bool | None = None           # None: decided from the label
    note: str | None = None                # how the layout was repaired


def is_total_label(label: str) -> bool:
    f = fold(label)
    return bool(re.match(r"(france metropolitaine|france entiere|dom|total)\b", f)) or f.startswith("total ")


def region_key(label: str) -> str:
    return fold(label.rstrip("* "))


def _row_kind(label: str) -> str:
    f = fold(label)
    if re.match(r"total", f):
        if "metropol" in f:
            return "metro"
        if re.search(r"\bdom\b", f):
            return "dom"
        return "grand"
    if f.startswith("france metropolitaine"):
        return "metro"
    if f == "dom":
        return "dom"
    if f.startswith("france entiere"):
        return "grand"
    return "leaf"


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
    """Total columns: which columns each one adds up, found by the numbers. Candidates are
    the contiguous run just before it, then any ≤3 earlier columns (first one added, the
    others added or subtracted); the one most rows reconcile with wins (≥ 80 % of rows)."""
    checks = []
    leaf = [r.index for r in rows]
    for col in columns:
        if not col.is_total:
            continue
        j = col.index
        best, best_ok = None, 0
        for cand in _part_candidates(j):
            ok = seen = 0
            for r in leaf:
                total = values.get((r, j))
                if total is None:
                    continue
                seen += 1
                parts = [(values.get((r, c)), s) for c, s in cand]
                printed = [v for v, _ in parts if v is not None]
                if not printed:
                    continue
                s = sum((v[0] * sign for v, sign in parts if v is not None), Decimal(0))
                d = max([v[1] for v in printed] + [total[1]])
                if abs(total[0] - s) <= len(printed) * Decimal("0.5") * Decimal(10) ** -d:
                    ok += 1
            if ok > best_ok:
                best, best_ok = cand, ok
        if best is not None and seen and best_ok >= 0.8 * seen and best_ok >= 2:
            for r in leaf:
                checks.append(TotalCheck("row", (r, j), [(r, c) for c, _ in best],
                                         [s for _, s in best] if any(s < 0 for _, s in best) else None))
    return checks


def _part_candidates(j: int):
    for i in range(j - 2, -1, -1):                 # contiguous runs ending just before j
        yield [(c, 1) for c in range(i, j)]
    for k in (2, 3):
        for combo in itertools.combinations(range(j), k):
            if list(combo) == list(range(combo[0], j)):
                continue
            for signs in itertools.product((1, -1), repeat=k - 1):
                yield [(combo[0], 1)] + list(zip(combo[1:], signs))


# ---------------------------------------------------------------- the whole table

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
    choice = [0] * len(raws)
    table.checks = column_checks(rows, len(columns))
    sure = {}
    for i, raw in enumerate(raws):
        if len(raw.readings) == 1:
            _put(sure, i, raw.readings[0])
    if any(len(r.readings) > 1 for r in raws):
        choice = _choose(raws, table.checks, choice)
    values = {}
    for i, raw in enumerate(raws):
        _put(values, i, raw.readings[choice[i]])
    table.checks += row_checks(columns, values, [r for r in rows if r.parent is None])
    if any(len(r.readings) > 1 for r in raws):
        choice = _choose(raws, table.checks, choice)
    _ambiguity(raws, rows, table.checks, choice)
    for i, raw in enumerate(raws):
        for c, tok in sorted(raw.text_cells.items()):
            table.cells.append(Cell(i, c, tok.text, None, Evidence.of(doc, tok.start, tok.end)))
        for c, tok in enumerate(raw.readings[choice[i]]):
            if tok is not None:
                table.cells.append(Cell(i, c, tok.text, tok.value, Evidence.of(doc, tok.start, tok.end)))
    table.cells.sort(key=lambda c: (c.row, c.column))
    if any(len(r.readings) > 1 for r in raws):
        alts = {i: raws[i].readings for i in range(len(raws)) if rows[i].ambiguous}
        for cell in table.cells:
            if cell.row in alts:
                seen = sorted({t.text for rd in alts[cell.row] if (t := rd[cell.column]) is not None}
                              | ({""} if any(rd[cell.column] is None for rd in alts[cell.row]) else set()))
                if len(seen) > 1:
                    cell.ambiguous = True
                    cell.alternatives = seen
    table.issues = _issues(table, raws)
    return table


def _put(values: dict, row: int, reading: list[Tok | None]) -> None:
    for c, tok in enumerate(reading):
        if tok is not None:
            values[(row, c)] = (tok.value, _decimals(tok.text))
        else:
            values.pop((row, c), None)


def _decimals(text: str) -> int:
    return len(text.rsplit(",", 1)[1]) if "," in text else 0


def _cost(checks: list[TotalCheck], values: dict) -> tuple[int, Decimal]:
    """(failing checks, sum of |diff| over them) under `values`."""
    fails, spread = 0, Decimal(0)
    for ch in checks:
        total = values.get(ch.total)
        if total is None:
            continue
        signs = ch.signs or [1] * len(ch.parts)
        s, n, d = Decimal(0), 0, total[1]
        for key, sign in zip(ch.parts, signs):
            v = values.get(key)
            if v is not None:
                s += sign * v[0]
                n += 1
                d = max(d, v[1])
        diff = abs(total[0] - s)
        if diff > max(n, 1) * Decimal("0.5") * Decimal(10) ** -d:
            fails += 1
            spread += diff
    return fails, spread


def _touching(checks: list[TotalCheck], row: int) -> list[TotalCheck]:
    return [ch for ch in checks if ch.total[0] == row or any(p[0] == row for p in ch.parts)]


def _choose(raws: list[RawRow], checks: list[TotalCheck], choice: list[int]) -> list[int]:
    """Coordinate descent: each row with several readings takes the one that makes the
    fewest checks fail (then the smallest total gap), the others held; until stable."""
    choice = list(choice)
    values: dict = {}
    for i, raw in enumerate(raws):
        _put(values, i, raw.readings[choice[i]])
    multi = [i for i, r in enumerate(raws) if len(r.readings) > 1]
    touching = {i: _touching(checks, i) for i in multi}
    for _ in range(6):
        changed = False
        for i in multi:
            best, best_cost = choice[i], None
            for k, reading in enumerate(raws[i].readings):
                _put(values, i, reading)
                cost = _order(_cost(touching[i], values), _rank(raws[i], k))
                if best_cost is None or cost < best_cost:
                    best, best_cost = k, cost
            if best != choice[i]:
                choice[i], changed = best, True
            _put(values, i, raws[i].readings[choice[i]])
        if not changed:
            break
    return choice


def _ambiguity(raws, rows, checks, choice) -> None:
    """A row whose chosen reading ties with others (same failing checks, same gap) is
    ambiguous: its candidates are the tied readings."""
    values: dict = {}
    for i, raw in enumerate(raws):
        _put(values, i, raw.readings[choice[i]])
    for i, raw in enumerate(raws):
        if len(raw.readings) < 2:
            continue
        touching = _touching(checks, i)
        costs = []
        for k, reading in enumerate(raw.readings):
            _put(values, i, reading)
            costs.append(_order(_cost(touching, values), _rank(raw, k)))
        _put(values, i, raw.readings[choice[i]])
        tied = [k for k, c in enumerate(costs) if c == costs[choice[i]]]
        if len(tied) > 1:
            rows[i].ambiguous = True
            rows[i].candidates = [" | ".join(t.text if t else "" for t in raw.readings[k]) for k in tied]
            raws[i].readings = [raw.readings[choice[i]]] + [raw.readings[k] for k in tied if k != choice[i]]
            raws[i].ranks = None
            choice[i] = 0


def _order(cost: tuple[int, Decimal], rank: int) -> tuple:
    """Failing checks first, then the layout preference, then the size of the gaps."""
    return cost[0], rank, cost[1]


def _rank(raw: RawRow, k: int) -> int:
    return raw.ranks[k] if raw.ranks else 0


def _issues(table: Table, raws: list[RawRow]) -> list[str]:
    """Source inconsistencies with their numbers: totals that do not add up, and rows
    that print the same values as another row."""
    issues = []
    for raw in raws:
        if raw.note:
            issues.append(raw.note)
    for r in check_table(table):
        if r.ok:
            continue
        row, col = table.rows[r.check.total[0]], table.columns[r.check.total[1]]
        issues.append(f"line {r.total.evidence.line}: {row.label} × {col.label}: printed {r.total.text}, "
                      f"its parts add up to {r.computed} (diff {r.diff})")
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
            big = {t for t in common if abs(_value(t)) >= 10}
            if len(big) >= 4 and sum(common.values()) >= 0.8 * max(len(cells), len(ocells)):
                issues.append(f"line {line}: {row.label} prints the values of line {oline} "
                              f"({other.label}): {sum(common.values())} of its {len(cells)} values "
                              f"are the same ({' '.join(c.text for c in cells)})")
    return issues


def _value(text: str) -> Decimal:
    return parse_number(text)
