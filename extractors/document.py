"""The document model every extractor reads: pages of lines (and PDF words), each
keeping where it sits in the source so any later fact can be traced back to it."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class Word:
    """A PDF word with its box (PDF points, origin top-left) and its offsets in `Document.text`."""
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    start: int
    end: int
    bold: bool = False


@dataclass(frozen=True)
class Line:
    """One source line: 1-based `number` in the document, its page, and char offsets
    [start, end) into `Document.text` (end excludes the newline)."""
    number: int
    page: int
    start: int
    end: int
    text: str
    words: tuple[Word, ...] = ()


@dataclass
class Page:
    number: int
    lines: list[Line] = field(default_factory=list)
    width: float | None = None
    height: float | None = None
    rotation: int = 0
    # PDF: the vertical sides of the cells of the ruled tables on the page, as
    # (x, top, bottom) in the frame its words are read in
    rules: list[tuple[float, float, float]] = field(default_factory=list)


@dataclass
class Document:
    """A read file: `text` is what every offset points into; `pages` hold its lines."""
    path: str
    name: str
    sha256: str
    format: str  # "text" | "markdown" | "html" | "pdf"
    text: str
    pages: list[Page]
    title: str | None = None

    @cached_property
    def lines(self) -> list[Line]:
        return [line for page in self.pages for line in page.lines]

    @cached_property
    def _starts(self) -> list[int]:
        return [line.start for line in self.lines]

    def line(self, number: int) -> Line:
        """The line with this 1-based number."""
        return self.lines[number - 1]

    def line_at(self, offset: int) -> Line:
        """The line holding character `offset` of `text`."""
        i = bisect.bisect_right(self._starts, offset) - 1
        return self.lines[max(i, 0)]

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    @cached_property
    def sections(self):
        from extractors.sections import find_sections
        return find_sections(self)
