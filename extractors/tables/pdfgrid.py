"""Tables of a PDF laid out in columns, read from word boxes.

The PDF reader gives each line its words with x positions. Words are first joined into
cells — a French number keeps its thousands spaces (`1 234,5` is one cell though two
words), a label keeps its words — then the number cells of consecutive lines are
clustered by horizontal overlap into column bands (numbers share a right or left edge),
the header lines above are cut along the same bands, and the resulting grid goes
through the same builder as tab-separated tables (`tabbed.tables_from_blocks`):
continuation pages, row assignment and totals work the same way."""
from __future__ import annotations

import re
from dataclasses import dataclass

from extractors import codes
from extractors.numbers import NumberError, parse_number
from extractors.tables.tabbed import Block, GridCell, GridRow, tables_from_blocks

_GROUP_HEAD = re.compile(r"^[-\u2212\u2013]?\d{1,3}$")        # first group of a spaced number
_GROUP = re.compile(r"^\d{3}(,\d+)?$")                          # a following group of three digits
_SIGN = {"-", "\u2212", "\u2013"}
# header lines that qualify a column rather than continue its label: renewal, MIG code,
# OD, or an envelope / nature such as `AC MCO`, `MIG SMR`, `DAF MCO`. Spending objectives
# (ODAM, OQN) and the SMR specialised-equipment allocation (PTS) head columns the same
# way but are not envelopes of the code lists.
_ENVELOPE = rf"({codes.pattern(codes.acronyms('envelope') | codes.acronyms('activity'))}|PTS|ODAM|OQN)"
_ATTRIBUTE = re.compile(rf"^({codes.pattern(codes.acronyms('renewal'))}|[A-Z]\d{{2}}|(hors\s+)?OD|"
                        rf"{_ENVELOPE}(\s+{_ENVELOPE})*)$", re.I)


@dataclass
class _Token:
    start: int
    end: int
    x0: float
    x1: float
    height: float
    text: str

    @property
    def numeric(self) -> bool:
        try:
            parse_number(self.text)
            return True
        except NumberError:
            return False


def _tokens(doc, line) -> list[_Token]:
    """Words joined into cells: the gap a space leaves (about a third of the font size)
    joins words; a number only absorbs the three-digit groups that continue it."""
    out: list[_Token] = []
    for w in line.words:
        h = w.bottom - w.top
        if out:
            prev = out[-1]
            close = w.x0 - prev.x1 <= 0.6 * max(h, prev.height)
            prev_num, word_num = prev.numeric, _is_number(w.text)
            joins = close and (
                (prev_num and "," not in prev.text and _GROUP_HEAD.match(_last_group(prev.text))
                 and _GROUP.match(w.text))
                or (prev.text in _SIGN and word_num)
                or (not prev_num and prev.text not in _SIGN and not word_num))
            if joins:
                prev.end, prev.x1 = w.end, w.x1
                prev.text = doc.text[prev.start:prev.end]
                continue
        out.append(_Token(w.start, w.end, w.x0, w.x1, h, w.text))
    return out


def _last_group(text: str) -> str:
    return text.split(" ")[-1] if " " in text else text


def _is_number(text: str) -> bool:
    try:
        parse_number(text)
        return True
    except NumberError:
        return False


def _bands(rows: list[list[_Token]]) -> list[tuple[float, float]]:
    """Column bands: the x-intervals of the number cells, merged where they overlap."""
    spans = sorted((t.x0, t.x1) for toks in rows for t in toks if t.numeric)
    bands: list[list[float]] = []
    for x0, x1 in spans:
        if bands and x0 <= bands[-1][1]:
            bands[-1][1] = max(bands[-1][1], x1)
        else:
            bands.append([x0, x1])
    return [(a, b) for a, b in bands]


def _band_of(tok: _Token, bands) -> list[int]:
    return [i for i, (a, b) in enumerate(bands) if tok.x0 < b and a < tok.x1]


def _data_line(toks: list[_Token]) -> bool:
    return bool(toks) and any(t.numeric for t in toks) and all(t.numeric for t in toks[1:])


