"""Nomenclatures: a `CODE <label column> <year column>` header, then one row per code
(`V01` … `V15`) whose label wraps over several lines and ends with a year. Rows are keyed
by the code; the label is a text cell (value None) and the year a numeric cell."""
from __future__ import annotations

import re
from decimal import Decimal

from extractors.facts import Cell, Column, Evidence, Row, Table
from extractors.tables.header import annex_title

_HEADER = re.compile(r"^\s*CODES?\s+(?P<label>\S.*?)\s*$")
_CODE = re.compile(r"^\s*(?P<code>[A-Z]\d{2})\b\s*(?P<rest>.*?)\s*$")
_YEAR = re.compile(r"(?:^|\s)(?P<year>(?:19|20)\d{2})\s*$")
_MAX_HEADER_LINE = 30      # the year column's header is a narrow column of short lines


def find_tables(doc) -> list[Table]:
    tables = []
    lines = doc.lines
    i = 0
    while i < len(lines):
        m = _HEADER.match(lines[i].text)
        if m and _codes_follow(lines, i + 1):
            table, i = _read(doc, i, m)
            if table is not None:
                tables.append(table)
                continue
        i += 1
    return tables


def _codes_follow(lines, start: int, need: int = 3) -> bool:
    """At least `need` code rows of one letter follow within the next lines."""
    codes = [m.group("code") for ln in lines[start:start + 120] if (m := _CODE.match(ln.text))]
    return len(codes) >= need and len({c[0] for c in codes[:need]}) == 1


def _read(doc, i: int, header):
    lines = doc.lines
    head = [header.group("label")]
    j = i + 1
    year_head = []
    while j < len(lines):
        text = lines[j].text.strip()
        if text and (len(text) > _MAX_HEADER_LINE or _CODE.match(text)):
            break
        if text:
            year_head.append(text)
        j += 1
    columns = [Column(0, " ".join(head), role="label"),
               Column(1, " ".join(year_head) or "Année", role="year")]
    rows, cells = [], []
    letter = None
    current = None                 # [code, code line, label parts, first label offsets]
    last = i
    while j < len(lines):
        line = lines[j]
        m = _CODE.match(line.text)
        if m and (letter is None or m.group("code")[0] == letter):
            letter = m.group("code")[0]
            current = {"code": m.group("code"), "line": line, "parts": []}
            rest = m.group("rest")
            _take(current, line, rest)
        elif current is not None and line.text.strip():
            _take(current, line, line.text.strip())
        elif current is None and rows and line.text.strip():
            break
        if current is not None and current.get("year") is not None:
            last = line.number
            _emit(doc, current, rows, cells)
            current = None
        j += 1
        if current is None and rows and j < len(lines) and lines[j].text.strip() \
                and not _CODE.match(lines[j].text):
            break
    if not rows:
        return None, j
    table = Table("", doc.name, annex_title(doc, i + 1)[0], annex_title(doc, i + 1)[1], None,
                  kind="nomenclature", columns=columns, rows=rows, cells=cells,
                  first_line=lines[i].number, last_line=last)
    return table, j


def _take(current: dict, line, text: str) -> None:
    """Add a piece of label (and the year when the line ends with one)."""
    if not text:
        return
    y = _YEAR.search(text)
    label = text[:y.start()].rstrip() if y else text
    if label:
        off = line.start + line.text.find(label)
        current["parts"].append((label, off, off + len(label)))
    if y:
        off = line.start + line.text.rfind(y.group("year"))
        current["year"] = (y.group("year"), off, off + 4)


def _emit(doc, current: dict, rows: list, cells: list) -> None:
    n = len(rows)
    code_line = current["line"]
    rows.append(Row(n, current["code"], code_line.number, printed_label=current["code"]))
    parts = current["parts"]
    if parts:
        text = " ".join(p[0] for p in parts)
        cells.append(Cell(n, 0, text, None, Evidence.of(doc, parts[0][1], parts[-1][2])))
    year, start, end = current["year"]
    cells.append(Cell(n, 1, year, Decimal(year), Evidence.of(doc, start, end)))
