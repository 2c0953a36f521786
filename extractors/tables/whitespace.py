"""Whitespace tables where one plain space separates both the columns and the thousands
(`Alsace 11 143 602`, `Centre 1 200 350 2 100`): a row is a label, then digit groups.
A number is a head group (1–3 digits, or any digits alone) followed by groups of exactly
3 digits, a decimal comma only on its last group; every way to cut a row's groups into
the table's n numbers is a reading. n is the number of columns the header names when
every row can be read so; otherwise the totals choose it. The totals choose each row's
reading (`solver.build_table`); ties are flagged ambiguous. When rows print different counts
of numbers (empty cells print nothing), n is the count the header names and each cut is
placed every way in the n columns; the table is kept only when its totals confirm every
column, else `spaced` reads it.

Where the thousands are set apart by a no-break space, the plain spaces are the columns
and `spaced` reads the table. A row on the last line of a text that stops without a line
end may be cut in the middle of a number: it is left out, and said so."""
from __future__ import annotations

import re

from extractors.numbers import SPACES
from extractors.tables import grid as G
from extractors.tables import header as H
from extractors.tables import pdfgrid
from extractors.tables.header import ROW_HEADER, split_header
from extractors.tables.reconcile import check_table
from extractors.textnorm import is_part_label, is_total_label

_GROUP = re.compile(r"-?\d+(?:,\d+)?|[-–—]")
_DASH = re.compile(r"[-–—]")            # an empty cell (`-`), or the sign of the number after it (`- 13 565`)
_MIN_ROWS = 3
_MAX_READINGS = 200
_MAX_COLUMNS = 16
_HARD_SPACES = set(SPACES) - {" "}
_HARD = "".join(sorted(_HARD_SPACES))
# an empty cell marked by a lone no-break space (the `spaced` layout): not this one
_MARKER = re.compile(f"(?:^|[ ])[{_HARD}]+(?=[ ]|$)")


def find_tables(doc) -> list:
    tables = []
    lines = doc.lines
    furniture = pdfgrid.furniture(doc) if doc.format == "pdf" else set()   # `Page 1 / 6`: never a row

    read: dict[int, tuple | None] = {}       # each line split once, for the scan and _read

    def row(k: int):
        if k not in read:
            read[k] = None if lines[k].number in furniture else _row(lines[k])
        return read[k]
    i = 0
    while i < len(lines):
        read = {k: v for k, v in read.items() if k >= i}
        j = i
        count = 0
        while j < len(lines) and row(j) is not None:
            j += 1
            count += 1
            if j + 1 < len(lines) and not lines[j].text.strip() and row(j + 1) is not None:
                j += 1             # rows set apart by blank lines
        if count >= _MIN_ROWS:
            table = _read(doc, i, j, row)
            if table is not None:
                tables.append(table)
            i = j
        else:
            i = max(j, i + 1)
    return tables


def _row(line):
    """(label cell, [group cells]) of a line `label d d d`, or None."""
    text = line.text
    if "\t" in text or _MARKER.search(text):
        return None
    tokens = [(m.group(0), line.start + m.start()) for m in re.finditer(r"\S+", text)]
    k = len(tokens)
    while k > 0 and _GROUP.fullmatch(tokens[k - 1][0]):
        k -= 1
    if k == 0 or k == len(tokens):
        return None
    label = tokens[:k]
    if re.search(r"\d", label[-1][0]) or not re.search(r"[^\W\d_]", label[0][0]):
        return None
    start, end = label[0][1], label[-1][1] + len(label[-1][0])
    groups = [G.GCell(t, s, s + len(t)) for t, s in tokens[k:]]
    for a, b in zip(groups, groups[1:]):
        b.hard = not _HARD_SPACES.isdisjoint(line.text[a.end - line.start:b.start - line.start])
    return G.GCell(doc_text_slice(line, start, end), start, end), groups


def doc_text_slice(line, start: int, end: int) -> str:
    return line.text[start - line.start:end - line.start]


