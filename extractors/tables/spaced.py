"""Space-separated Bulletin-officiel tables (2005): cells are separated by plain spaces,
thousands by a no-break space (`1 706,72`), an empty cell is a lone no-break space, and
negatives print as `- 116,83` or `-21,36`. Rows may break over two lines (a label alone,
values wrapped to the next line, or the next row's label glued after the values); the
column count read from the data rows then tells which empty markers are spurious."""
from __future__ import annotations

import itertools
import re
from collections import Counter

from extractors import codes
from extractors.numbers import parse_number
from extractors.tables.header import ROW_HEADER, split_header, vocabulary
from extractors.tables.solver import RawRow, Tok, build_table
from extractors.textnorm import fold
from extractors.tables.header import annex_title, make_columns, unit_before

NBSP = "\u00a0"
_NUM = re.compile(r"-?\d{1,3}(?:[\u00a0\u202f]\d{3})+(?:,\d+)?|-?\d+(?:,\d+)?")   # no-break or narrow no-break thousands
_MAX_READINGS = 400


def _chunks(line):
    """(kind, text, start, end) for each space-separated chunk: num | empty | word."""
    out = []
    for m in re.finditer(r"[^ ]+", line.text):
        text, start = m.group(0), line.start + m.start()
        if text == NBSP * len(text):
            out.extend(("empty", NBSP, start + k, start + k + 1) for k in range(len(text)))
            continue
        lead = len(text) - len(text.lstrip(NBSP))
        out.extend(("empty", NBSP, start + k, start + k + 1) for k in range(lead))
        text, start = text[lead:], start + lead
        kind = "num" if _NUM.fullmatch(text) else "word"
        if kind == "num" and not text.startswith("-") and out and out[-1][0] == "word" and out[-1][1] == "-" \
                and out[-1][3] == start - 1:          # `- 13 565`; not `- -40,8` (an empty cell, then a number)
            _, _, s0, _ = out.pop()
            out.append(("num", "- " + text, s0, start + len(text)))
            continue
        out.append((kind, text, start, start + len(text)))
    return out


def _parse(line):
    """A line as (label, label span, values, trailing label, trailing span) or None when
    words and values interleave (prose, not a table line)."""
    chunks = _chunks(line)
    if not chunks:
        return None
    i = 0
    while i < len(chunks) and chunks[i][0] == "word":
        i += 1
    j = i
    while j < len(chunks) and chunks[j][0] != "word":
        j += 1
    if any(c[0] != "word" for c in chunks[j:]):
        return None
    label = " ".join(c[1] for c in chunks[:i])
    span = (chunks[0][2], chunks[i - 1][3]) if i else None
    trail = " ".join(c[1] for c in chunks[j:])
    tspan = (chunks[j][2], chunks[-1][3]) if j < len(chunks) else None
    return label, span, chunks[i:j], trail, tspan


def _is_row(parsed) -> bool:
    return parsed is not None and bool(parsed[0]) and parsed[0][0].isupper() and len(parsed[2]) >= 2


def find_tables(doc) -> list:
    lines = doc.lines
    tables = []
    i = 0
    while i < len(lines):
        words = lines[i].text.split()
        if words and ROW_HEADER.fullmatch(words[0]):
            found = _read(doc, i)
            if found is not None:
                table, i = found
                prev = tables[-1] if tables else None
                if prev is not None and prev.annex == table.annex and _same_rows(prev, table):
                    tables[-1] = _merge(doc, prev, table)
                else:
                    tables.append(table)
                continue
        i += 1
    return [build_table(doc, *t.args) for t in tables]


class _Pending:
    """A table read but not yet built (two horizontal parts may still merge)."""

    def __init__(self, raws, labels, title, annex, unit, first, last):
        self.raws, self.labels, self.title, self.annex = raws, labels, title, annex
        self.unit, self.first, self.last = unit, first, last

    @property
    def args(self):
        return (self.raws, make_columns(self.labels, _nature(self.title)), self.title, self.annex,
                self.unit, self.first, self.last)


_NATURE = re.compile(rf"\b({codes.pattern(codes.acronyms('envelope') - codes.acronyms('activity'))})\b")


def _nature(title: str) -> str | None:
    """The envelope acronym a title prints (`DAF`, `MIGAC`); field acronyms are not natures."""
    m = _NATURE.search(title)
    return m.group(1) if m else None


def _same_rows(a: _Pending, b: _Pending) -> bool:
    return [fold(r.label.rstrip("* ")) for r in a.raws] == [fold(r.label.rstrip("* ")) for r in b.raws]


def _merge(doc, a: _Pending, b: _Pending) -> _Pending:
    """Two horizontal parts of one table: same rows, columns side by side."""
    raws = []
    for ra, rb in zip(a.raws, b.raws):
        pairs = list(itertools.islice(itertools.product(range(len(ra.readings)), range(len(rb.readings))),
                                      _MAX_READINGS))
        readings = [ra.readings[x] + rb.readings[y] for x, y in pairs]
        ranks = [(ra.ranks[x] if ra.ranks else 0) + (rb.ranks[y] if rb.ranks else 0) for x, y in pairs]
        tags = [", ".join(t for t in ((ra.tags[x] if ra.tags else ""), (rb.tags[y] if rb.tags else "")) if t)
                for x, y in pairs]
        notes = "; ".join(n for n in (ra.note, rb.note) if n) or None
        raws.append(RawRow(ra.label, rb.line, readings, ranks=ranks, tags=tags if any(tags) else None,
                           label_span=ra.label_span, note=notes))
    return _Pending(raws, a.labels + b.labels, a.title, a.annex, a.unit, a.first, b.last)


