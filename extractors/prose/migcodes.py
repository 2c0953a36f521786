"""MIG / AC codes (`F21`, `D05`, `V10`, `Q03`…) with, when printed next to them, their
nature (MIG, AC, MIGAC) and renewal (JPE, R, NR).

Three places print them: prose (`MIG F21 JPE`, `la MIG P02`, `(G03)` — matched by the
`mig_ruler` SpanRuler from `migcodes.jsonl`), table headers (a cell that is only a code,
on a tab-separated line, with the nature in the row above and the renewal in the row
below) and nomenclatures (lines opening with a code, several of the same series). A bare
`M12` or `H24` in a sentence is not a code."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from extractors import codes
from extractors.sections import clean

PATTERNS = Path(__file__).with_name("migcodes.jsonl")
CODE = re.compile(r"^(?:[A-Z]\d{2}|0\d{2})$")
_RENEWALS = codes.pattern(codes.acronyms("renewal"))
_RENEWAL = re.compile(rf"\s*[,(]?\s*(?:en\s+)?(?P<r>{_RENEWALS})\b\)?")
_RENEWAL_CELL = re.compile(rf"^({_RENEWALS})$")
_LIST_NEXT = re.compile(r"^\s*(?:,|et|ou|à)\s*(?:MIG\s+)?(?P<code>[A-Z]\d{2})\b")
# a code after words the ruler's tokens do not cover:
#   `mission d'intérêt général D05`, `les missions G03, G04`, `code MIG : F21`
_AFTER_WORDS = re.compile(r"(?i:\bmissions?(?:\s+d['’]intérêt\s+général)?\s+|\bcode\s+MIG\s*:\s*|\bMIG\s*:\s*)"
                          r"(?P<code>[A-Z]\d{2})\b")
_NATURE = re.compile(rf"\b({codes.pattern(codes.acronyms('envelope', under='MIGAC'))})\b")
_LINE_CODE = re.compile(r"^\s*(?P<code>[A-Z]\d{2})(?=\s+\S|\s*$)")


def normal_code(text: str) -> str:
    """`002` printed for `O02` (a letter O read as a zero) → `O02`."""
    return "O" + text[1:] if text[0] == "0" else text


def from_spans(doc) -> list[tuple[int, int, dict]]:
    """(start, end, norm) in the spaCy doc's text for every ruler match, plus the codes
    listed after it (`MIG F21, F22 et F23`)."""
    out = []
    text = doc.text
    for span in doc.spans.get("mig_ruler", []):
        token = next(t for t in reversed(span) if CODE.match(t.text))
        nature = _NATURE.search(span.text)
        norm = {"code": normal_code(token.text), "nature": nature.group(1) if nature else None}
        renewal = _RENEWAL.match(text, token.idx + len(token.text))
        norm["renewal"] = renewal.group("r") if renewal else None
        out.append((token.idx, token.idx + len(token.text), norm))
        _listed(text, token.idx + len(token.text), norm["nature"], out)
    taken = {start for start, _, _ in out}
    for m in _AFTER_WORDS.finditer(text):
        if m.start("code") not in taken:
            out.append((m.start("code"), m.end("code"), {"code": m.group("code"), "nature": "MIG", "renewal": None}))
            _listed(text, m.end("code"), "MIG", out)
    return out


def _listed(text: str, pos: int, nature: str | None, out: list) -> None:
    """The codes listed after a code: `MIG F21, F22 et F23`, `G03 à G05`."""
    while (nxt := _LIST_NEXT.match(text[pos:pos + 24])):
        start = pos + nxt.start("code")
        out.append((start, start + 3, {"code": nxt.group("code"), "nature": nature, "renewal": None}))
        pos += nxt.end()


def from_lines(doc) -> list[tuple[int, int, dict]]:
    """(start, end, norm) in ORIGINAL offsets for codes in table cells and in
    nomenclature lines."""
    out = []
    lines = doc.lines
    for i, line in enumerate(lines):
        if "\t" not in line.text:
            continue
        cells = line.text.split("\t")
        pos = line.start
        for col, cell in enumerate(cells):
            value = clean(cell)
            if CODE.match(value):
                start = pos + cell.index(value)
                out.append((start, start + len(value), {
                    "code": normal_code(value),
                    "nature": _column_value(lines, i, col, -1, _NATURE),
                    "renewal": _column_value(lines, i, col, +1, _RENEWAL_CELL)}))
            pos += len(cell) + 1
    out += _markup_cells(lines)
    # nomenclatures: several lines opening with codes of one series (V01, V02…)
    starts = [(line, m) for line in lines if "\t" not in line.text and (m := _LINE_CODE.match(line.text))]
    series = Counter(m.group("code")[0] for _, m in starts)
    for line, m in starts:
        if series[m.group("code")[0]] >= 3:
            start = line.start + m.start("code")
            out.append((start, start + 3, {"code": m.group("code"), "nature": None, "renewal": None,
                                           "nomenclature": True}))
    return out


_TAG = re.compile(r"<[^>]*>")
_TABLE_OPEN = re.compile(r"(?i)<table\b")
_TABLE_CLOSE = re.compile(r"(?i)</table>")


def _markup_cells(lines) -> list[tuple[int, int, dict]]:
    """Codes that are the whole content of a cell of an HTML table (`<td>…<br/>A01</td>`,
    a cell spread over several source lines) or of a pipe table (`| A01 | Libellé |`):
    a nomenclature or a table header printed as markup."""
    out = []
    in_table = False
    for line in lines:
        text = line.text
        if _TABLE_OPEN.search(text):
            in_table = True
        if in_table:
            bare = _TAG.sub(" ", text).strip()
            if CODE.match(bare) and bare[0] != "0":
                start = line.start + text.index(bare)
                out.append((start, start + 3, {"code": bare, "nature": None, "renewal": None}))
        elif text.lstrip().startswith("|"):
            pos = line.start
            for cell in text.split("|"):
                value = cell.strip()
                if CODE.match(value) and value[0] != "0":
                    start = pos + cell.index(value)
                    out.append((start, start + 3, {"code": value, "nature": None, "renewal": None}))
                pos += len(cell) + 1
        if _TABLE_CLOSE.search(text):
            in_table = False
    return out


def _column_value(lines, i, col, step, pattern) -> str | None:
    """The value printed in the same column of the next tab row above (-1) or below (+1)."""
    j = i + step
    while 0 <= j < len(lines) and not lines[j].text.strip():
        j += step
    if not (0 <= j < len(lines)) or "\t" not in lines[j].text:
        return None
    cells = lines[j].text.split("\t")
    if col >= len(cells):
        return None
    m = pattern.search(clean(cells[col]))
    return m.group(1) if m else None