def _numbers(groups: list[G.GCell], n: int, hard_joins: bool = False, source: str | None = None) -> list[list[G.GCell]]:
    """Every cut of the groups into n cells (merged numbers keep their offsets; a dash is an
    empty cell, or a sign when a number follows it). With
    `hard_joins` (the table sets columns apart by plain spaces and thousands by no-break
    ones), a no-break space never separates two numbers."""
    out: list[list[G.GCell]] = []

    def go(i: int, acc: list[G.GCell]):
        if len(out) >= _MAX_READINGS:
            return
        if i == len(groups):
            if len(acc) == n:
                out.append(list(acc))
            return
        if len(acc) == n:
            return
        if hard_joins and i > 0 and groups[i].hard:
            return
        first = i
        if _DASH.fullmatch(groups[i].text):
            go(i + 1, acc + [None])
            if groups[i].text != "-" or i + 1 == len(groups) or not groups[i + 1].text[:1].isdigit():
                return
            i += 1
        head = groups[i].text.lstrip("-")
        if len(head) > 1 and head[0] == "0" and head[1] != ",":
            return
        for j in range(i, len(groups)):
            if j > i:
                g = groups[j].text
                if not re.fullmatch(r"\d{3}(?:,\d+)?", g) or "," in groups[j - 1].text:
                    break
                if len(head.split(",")[0]) > 3:
                    break
            a, b = groups[first].start, groups[j].end
            text = source[a:b] if source is not None else " ".join(g.text for g in groups[first:j + 1])
            cell = G.GCell(text, a, b)
            go(j + 1, acc + [cell])
    go(0, [])
    return out


def _read(doc, i: int, j: int, row):
    """The table of lines i..j-1, whose `row(k)` (label, groups) the scan has read."""
    lines = doc.lines
    rows = [(lines[k], *row(k)) for k in range(i, j) if lines[k].text.strip()]
    notes = []
    last = rows[-1][0]
    if last.number == len(lines) and not doc.text.endswith("\n"):
        notes.append(f"line {last.number}: {last.text.strip()!r} ends the text without a line end: "
                     "it may be cut inside a number, left out")
        rows = rows[:-1]
    if len(rows) < _MIN_ROWS - 1:
        return None
    h = i - 1
    while h >= 0 and not lines[h].text.strip():
        h -= 1
    if h < 0:
        return None
    head_text = lines[h].text.strip()
    if _GROUP.fullmatch(head_text.split()[-1]) or _MARKER.search(head_text):
        return None               # rows above: a part of a table delimited some other way
    words = head_text.split(None, 1)
    rest = words[1] if len(words) > 1 and ROW_HEADER.fullmatch(words[0]) else head_text
    labels = split_header([rest]) or [rest]
    n_head = len(labels)
    seps = [c.hard for _, _, g in rows for c in g[1:]]
    hard = any(seps) and not all(seps)
    feasible = [n for n in range(1, _MAX_COLUMNS + 1) if all(_numbers(g, n, hard) for _, _, g in rows)]
    empties = not feasible
    if empties:
        # rows print different counts of numbers: some cells are empty, and only the
        # header can say how many columns there are
        n = len(labels) if len(labels) > 1 else len(_bare(rest).split())
        if not 2 <= n <= _MAX_COLUMNS or not all(any(_numbers(g, k, hard) for k in range(1, n + 1))
                                                 for _, _, g in rows):
            return None
        choices = [n]
    elif n_head in feasible:
        choices = [n_head]
    else:
        choices = feasible
    best = None
    for n in choices:
        table = _build(doc, rows, n, _names(rest, labels, n), lines[h], notes, hard, empties)
        if table is None:
            continue
        results = check_table(table)
        if empties and not _confirmed(table, results):
            continue              # cells placed by guess: kept only when the totals confirm them
        score = (sum(r.ok for r in results) - sum(not r.ok for r in results), -abs(n - n_head))
        if best is None or score > best[0]:
            best = (score, table)
    return best[1] if best else None