def _runs(doc, page):
    """Maximal runs of data lines on a page (a label-only line between two data lines,
    an empty row, stays in the run)."""
    lines = [(line, _tokens(doc, line)) for line in page.lines]
    runs, run = [], []
    for i, (line, toks) in enumerate(lines):
        label_only = (len(toks) == 1 and not toks[0].numeric and run
                      and i + 1 < len(lines) and _data_line(lines[i + 1][1]))
        if _data_line(toks) or label_only:
            run.append((line, toks))
        else:
            if run:
                runs.append((run, lines[:i - len(run)]))
            run = []
    if run:
        runs.append((run, lines[:len(lines) - len(run)]))
    return runs


def _cell(doc, toks: list[_Token]) -> GridCell:
    if not toks:
        return GridCell("", 0, 0, False)
    start, end = toks[0].start, toks[-1].end
    return GridCell(doc.text[start:end], start, end, False)


def _block(doc, run, above) -> Block | None:
    if sum(1 for _, toks in run if any(t.numeric for t in toks)) < 2:
        return None
    bands = _bands([toks for _, toks in run])
    labelled = sum(1 for _, toks in run if toks and not toks[0].numeric) * 2 > len(run)
    left = min(a for a, _ in bands)
    data = []
    for line, toks in run:
        cells = [[] for _ in bands]
        label = [t for t in toks if not t.numeric and t.x1 <= left]
        for t in toks:
            if t in label:
                continue
            hit = _band_of(t, bands)
            if hit:
                cells[hit[0]].append(t)
        row = [_cell(doc, c) for c in cells]
        data.append(GridRow(line.number, ([_cell(doc, label)] if labelled else []) + row))
    header = _header(doc, above, bands, labelled, left, run[0][0])
    return Block(header, data, 1 if labelled else 0)


def _header(doc, above, bands, labelled: bool, left: float, first) -> list[GridRow]:
    """Header lines just above the data: every word falls within one column band (or
    the label column); a line crossing bands is prose and ends the header. Label lines
    (before the MIG code / renewal lines) are joined into one label per column."""
    picked = []
    prev_top = min(w.top for w in first.words)
    for line, toks in reversed(above[-6:]):
        if not toks or not line.words:
            break
        top = min(w.top for w in line.words)
        height = max(w.bottom - w.top for w in line.words)
        if prev_top - top > 3 * height:
            break
        cols = []
        for t in toks:
            hit = _band_of(t, bands)
            # prose: a word group across 3 bands, or from the label column into the values
            if len(hit) > 2 or (hit and t.x0 < left) or (not hit and t.x0 > left):
                cols = None
                break
            best = max(hit, key=lambda i: min(t.x1, bands[i][1]) - max(t.x0, bands[i][0])) if hit else -1
            cols.append((best, t))
        if cols is None or not any(c >= 0 for c, _ in cols):
            break
        picked.insert(0, (line, cols))
        prev_top = top
    if not picked:
        return []
    rows = []
    for line, cols in picked:
        cells = [[t for c, t in cols if c == i] for i in range(-1, len(bands))]
        rows.append((line.number, cells))
    attribute = [all(_ATTRIBUTE.match(" ".join(t.text for t in c)) for c in cells[1:] if c) for _, cells in rows]
    n_label = next((i for i, a in enumerate(attribute) if a), len(rows))
    n_label = max(n_label, 1)
    out = []
    label_rows = rows[:n_label]
    joined = []
    for i in range(len(bands) + 1):
        toks = [t for _, cells in label_rows for t in cells[i]]
        text = " ".join(t.text for t in toks)
        joined.append(GridCell(text, toks[0].start if toks else 0, toks[-1].end if toks else 0, False))
    out.append(GridRow(label_rows[0][0], joined if labelled else joined[1:]))
    for number, cells in rows[n_label:]:
        row = [_cell(doc, c) for c in cells]
        out.append(GridRow(number, row if labelled else row[1:]))
    return out


def find_tables(doc) -> list:
    if doc.format != "pdf":
        return []
    blocks = []
    for page in doc.pages:
        for run, above in _runs(doc, page):
            block = _block(doc, run, above)
            if block is not None:
                blocks.append(block)
    return tables_from_blocks(doc, blocks)
