"""Section structure as data: document → annexes (`Annexe I`, `A N N E X E II`,
`Annexe 1 - dotations SMR`) → numbered or markdown headings (`I.`, `1-`, `a.`, `II.1.`,
`##`). Lists of annexes in a circular's header (lines ending with `;`) are not headings."""
from __future__ import annotations

import re

from extractors.facts import Evidence, Section

_MARKUP = re.compile(r"</?[a-z][^>]*>|\*\*|__|\\(?=_)")
# `Annexe II`, `ANNEXE 3`, `A N N E X E IV`, `Annexe IB`: the head of an annex heading,
# shared by the readers that look for the annex a table or a list sits in
ANNEX_HEAD = r"(?:A\s?N\s?N\s?E\s?X\s?E|Annexe|ANNEXE)\s+(?P<num>[IVXL]+[A-E]?|\d+)\b"
_ANNEX = re.compile(rf"^{ANNEX_HEAD}\.?(?:\s*[-–:.]\s*|\s+|$)(?P<title>.*)$")
_NUMBERED = re.compile(
    r"^(?P<num>(?:[IVXL]+|\d{1,2})(?:\s?\.\s?\d{1,2})*|[a-h])\s?(?:[.)]|\s?[-–])\s+(?P<title>\S.*)$")


def clean(text: str) -> str:
    """A line without markdown/HTML emphasis, heading marks and outer spaces."""
    return _MARKUP.sub("", re.sub(r"^\s*#{1,6}\s+", "", text)).strip()


def _level(num: str) -> int:
    parts = re.split(r"\s?\.\s?", num)
    if len(parts) > 1:
        return 1 + len(parts) - 1
    if re.fullmatch(r"[IVXL]+", num):
        return 1
    if num.isdigit():
        return 2
    return 3


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


def annex_number(num: str) -> str:
    """`1` and `I` name the same annex: compare annex numbers as roman numerals."""
    if num.isdigit():
        n, out = int(num), ""
        for value, letters in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
            while n >= value:
                out, n = out + letters, n - value
        return out
    return num


def _is_annex_list(text: str) -> bool:
    return bool(re.match(r"(?i)^(annexes?|pi[èe]ces?\s+jointes?)\s*:?\s*$", text))


def find_sections(doc) -> list[Section]:
    """Annexes and headings in document order, each with its parent and line range."""
    found: list[Section] = []
    stack: list[int] = []
    current_annex: str | None = None
    previous = ""          # previous non-blank cleaned line
    in_list = False        # inside a list of annexes (header of a circular)
    lines = doc.lines
    for i, line in enumerate(lines):
        raw = line.text
        text = clean(raw)
        if not text:
            continue
        before, previous = previous, text
        if len(text) > 220:
            in_list = False
            continue
        md = re.match(r"^\s*(#{1,6})\s", raw)
        annex = _ANNEX.match(text)
        section = None
        if annex:
            listed = (text.endswith((";", ",")) or _is_annex_list(before)
                      or (in_list and bool(_ANNEX.match(before))))
            in_list = listed
            if listed:
                continue
            num = annex_number(annex.group("num"))
            if num == current_annex:      # a table page repeating its annex heading
                continue
            current_annex = num
            title = annex.group("title").strip(" .-–:")
            if not title:
                title = next((clean(x.text) for x in lines[i + 1:i + 4] if clean(x.text)), "")
            section = Section("annex", num, title, 0, line.number, line.number, None)
        else:
            in_list = False
            numbered = _NUMBERED.match(text)
            if numbered and not text.endswith((";", ",")) and _is_heading(numbered.group("title"), md):
                num = re.sub(r"\s", "", numbered.group("num"))
                section = Section("heading", num, numbered.group("title").strip(), _level(num),
                                  line.number, line.number, None)
            elif md and len(text) < 200:
                section = Section("heading", "", text, len(md.group(1)), line.number, line.number, None)
        if section is None:
            continue
        start = line.start + max(raw.find(text[:10]), 0)
        section.evidence = Evidence.of(doc, start, min(start + len(text), line.end))
        while stack and found[stack[-1]].level >= section.level:
            stack.pop()
        section.parent = stack[-1] if stack else None
        found.append(section)
        stack.append(len(found) - 1)
    last = doc.lines[-1].number if doc.lines else 0
    for i, s in enumerate(found):
        nxt = next((t.line for t in found[i + 1:] if t.level <= s.level), last + 1)
        s.end_line = nxt - 1
    return found


def _is_heading(title: str, markdown) -> bool:
    """A numbered line is a heading when it reads like a title, not a sentence of prose."""
    if markdown:
        return True
    if len(title) > 160 or not (title[0].isupper() or title[0] in "«\"'("):
        return False
    return not re.search(r"[a-zé]\s*[.;:]$", title) or len(title) < 90


def find_paragraphs(doc) -> list[tuple[int, int]]:
    """Paragraphs as (first line, last line): runs of non-blank lines, cut at headings and
    blank lines — except where pdftotext put a blank line inside a sentence (the line
    before ends without punctuation and the next one starts in lower case)."""
    heading_lines = {s.line for s in doc.sections}
    paragraphs, first, last = [], None, None
    lines = doc.lines
    for i, line in enumerate(lines):
        text = line.text.strip()
        if not text or line.number in heading_lines:
            if not text and first is not None and _continues(lines[last - 1].text, lines[i + 1:i + 3]):
                continue
            if first is not None:
                paragraphs.append((first, last))
            first = last = None
            continue
        first = line.number if first is None else first
        last = line.number
    if first is not None:
        paragraphs.append((first, last))
    return paragraphs


def _continues(previous: str, following) -> bool:
    nxt = next((l.text.strip() for l in following if l.text.strip()), "")
    return bool(nxt) and nxt[0].islower() and not previous.rstrip().endswith((".", ":", ";", "!", "?"))


def section_path(doc, line_number: int) -> list[Section]:
    """Sections enclosing a line, outermost first."""
    sections = doc.sections
    inner = None
    for i, s in enumerate(sections):
        if s.line <= line_number <= s.end_line:
            inner = i
    path = []
    while inner is not None:
        path.insert(0, sections[inner])
        inner = sections[inner].parent
    return path