def _confirmed(table, results) -> bool:
    """Every total reconciles, and every column holding cells is in a check (a column
    whose total was read as empty checks nothing, and confirms nothing)."""
    checked = {j for r in results for _, j in [r.check.total, *r.check.parts]}
    return bool(results) and all(r.ok for r in results) and {c.column for c in table.cells} <= checked


def _names(rest: str, labels: list[str], n: int) -> list[str]:
    """n column labels: the header's sure ones, or its n likeliest starts, or its words."""
    if len(labels) == n:
        return labels
    for names in (split_header([rest], n), re.split(r"\s{2,}", rest), _by_years(rest), rest.split(),
                  _bare(rest).split()):
        if len(names) == n:
            return names
    return labels[:n] + [f"(column {k + 1}: no header found)" for k in range(len(labels), n)]


def _by_years(rest: str) -> list[str]:
    """A header whose every column opens with a year (`1998 LFI 1998 Consommation 2000`),
    cut before each year."""
    starts = [m.start() for m in re.finditer(r"(?<!\S)(?:19|20)\d{2}(?!\S)", rest)]
    if not starts or starts[0] != 0:
        return []
    return [rest[a:b].strip() for a, b in zip(starts, starts[1:] + [len(rest)])]


def _bare(rest: str) -> str:
    """A header without the unit caption it ends with (`Charges Produits (en millions d'euros)`)."""
    return re.sub(r"\s*\([^()]*\)\s*$", "", rest) if H.unit_of([rest]) else rest


def _options(groups, n: int, hard: bool, source: str, empties: bool, total: bool = False):
    """A row's readings and their ranks: its cuts into n numbers or, with `empties`, into
    k ≤ n numbers placed every way in the n columns. The likeliest cuts first: numbers of
    like size (`19 227 19 034 193` is 19 227 | 19 034 | 193 sooner than 19 | 227 |
    19 034 193), then the most numbers (for a total row, which adds up every column, the
    most numbers come first). The placements of one cut tie: only the totals tell them
    apart, and a row they leave open is flagged ambiguous."""
    if not empties:
        return _numbers(groups, n, hard, source), None
    options, ranks = [], []
    for k in range(1, n + 1):
        for cut in _numbers(groups, k, hard, source):
            digits = [len(re.sub(r"\D", "", c.text.split(",")[0])) for c in cut if c is not None] or [0]
            spread = max(digits) - min(digits)
            rank = (n - k) * 100 + spread if total else spread * (n + 1) + n - k
            for placed in G.placements(cut, n):
                options.append(placed)
                ranks.append(rank)
    order = sorted(range(len(options)), key=ranks.__getitem__)
    return [options[o] for o in order], [ranks[o] for o in order]


def _build(doc, rows, n: int, labels: list[str], head_line, notes, hard: bool, empties: bool = False):
    first = head_line.start + len(head_line.text) - len(head_line.text.lstrip())
    names = labels
    header = [[None] + [G.GCell(name, first, first + len(name)) for name in names]]
    data, lines, readings, ranks, parents = [], [], [], [], []
    notes = list(notes)
    parent = None
    for line, label, groups in rows:
        part = is_part_label(label.text)          # `dont …`: a part of the row above, not summed
        parents.append(parent if part else None)
        if not part:
            parent = label.text
        options, order = _options(groups, n, hard, doc.text, empties, is_total_label(label.text))
        if len(options) > _MAX_READINGS:
            notes.append(f"line {line.number}: {line.text.strip()!r} can be read {len(options)} ways "
                         f"in {n} columns: left out")
            parents.pop()
            continue
        readings.append(options)
        ranks.append(order)
        data.append([label] + options[0])
        lines.append(line.number)
    if not data:
        return None
    grid = G.Grid(header, data, lines, head_line.number, rows[-1][0].number,
                  readings=readings, ranks=ranks if empties else None, parents=parents, notes=notes)
    grid.title, grid.unit, _ = H.context_above(doc, head_line.number)
    grid.unit = H.unit_of([head_line.text]) or grid.unit
    table = G.build(doc, grid)
    if empties and table is not None and G.settle(table, grid):
        table = G.build(doc, grid)
    return table
