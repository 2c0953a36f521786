"""Concatenated Bulletin-officiel tables (2001): the cells of a row are printed with no
separator at all (`Alsace9 607 7339 599 06480005 6561 342`), a no-break space is both
the thousands separator and the empty-cell marker, negatives print as `- 13 565`.

Each row is read by enumerating the ways its character string splits into cells under
the French number grammar (first group 1–3 digits, then groups of exactly 3 digits after
a separator; `0` alone; no leading zero); the column totals, the row-total columns and
the row identities then choose among the readings (`solver.build_table`). The column count
itself is read from the header and confirmed by the numbers: the count whose readings
reconcile best wins."""
from __future__ import annotations

import itertools
import re
from decimal import Decimal

from extractors.numbers import parse_number
from extractors.tables.header import ROW_HEADER, split_header, vocabulary
from extractors.tables.solver import RawRow, Tok, build_table
from extractors.tables.header import annex_title, make_columns, unit_before
from extractors.tables.reconcile import check_table

NBSP = "\u00a0"
_MAX_READINGS = 3000          # per row: bounds the search on long digit strings
_BODY = re.compile(r"^[\d\u00a0 \-]+$")
_TEXT_COLUMN = re.compile(r"(?i)^(centres?|[ée]tablissements?)\b")
_GLUED_NAME = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ][a-zà-ÿ])")


def find_tables(doc) -> list:
    lines = doc.lines
    tables = []
    i = 0
    while i < len(lines):
        text = lines[i].text.strip()
        m = ROW_HEADER.match(text)
        if m is not None and not text[m.end():][:1].isspace():
            found = _read(doc, i, m.group(0))
            if found is not None:
                table, i = found
                tables.append(table)
                continue
        i += 1
    return tables


# ---------------------------------------------------------------- lines

def _split_line(line):
    """(indented, label, label start, body, body start) of a data line, or None."""
    text = line.text
    lead = len(text) - len(text.lstrip(" "))
    rest = text[lead:]
    indented = rest.startswith(NBSP) and len(rest) > 1 and rest[1].isalpha()
    if indented:
        lead, rest = lead + 1, rest[1:]
    m = re.search(r"[\d\u00a0]", rest)
    if m is None:
        return None
    cut = m.start()
    label = rest[:cut]
    sign = re.search(r"-\s?$", label)
    if sign and label[:sign.start()].strip():
        cut, label = sign.start(), label[:sign.start()]
    body = rest[cut:].rstrip(" ")
    if not label.strip() or not _BODY.match(body) or not re.search(r"\d", body):
        return None
    label_text = label.rstrip()
    return indented, label_text, line.start + lead, body, line.start + lead + cut


def _is_data(line) -> bool:
    parsed = _split_line(line)
    return parsed is not None and parsed[1][:1].isupper()


# ---------------------------------------------------------------- readings

def _cells_at(body: str, pos: int, loose: bool = False):
    """Every cell that can start at `pos`: (end, kind, text) with kind num | empty. `loose`
    also lets a number go on with 3 digits and no separator (`21 239271`, a misprint)."""
    out = []
    if body[pos] == NBSP:
        out.append((pos + 1, "empty", NBSP))
    if body[pos] == " ":
        return [(pos + 1, "skip", " ")]
    m = re.match(r"-\s?", body[pos:])
    start = pos + (m.end() if m else 0)
    if start >= len(body) or not body[start].isdigit():
        return out
    if body[start] == "0":
        out.append((start + 1, "num", body[pos:start + 1]))
        return out
    for k in (1, 2, 3):
        first = body[start:start + k]
        if len(first) < k or not first.isdigit():
            break
        end = start + k
        out.append((end, "num", body[pos:end]))
        grouped = False
        while True:
            if re.match(r"\u00a0\d{3}", body[end:end + 4]):
                end, grouped = end + 4, True
            elif loose and grouped and re.match(r"\d{3}", body[end:end + 3]):
                end += 3
            else:
                break
            out.append((end, "num", body[pos:end]))
    return out


def readings(body: str, offset: int, n: int, limit: int = _MAX_READINGS,
             loose: bool = False) -> list[list[Tok | None]]:
    """The ways `body` reads as exactly `n` cells (a plain space only separates)."""
    memo: dict[tuple[int, int], list] = {}

    def walk(pos: int, left: int) -> list:
        if pos == len(body):
            return [[]] if left == 0 else []
        if left == 0 and body[pos:].strip(" "):
            return []
        key = (pos, left)
        if key in memo:
            return memo[key]
        found = []
        for end, kind, text in _cells_at(body, pos, loose):
            if kind == "skip":
                found.extend(walk(end, left))
                continue
            cell = None if kind == "empty" else Tok(text, offset + pos, offset + end, parse_number(text))
            for tail in walk(end, left - 1):
                found.append([cell] + tail)
                if len(found) >= limit:
                    break
            if len(found) >= limit:
                break
        memo[key] = found
        return found

    return walk(0, n)