def _read(doc, i: int):
    lines = doc.lines
    header = [lines[i].text.strip().split(None, 1)[1] if len(lines[i].text.split()) > 1 else ""]
    j = i + 1
    while j < len(lines) and not _is_row(_parse(lines[j])):
        if j - i > 80:
            return None
        header.append(lines[j].text)
        j += 1
    entries = []                     # [label, span, [chunks], line of last values]
    pending = None                   # (label, span) printed before its values
    last = j
    while j < len(lines):
        text = lines[j].text.strip()
        if not text:
            k = j
            while k < len(lines) and not lines[k].text.strip():
                k += 1
            if k < len(lines) and entries and _is_row(_parse(lines[k])):
                j = k                # a blank line (page break) inside the rows: go on
                continue
            break
        if text.startswith("*"):
            break
        parsed = _parse(lines[j])
        if parsed is None:
            break
        label, span, values, trail, tspan = parsed
        if label and not values:
            pending = (pending[0] + ("" if pending[0].endswith("-") else " ") + label,
                       (pending[1][0], span[1])) if pending else (label, span)
        elif values:
            if label:
                if pending:
                    label = pending[0] + ("" if pending[0].endswith("-") else " ") + label
                    span = (pending[1][0], span[1])
                entries.append([label, span, list(values), lines[j].number])
                pending = None
            elif pending:
                entries.append([pending[0], pending[1], list(values), lines[j].number])
                pending = None
            elif entries:
                entries[-1][2].extend(values)
                entries[-1][3] = lines[j].number
            if trail:
                pending = (trail, tspan)
        last = lines[j].number
        j += 1
    if len(entries) < 2:
        return None
    n = _columns_count(entries)
    # a values line after a short row continues that row
    raws = []
    for label, span, values, line_no in entries:
        readings, ranks, tags, note = _readings(values, n)
        if not readings:
            continue
        raws.append(RawRow(label, line_no, readings, ranks=ranks, tags=tags, label_span=span,
                           note=note and f"line {line_no}: {label}: {note}"))
    labels = split_header(header, n, vocabulary(doc))
    if len(labels) < n:              # fewer headers than cells: keep the cells, say so
        labels += [f"(column {k + 1}: no header found)" for k in range(len(labels), n)]
    title, annex = annex_title(doc, i + 1)
    return _Pending(raws, labels, title, annex, unit_before(doc, i + 1), lines[i].number, last), j


def _columns_count(entries) -> int:
    counts = Counter(len(e[2]) for e in entries)
    return counts.most_common(1)[0][0]


def _tok(chunk) -> Tok | None:
    kind, text, start, end = chunk
    if kind == "empty":
        return None
    return Tok(text, start, end, parse_number(text))


def _readings(values, n: int):
    """Readings of a row printed with `len(values)` tokens for `n` columns: spurious empty
    markers dropped, or missing cells inserted as empty, in every possible place; with a
    layout preference (rank) and a description (tag) of each repair."""
    toks = [_tok(c) for c in values]
    k = len(toks)
    if k == n:
        return [toks], None, None, None
    if k > n:
        empties = [p for p, t in enumerate(toks) if t is None]
        if len(empties) < k - n:
            return [], None, None, None
        alone = {p for p in empties if p - 1 not in empties and p + 1 not in empties}
        out, seen, ranks, tags = [], {}, [], []
        for drop in itertools.combinations(empties, k - n):
            reading = [t for p, t in enumerate(toks) if p not in drop]
            key = tuple(id(t) if t else None for t in reading)
            rank = sum(1 for p in drop if p in alone)      # runs of markers are the spurious ones
            if key in seen:
                ranks[seen[key]] = min(ranks[seen[key]], rank)
            else:
                seen[key] = len(out)
                out.append(reading)
                ranks.append(rank)
                tags.append(_where("empty marker dropped", toks, sorted(drop)))
            if len(out) >= _MAX_READINGS:
                break
        if len(out) == 1:
            return out, None, None, None
        return out, ranks, tags, f"{k} cells printed for {n} columns"
    out, seen, tags = [], set(), []
    for slots in itertools.combinations(range(n), n - k):
        it = iter(toks)
        reading = [None if p in slots else next(it) for p in range(n)]
        key = tuple(id(t) if t else None for t in reading)
        if key not in seen:
            seen.add(key)
            out.append(reading)
            tags.append(_where("cell missing", reading, list(slots)))
        if len(out) >= _MAX_READINGS:
            break
    return out, None, tags, f"{k} cells printed for {n} columns"


def _where(what: str, toks, positions) -> str:
    """`empty marker dropped after 166,26` — a repair told by its printed neighbours."""
    said = []
    for p in positions:
        before = next((t.text for t in reversed(toks[:p]) if t is not None), None)
        after = next((t.text for t in toks[p + 1:] if t is not None), None)
        said.append(f"{what} after {before}" if before else f"{what} before {after}")
    return ", ".join(said)
