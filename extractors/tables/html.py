"""HTML `<table>`s, in .html files and inside markdown text (Légifrance's open-data
annexes): `th`/`td`, `<br/>` and `<p>` inside cells, `colspan`/`rowspan`, several header
rows, empty cells (`<td/>`).

Parsed with lxml.html (libxml2's HTML parser: it repairs what real pages get wrong — a
table cut by the end of an excerpt, unclosed `<tr>`/`<td>`, self-closing `<td/>` — and
gives each element its source line). Each cell is then found back in the document text
from that line on, so its evidence quotes the exact number string."""
from __future__ import annotations

import re

import lxml.html

from extractors.tables import grid as G
from extractors.tables import header as H

_OPEN = re.compile(r"<table\b", re.I)
_CLOSE = re.compile(r"</table\s*>", re.I)
_BREAK = {"br", "p", "div", "li", "tr"}
_GAP = r"(?:\s|&nbsp;|&#160;|&#xa0;|<[^>]*>)+"


def find_tables(doc) -> list:
    tables = []
    pos = 0
    text = doc.text
    while True:
        m = _OPEN.search(text, pos)
        if not m:
            break
        close = _CLOSE.search(text, m.end())
        nested = _OPEN.search(text, m.end())
        end = close.end() if close else len(text)
        if nested and close and nested.start() < close.start():   # a table in a table: read the inner one
            pos = nested.start()
            continue
        table = _read(doc, m.start(), end)
        if table is not None:
            tables.append(table)
        pos = end
    return tables


def _cell_text(el) -> str:
    parts: list[str] = []

    def walk(node):
        if node.text:
            parts.append(node.text)
        for child in node:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag.lower() in _BREAK:
                parts.append(" ")
            walk(child)
            if tag.lower() in _BREAK:
                parts.append(" ")
            if child.tail:
                parts.append(child.tail)
    walk(el)
    return re.sub(r"\s+", " ", "".join(parts)).strip()


class _Locator:
    """Finds each cell's text in the document, moving forward only."""

    def __init__(self, doc, start: int, end: int, first_line: int):
        self.doc, self.pos, self.end, self.first_line = doc, start, end, first_line

    def find(self, text: str, sourceline: int | None) -> tuple[int, int]:
        if sourceline:
            line = self.doc.line(min(self.first_line + sourceline - 1, len(self.doc.lines)))
            self.pos = max(self.pos, line.start)
        if not text:
            return self.pos, self.pos
        words = text.split()
        pattern = _GAP.join(re.escape(w).replace("'", "(?:'|&#39;|&apos;|’)") for w in words)
        m = re.compile(pattern).search(self.doc.text, self.pos, self.end)
        if m is None:
            return self.pos, self.pos
        self.pos = m.end()
        return m.start(), m.end()


def _read(doc, start: int, end: int):
    block = doc.text[start:end]
    try:
        root = lxml.html.fragment_fromstring(block, create_parent=False)
    except Exception:       # lxml raises several types on hopeless markup
        return None
    if root.tag != "table":
        found = root.find(".//table")
        if found is None:
            return None
        root = found
    first_line = doc.line_at(start).number
    locate = _Locator(doc, start, end, first_line)
    caption = root.find("caption")
    title = _cell_text(caption) if caption is not None else ""
    rows: list[list[G.GCell | None]] = []
    heads: list[bool] = []
    lines: list[int] = []
    pending: dict[int, tuple[G.GCell | None, int]] = {}   # column → (cell or empty, rows still covered)
    for tr in root.iter("tr"):
        row: list[G.GCell | None] = []
        col = 0
        head = True
        line, line_is_label = None, True

        def fill_pending():
            nonlocal col
            while col in pending:
                cell, left = pending[col]
                row.append(None if cell is None else G.GCell(cell.text, cell.start, cell.end, spanned=True))
                if left <= 1:
                    del pending[col]
                else:
                    pending[col] = (cell, left - 1)
                col += 1

        for td in tr:
            tag = td.tag.lower() if isinstance(td.tag, str) else ""
            if tag not in ("td", "th"):
                continue
            fill_pending()
            text = _cell_text(td)
            head &= tag == "th"
            number_text = G.strip_footnote(text)
            if text and G.GCell(number_text, 0, 0).number is not None:
                a, b = locate.find(number_text, td.sourceline)
                printed = doc.text[a:b]
                if b > a and "<" not in printed and "&" not in printed:
                    # the number as printed (its no-break spaces kept), its footnote call after it
                    text = printed + text[len(number_text):]
            else:
                a, b = locate.find(text, td.sourceline)
            cell = G.GCell(text, a, b) if text else None
            if text and (line is None or (cell.number is not None and line_is_label)):
                line, line_is_label = doc.line_at(a).number, cell.number is None
            span = _int(td.get("colspan"))
            down = _int(td.get("rowspan"))
            for k in range(span):
                here = cell if k == 0 or cell is None else G.GCell(cell.text, cell.start, cell.end, spanned=True)
                row.append(here)
                if down > 1:       # an empty corner spanning the header rows still takes its column
                    pending[col] = (cell, down - 1)
                col += 1
        fill_pending()
        if not row:
            continue
        rows.append(row)
        heads.append(head and any(c is not None for c in row))
        lines.append(line or doc.line_at(locate.pos).number)
    if not rows:
        return None
    first_data = next((i for i, r in enumerate(rows)
                       if not heads[i] and _is_data(r) and not G.years_header(rows, i)), None)
    if first_data is None:
        return None
    header = [r for r in rows[:first_data] if not _spans_all(r)]
    data = rows[first_data:]
    above_title, unit, _ = H.context_above(doc, first_line)
    unit = unit or H.unit_of([title] if title else [])
    grid = G.Grid(header, data, lines[first_data:], first_line, doc.line_at(max(start, end - 1)).number,
                  title=title or above_title, unit=unit)
    return G.build(doc, grid)


def _spans_all(row) -> bool:
    """A sentence spread over the whole width (`Peuvent être pris en charge…`)."""
    return len(row) > 1 and row[0] is not None and all(c is not None and c.spanned for c in row[1:])


def _is_data(row) -> bool:
    """A row that labels itself and prints a value (a number, or text under a header)."""
    if not row or row[0] is None or not row[0].text:
        return False
    return any(c is not None and not c.spanned and c.number is not None for c in row[1:])


def _int(value) -> int:
    try:
        return max(1, min(int(value), 100))
    except (TypeError, ValueError):
        return 1