def _padded(body: str, offset: int, n: int, names: list[str]):
    """Readings for `n` columns, then how they were obtained: complete readings first;
    if none, readings with a misprinted number (`21 239271`); if none, readings with up
    to two cells the print left out (inserted as empty, each place one reading). Returns
    (readings, ranks, tags, note)."""
    out, ranks, tags = [], [], []
    note = None
    for missing, loose in ((0, False), (0, True), (1, False), (1, True), (2, False)):
        if missing >= n:
            break
        for reading in readings(body, offset, n - missing, loose=loose):
            misprints = [t.text for t in reading if t is not None and re.search(r"\d{4}", t.text.lstrip("- "))
                         and NBSP in t.text]
            said = f"thousands separator missing in {', '.join(misprints)}" if misprints else ""
            for slot in itertools.combinations(range(n), missing):
                it = iter(reading)
                out.append([None if p in slot else next(it) for p in range(n)])
                ranks.append(missing)
                where = ", ".join(f"nothing under {names[p]}" for p in slot)
                tags.append("; ".join(x for x in (said, where) if x))
        if out:
            if missing or loose:
                note = (f"{n - missing} cells read for {n} columns" if missing else "a number misprinted")
            break
    out, ranks, tags = out[:_MAX_READINGS], ranks[:_MAX_READINGS], tags[:_MAX_READINGS]
    return out, ranks, (tags if any(tags) else None), note


# ---------------------------------------------------------------- tables

def _read(doc, i: int, head: str):
    lines = doc.lines
    header = [lines[i].text.strip()[len(head):]]
    j = i + 1
    while j < len(lines) and not _is_data(lines[j]):
        if j - i > 40:
            return None
        header.append(lines[j].text)
        j += 1
    data = []
    while j < len(lines) and _is_data(lines[j]):
        data.append(_split_line(lines[j]) + (lines[j].number,))
        j += 1
    if len(data) < 2:
        return None
    title, annex = annex_title(doc, i + 1)
    unit = unit_before(doc, i + 1)
    words = vocabulary(doc)
    sure = len(split_header(header, None, words))
    best = None
    for n in sorted(set(range(max(sure - 2, 1), sure + 4)), key=lambda k: (abs(k - sure), k)):
        labels = split_header(header, n, words)
        if len(labels) != n:
            continue
        table = _build(doc, data, labels, title, annex, unit, lines[i].number, data[-1][-1])
        if table is None:
            continue
        results = check_table(table)
        ok = sum(r.ok for r in results)
        # the count whose totals reconcile best (in share, then in number), then the least
        # ambiguous, then the one the header says
        score = (ok / len(results) if results else 0, ok, -sum(r.ambiguous for r in table.rows),
                 -abs(n - sure))
        if best is None or score > best[0]:
            best = (score, table)
        if results and all(r.ok for r in results):
            break                   # every total reconciles: no other count to try
    return (best[1], j) if best is not None else None


def _build(doc, data, labels: list[str], title, annex, unit, first: int, last: int):
    text_col = 0 if _TEXT_COLUMN.match(labels[0]) else None
    n = len(labels) - (1 if text_col is not None else 0)
    raws = []
    region = None
    for indented, label, lstart, body, bstart, line_no in data:
        text_cells = {}
        parent = region if indented else None
        if text_col is not None and not indented:
            parts = _GLUED_NAME.split(label, maxsplit=1)
            if len(parts) == 2:                          # `AlsaceStrasbourg`: region + centre
                name = parts[1]
                text_cells[text_col] = Tok(name, lstart + len(parts[0]), lstart + len(label), Decimal(0))
                label = parts[0]
            elif body.startswith(NBSP):                  # the empty centre cell
                body, bstart = body[1:], bstart + 1
        if not indented:
            region = label
        found, ranks, tags, note = _padded(body, bstart, n, labels[len(labels) - n:])
        if not found:
            return None
        if text_col is not None:
            found = [[None] + r for r in found]
        raws.append(RawRow(label.strip(), line_no, found, ranks=ranks, tags=tags,
                           label_span=(lstart, lstart + len(label)), text_cells=text_cells, parent=parent,
                           note=note and f"line {line_no}: {label.strip()}: {note}"))
    columns = make_columns(labels, None)
    if text_col is not None:
        columns[text_col].role = "label"
        columns[text_col].is_total = False
    return build_table(doc, raws, columns, title, annex, unit, first, last)
