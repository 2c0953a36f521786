"""Markdown pipe tables. Well-formed ones (`| a | b |` rows over a `|---|` delimiter,
outer pipes or not) are found by markdown-it-py's table rule; broken ones, as web pages
copied to text leave them, by a tolerant reader:

- one cell per line ending in ` |`, a lone `|` opening a row, `||||` standing for the
  `|---|---|` delimiter row;
- a whole table on one line, rows separated by `| |`.
- `| a | b |` rows without the delimiter row (one row per line; these and the
  well-formed ones go to `tabbed`'s row model).

The first two become one stream of events (row opened, delimiter, cell); a row also ends where a
label follows numbers. Header rows printed with fewer cells than the data rows are
placed over the value columns: a leaf row that repeats a period (`LFI | Reports |
Consommation | LFI | …`) puts one group header over each period, the groups left over
take one column each."""
from __future__ import annotations

import re

from extractors.tables import grid as G
from extractors.tables import header as H
from extractors.tables import tabbed

_CELL_LINE = re.compile(r"^\s*(?P<text>[^|]*?\S)\s+\|\s*$")
_BAR_LINE = re.compile(r"^\s*(?P<bars>\|+)\s*$")
_DELIM = re.compile(r"^\s*:?-{2,}:?\s*$")
_MIN_EVENTS = 6


def find_tables(doc) -> list:
    tables = []
    for events, first, last in _runs(doc):
        table = _table(doc, events, first, last)
        if table is not None:
            tables.append(table)
    tables += _markdown(doc)
    return sorted(tables, key=lambda t: t.first_line)


# ---------------------------------------------------------------- well-formed

_PIPE_LINE = re.compile(r"^[ \t]*\|.*\|.*\|[ \t]*$", re.M)
_DELIM_ROW = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*\|", re.M)


def _markdown(doc) -> list:
    """GFM tables (`| Région | Base |` or `Région | Base` over `---|---`), found by
    markdown-it-py's table rule; each cell's text is found back in its source line, and
    the rows go to `tabbed`'s row model (header rows with codes and natures, pages
    continued without row labels) — except a table whose rows each print their key and
    then text under a header (a code and its label, a region and its centre): that is a
    column of text cells, which `grid`'s model reads as the HTML tables' are."""
    if not _DELIM_ROW.search(doc.text) and not _PIPE_LINE.search(doc.text):
        return []
    from markdown_it import MarkdownIt
    blocks, row, parsed, texts = [], None, set(), []
    for tok in MarkdownIt("commonmark").enable("table").parse(doc.text):
        if tok.type == "table_open":
            rows, heads = [], 0
            parsed.update(range(tok.map[0] + 1, tok.map[1] + 1))
        elif tok.type == "tr_open":
            line = doc.line(tok.map[0] + 1)
            row, pos = tabbed.GridRow(line.number, []), line.start
        elif tok.type == "inline" and row is not None:
            cell = tabbed.grid_cell(tok.content, 0)
            a, b = _locate(doc, cell.text, pos, line.end)
            pos = max(pos, b)
            row.cells.append(tabbed.GridCell(cell.text, a, b, cell.bold))
        elif tok.type == "tr_close":
            rows.append(row)
            row = None
        elif tok.type == "thead_close":
            heads = len(rows)
        elif tok.type == "table_close":
            # the row above the delimiter is a header, even when it prints a year (`2000`)
            block = tabbed.block_of(rows[heads:])
            if block is not None:
                block.header = rows[:heads] + block.header
                if G.text_columns(block):
                    texts.append(block)
                else:
                    blocks.append(block)
    blocks += _undelimited(doc, parsed)
    tables = tabbed.tables_from_blocks(doc, sorted(blocks, key=lambda b: b.first_line))
    return tables + [t for t in (G.cell_table(doc, b) for b in texts) if t is not None]


