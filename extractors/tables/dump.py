"""Tables dumped one cell per paragraph (or per line): the column headers, then each row
label followed by the values it prints — 1 to n of the n columns, with nothing to say
which. Each row's possible placements (its values, in order, in n columns) are readings,
none preferred, that the totals choose among (`solver.build_table`); what they leave open is
flagged.

Two kinds of rows are placed by arithmetic of their own (`grid.settle`): a `dont` row
prints no more than its parent in the same column; a balance row after the totals
(`Résultat`) prints the difference of two columns of the total row."""
from __future__ import annotations

import math
import re

from extractors.tables import grid as G
from extractors.tables import header as H
from extractors.tables.rows import YEAR
from extractors.textnorm import is_part_label

_MAX_CELL = 100          # a paragraph longer than this is prose, not a cell
# a row printing k of n values has C(n, k) placements; beyond this many the totals cannot
# choose among them in reasonable time (nor, mostly, at all): its values are left out, said so
_MAX_PLACEMENTS = 120
_STOP = re.compile(r"(?i)^(source|note|lecture|champ)\s*:")


def find_tables(doc) -> list:
    tables = []
    for run in _runs(doc):
        table = _read(doc, run)
        if table is not None:
            tables.append(table)
    return tables


def _paragraphs(doc):
    """(line, text) of the cells, in order: lines that stand alone between blank lines,
    or the lines of a block printed one cell per line (short lines, three of them or
    more a number alone); None where something else (prose) interrupts them."""
    lines = doc.lines
    out = []
    block: list = []

    def flush():
        cells = len(block) > 1 and all(len(t) <= _MAX_CELL for _, t in block) \
            and _counts(block, 3)[0] >= 3
        for line, text in block:
            alone = len(block) == 1 and _cell_sized(text)
            out.append((line, text) if (alone or cells) and not _STOP.match(text) else None)
        block.clear()
    for line in lines:
        text = line.text.strip()
        if text:
            block.append((line, text))
        else:
            flush()
    flush()
    return out


def _cell_sized(text: str) -> bool:
    """Short enough for a cell: a long row label (`Contribution de l'assurance maladie aux
    dépenses en établissements…`) may pass _MAX_CELL, but not twice over, and does not end
    a sentence."""
    return len(text) <= _MAX_CELL or (len(text) <= 2 * _MAX_CELL and not text.endswith((".", ";", ":", "!", "?")))


_PLACEHOLDER = re.compile(r"(?i)^(?:[-–—]|n\.?\s?[sdc]\.?|s\.?o\.?)$")


def _is_number(text: str) -> bool:
    return G.GCell(text, 0, 0).number is not None


def _counts(items, enough: int) -> list[int]:
    """[numbers, other texts] among the (line, text) items, counted until both reach
    `enough` (a long run of numbers is read once, not once per question)."""
    counts = [0, 0]
    for _, text in items:
        counts[not _is_number(text)] += 1
        if min(counts) >= enough:
            break
    return counts


def _is_empty(text: str) -> bool:
    """`-`, `–`, `ns`, `n.d.`: a cell printed empty, which still takes its column."""
    return bool(_PLACEHOLDER.match(text.strip()))


def _runs(doc):
    run = []
    for item in _paragraphs(doc) + [None]:
        if item is not None:
            run.append(item)
            continue
        if min(_counts(run, 3)) >= 3:
            yield run
        run = []


def _cell(line, text: str) -> G.GCell:
    start = line.start + line.text.index(text)
    return G.GCell(text, start, start + len(text))


def _read(doc, run):
    found = _header(run)
    if found is None:
        return None
    label_at, head = found
    n = len(head)
    rows: list[tuple] = []            # (label line, label text, [(line, text)])
    for line, text in run[label_at:]:
        if _is_number(text) or _is_empty(text):
            if not rows or len(rows[-1][2]) >= n:
                break
            rows[-1][2].append((line, None if _is_empty(text) else text))
        else:
            rows.append((line, text, []))
    rows = [r for r in rows if any(t is not None for _, t in r[2])]
    heads_like = [_label_like(text) or bool(YEAR.match(text.split()[0])) for _, text in head]
    if len(rows) < 2 or not all(_label_like(text) for _, text, _ in rows) \
            or 2 * sum(heads_like) < len(heads_like):
        return None           # prose cut into short lines: most of them open in lower case
    header = [[None] + [_cell(line, text) for line, text in head]]
    data, lines, readings, parents, notes = [], [], [], [], []
    parent = None
    for line, text, values in rows:
        label = _cell(line, text)
        cells = [_cell(vl, G.strip_footnote(vt)) if vt is not None else None for vl, vt in values]
        if math.comb(n, len(cells)) > _MAX_PLACEMENTS:
            notes.append(f"line {line.number}: {text!r} prints {len(cells)} values for {n} columns, "
                         f"{math.comb(n, len(cells))} ways to place them: left out")
            continue
        options = G.placements(cells, n)
        readings.append(options)
        data.append([label] + options[0])
        lines.append(next(vl for vl, vt in values if vt is not None).number)
        is_part = is_part_label(G.strip_footnote(text))
        parents.append(parent if is_part else None)
        if not is_part:
            parent = G.strip_footnote(text)
    if not data:
        return None
    grid = G.Grid(header, data, lines, head[0][0].number, rows[-1][2][-1][0].number,
                  readings=readings, parents=parents, notes=notes)
    grid.title, grid.unit, _ = H.context_above(doc, head[0][0].number)
    table = G.build(doc, grid)
    if table is None:
        return None
    if G.settle(table, grid):
        table = G.build(doc, grid)
    return table


def _header(run):
    """(index of the first row label, header paragraphs): the first value that follows a
    label with at least one header before it; years may head columns."""
    for f, (_, text) in enumerate(run):
        if not (_is_number(text) or _is_empty(text)) or f < 2:
            continue
        if YEAR.match(text) and f + 1 < len(run) and not (_is_number(run[f + 1][1]) or _is_empty(run[f + 1][1])):
            continue           # a year between labels heads a column (`1999 Consommation`, `2000`, `Total`)
        label_at = f - 1
        if _is_number(run[label_at][1]) or _is_empty(run[label_at][1]) or H.unit_of([run[label_at][1]]):
            continue
        head = []
        for i in range(label_at - 1, -1, -1):
            _, t = run[i]
            if _is_number(t) and not YEAR.match(t):
                break
            if H.unit_caption(t) or t.endswith((".", ":")):
                break
            head.insert(0, run[i])
        if head:
            return label_at, head
    return None


def _label_like(text: str) -> bool:
    """A header or row label opens with a capital, a digit-free `Section I`, or `dont`
    (prose cut into short lines opens with lower-case words)."""
    return text[:1].isupper() or is_part_label(text)
