"""Text repair before NER, keeping every character traceable to the ORIGINAL text.

PDF conversion (pdftotext) and markdown export damage prose in ways that break rules
and the statistical model alike: references and amounts split over lines (`article L.`
/ `162-23-8`, `5` / `M€`), words cut at line ends (`masseurs-` / `kinésithérapeutes`),
`n°` printed as `n` and `o` on two lines, accents lost into spaces (`cre dits alloue s`),
markup inside words (`1<sup>ère</sup>`, `**761M€**`). `repair()` returns the repaired
text with, for each of its characters, the [start, end) span it stands for in the
original, so a mention found in the repaired text maps back to exactly
`doc.text[start:end]`."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

# inline markup vanishes; block markup becomes a space
_INLINE = re.compile(r"</?(?:sup|sub|b|i|u|em|strong|span|a)\b[^>]*>|\*\*?|\\(?=[_*])|\[(?=[^\]\n]{1,200}\]\()|\]\([^)\n]*\)")
_BLOCK = re.compile(r"</?(?:li|ul|ol|p|br|div|table|tr|td|th)\b[^>]*>")
_BREAK = re.compile(r"[ \t\u00a0]*\n\s*")
_HYPHEN_BREAK = re.compile(r"(?<=\w)-[ \t]*\n\s*(?=\w)")
_N_O = re.compile(r"\b([nN])(?:[ \t]*\n\s*| )o\b(?=\s*[A-Z0-9])")
_LOST_ACCENT = re.compile(r"\b([a-zà-ÿ]+)e ([a-zà-ÿ]+)\b")
_WORD = re.compile(r"[a-zà-ÿœæ]+")


@dataclass(frozen=True)
class Repaired:
    """Repaired text and, per character, the [start, end) it stands for in the original."""
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original(self, start: int, end: int) -> tuple[int, int]:
        """Original [start, end) of repaired text[start:end] (end > start)."""
        return self.starts[start], self.ends[end - 1]


def repair(text: str) -> Repaired:
    """The repaired text of `text` (see module docstring); lines holding a tab (table
    rows) keep their line breaks so that cells of two rows never merge."""
    vocab = {w for w in _WORD.findall(text.lower())}
    edits: list[tuple[int, int, str]] = []
    for m in _INLINE.finditer(text):
        edits.append((m.start(), m.end(), ""))
    for m in _BLOCK.finditer(text):
        edits.append((m.start(), m.end(), " "))
    for m in _N_O.finditer(text):
        edits.append((m.start(), m.end(), m.group(1) + "°"))
    for m in _HYPHEN_BREAK.finditer(text):
        before = re.search(r"\w+$", text[:m.start()]).group(0)
        after = re.match(r"\w+", text[m.end():]).group(0)
        joined = (before + after).lower()
        cut = after[0].islower() and joined in vocab and f"{before}-{after}".lower() not in text.lower()
        edits.append((m.start(), m.end(), "" if cut else "-"))
    for m in _BREAK.finditer(text):
        line_before = text[text.rfind("\n", 0, m.start()) + 1:m.start()]
        nxt = text.find("\n", m.end())
        line_after = text[m.end():nxt if nxt >= 0 else len(text)]
        table = "\t" in line_before or "\t" in line_after
        edits.append((m.start(), m.end(), "\n" if table else " "))
    edits += _lost_accents(text, vocab)
    return _apply(text, edits)


def _lost_accents(text: str, vocab: set[str]) -> list[tuple[int, int, str]]:
    """`cre dits` → `crédits` when `crédits` is a word of the document and `dits` is
    not a word of its own there (`de formation` stays: `formation` stands alone)."""
    words = Counter(_WORD.findall(text.lower()))
    candidates = []
    for m in _LOST_ACCENT.finditer(text):
        accent = next((a for a in "éèê" if m.group(1) + a + m.group(2) in vocab), None)
        if accent:
            candidates.append((m, accent))
    as_fragment = Counter(m.group(2) for m, _ in candidates)
    return [(m.end(1), m.start(2), accent) for m, accent in candidates
            if len(m.group(2)) == 1 or words[m.group(2)] <= as_fragment[m.group(2)]]


def _apply(text: str, edits: list[tuple[int, int, str]]) -> Repaired:
    """Apply non-overlapping edits (first come, first kept, in text order)."""
    edits.sort(key=lambda e: (e[0], -(e[1] - e[0])))
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for start, end, new in edits:
        if start < pos:
            continue
        for i in range(pos, start):
            out.append(text[i])
            starts.append(i)
            ends.append(i + 1)
        for ch in new:
            out.append(ch)
            starts.append(start)
            ends.append(end)
        pos = end
    for i in range(pos, len(text)):
        out.append(text[i])
        starts.append(i)
        ends.append(i + 1)
    return Repaired("".join(out), tuple(starts), tuple(ends))


def breaks(repaired: Repaired, original: str) -> frozenset[int]:
    """Repaired offsets whose character stands for a source line break."""
    return frozenset(i for i, (s, e) in enumerate(zip(repaired.starts, repaired.ends))
                     if e - s > 0 and "\n" in original[s:e])