def _undelimited(doc, parsed: set[int]) -> list:
    """Runs of `| a | b |` lines without the delimiter row markdown needs (so not parsed
    as a table): one row per line, cells between unescaped pipes."""
    runs, run = [], []
    for line in doc.lines:
        text = line.text.strip()
        if line.number not in parsed and text.startswith("|") and text.endswith("|") and text.count("|") >= 3:
            run.append(line)
            continue
        if len(run) >= 2:
            runs.append(run)
        run = []
    if len(run) >= 2:
        runs.append(run)
    blocks = []
    for run in runs:
        rows = []
        for line in run:
            a = line.text.index("|") + 1
            parts = re.split(r"(?<!\\)\|", line.text[a:line.text.rindex("|")])
            rows.append(tabbed.GridRow(line.number, tabbed.cells_of(parts, line.start + a)))
        blocks.append(tabbed.block_of(rows))
    return [b for b in blocks if b is not None]


def _locate(doc, text: str, start: int, end: int) -> tuple[int, int]:
    """The offsets of a cell's text (its `\\|` escapes undone by the parser) in a line."""
    if not text:
        return start, start
    pattern = r"\s+".join(re.escape(w).replace(r"\|", r"\\?\|") for w in text.split())
    m = re.compile(pattern).search(doc.text, start, end)
    return (m.start(), m.end()) if m else (start, start)


def _runs(doc):
    """Event streams: runs of one-cell lines, and lines holding a whole table."""
    run, first = [], None
    held = None                    # a cell's first line(s), its ` |` coming below
    lines = doc.lines
    for k, line in enumerate(lines):
        m = _CELL_LINE.match(line.text)
        b = _BAR_LINE.match(line.text)
        if m or b:
            if first is None:
                first = line.number
            if b:
                run.append(("open" if len(b.group("bars")) == 1 else "delim", None))
            else:
                start = line.start + m.start("text")
                cell = G.GCell(m.group("text"), start, start + len(m.group("text")))
                if held is not None:
                    cell = G.GCell(held.text + " " + cell.text, held.start, cell.end)
                    held = None
                run.append(("cell", cell))
            last = line.number
            continue
        if run and _wrapped(line, lines[k + 1] if k + 1 < len(lines) else None):
            text = line.text.strip()
            start = line.start + line.text.index(text)
            held = G.GCell(text, start, start + len(text)) if held is None else \
                G.GCell(held.text + " " + text, held.start, start + len(text))
            continue
        held = None
        if run:
            yield from _keep(run, first, last)
            run, first = [], None
        if line.text.count("|") >= 6 and re.search(r"\|\s*\|", line.text) and not _in_pipe_block(doc, line):
            yield from _keep(_one_line(line), line.number, line.number)
    if run:
        yield from _keep(run, first, last)


def _wrapped(line, following) -> bool:
    """A line break inside a cell (`Reports et` then `modifications |`): a short line
    of words inside a run, the cell's end below."""
    text = line.text.strip()
    return bool(text) and len(text) <= 60 and "|" not in text and G.GCell(text, 0, 0).number is None \
        and following is not None and bool(_CELL_LINE.match(following.text) or _wrapped_more(following))


def _wrapped_more(line) -> bool:
    text = line.text.strip()
    return bool(text) and len(text) <= 60 and "|" not in text and not text[:1].isdigit()


def _in_pipe_block(doc, line) -> bool:
    """A row of a well-formed pipe table (its neighbours are pipe rows too)."""
    around = [doc.line(n).text.strip() for n in (line.number - 1, line.number + 1) if 1 <= n <= len(doc.lines)]
    return any(t.startswith("|") and t.endswith("|") and t.count("|") >= 3 for t in around)


def _keep(events, first, last):
    if len(events) >= _MIN_EVENTS and sum(1 for k, _ in events if k == "cell") >= 4:
        yield events, first, last


def _one_line(line):
    """`| a | b | | c | d |`: cells between pipes; an empty one separates rows."""
    events = []
    text = line.text
    bars = [m.start() for m in re.finditer(r"\|", text)]
    for a, b in zip(bars, bars[1:]):
        raw = text[a + 1:b]
        body = raw.strip()
        if not body:
            events.append(("open", None))
        elif _DELIM.match(body):
            events.append(("delim", None))
        else:
            start = line.start + a + 1 + (len(raw) - len(raw.lstrip()))
            events.append(("cell", G.GCell(body, start, start + len(body))))
    return events


def _rows(events) -> list[list[G.GCell | None]]:
    """Rows of cells; a bar inside a row that has its label and prints numbers (or whose
    next cell is a number) is an empty cell, not the start of a row. Empty cells at a
    row's end cannot be told from the bar that opens the next row: they are left out
    (the row is padded to the table's width)."""
    rows: list[list[G.GCell | None]] = []
    current: list[G.GCell | None] = []

    def close():
        nonlocal current
        while current and current[-1] is None:
            current.pop()
        if current:
            rows.append(current)
        current = []

    def labelled() -> bool:
        return bool(current) and current[0].number is None \
            and all(c is None or c.number is not None for c in current[1:])
    for k, (kind, cell) in enumerate(events):
        if kind == "open" and labelled():
            following = next((c for t, c in events[k + 1:] if t != "open"), None)
            if any(c is not None for c in current[1:]) or (following is not None and following.number is not None):
                current.append(None)
                continue
        if kind in ("open", "delim"):
            close()
            continue
        if current and cell.number is None and any(c is not None and c.number is not None for c in current[1:]):
            close()
        current.append(cell)
    close()
    return rows


def _is_data(row) -> bool:
    return len(row) >= 2 and row[0].number is None and any(c is not None and c.number is not None for c in row[1:])


def _period(leaves: list[str]) -> int | None:
    m = len(leaves)
    for p in range(1, m):
        if m % p == 0 and m // p >= 2 and all(leaves[i] == leaves[i % p] for i in range(m)):
            return p
    return None


def _spans(groups: int, leaves: list[str], values: int) -> list[int]:
    """How many value columns each of `groups` header cells spans."""
    if groups >= values:
        return [1] * groups
    p = _period(leaves) if leaves else None
    if p:
        k = min(len(leaves) // p, groups)
        rest, left = values - k * p, groups - k
        if left and rest >= left:
            return [p] * k + [1] * (left - 1) + [rest - left + 1]
        if not left:
            return [p] * k
    if values % groups == 0:
        return [values // groups] * groups
    return [values // groups] * (groups - 1) + [values - (values // groups) * (groups - 1)]


def _header(rows: list[list[G.GCell]], values: int) -> list[list[G.GCell | None]]:
    width = values + 1
    out: list[list[G.GCell | None]] = []
    leaves: list[str] = []
    for row in reversed(rows):
        cells = list(row)
        if len(cells) == width:
            placed = cells
        elif not out or len(cells) >= values:
            placed = [None] + cells[:values]
            if not out:
                leaves = [c.text for c in cells]
        else:
            placed = [None]
            for cell, span in zip(cells, _spans(len(cells), leaves, values)):
                placed += [cell] + [G.GCell(cell.text, cell.start, cell.end, spanned=True)] * (span - 1)
        out.insert(0, (placed + [None] * width)[:width])
    return out


def _table(doc, events, first: int, last: int):
    rows = _rows(events)
    k = next((i for i, r in enumerate(rows) if _is_data(r) and not G.years_header(rows, i)), None)
    if k is None:
        return None
    data = rows[k:]
    values = max(len(r) for r in data) - 1
    header = _header(rows[:k], values)
    title, unit, _ = H.context_above(doc, first)
    grid = G.Grid(header, [list(r) for r in data],
                  [doc.line_at(next((c.start for c in r[1:] if c is not None and c.number is not None),
                                    r[0].start)).number
                   for r in data],
                  first, last, title=title, unit=unit)
    return G.build(doc, grid)
