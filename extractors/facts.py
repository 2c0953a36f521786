"""Plain dataclasses handed from extractors to the graph builder. Every fact carries
its `Evidence`: where in which source it was read, down to the exact string."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Evidence:
    """A span of a document: sha256 + page + line + char offsets [start, end) into the
    document text, and the exact quote. Line numbers are 1-based."""
    document: str          # file name as given (e.g. 000_e5e150b2e5b19c7b.txt)
    sha256: str
    page: int
    line: int
    start: int
    end: int
    quote: str
    box: tuple[float, float, float, float] | None = None  # PDF only: x0, top, x1, bottom

    @classmethod
    def of(cls, doc, start: int, end: int) -> "Evidence":
        """Evidence for doc.text[start:end], with the page and line of `start`."""
        line = doc.line_at(start)
        box = None
        words = [w for w in line.words if w.start < end and w.end > start]
        if words:
            box = (min(w.x0 for w in words), min(w.top for w in words),
                   max(w.x1 for w in words), max(w.bottom for w in words))
        return cls(doc.name, doc.sha256, line.page, line.number, start, end,
                   doc.text[start:end], box)

    def context(self, doc, width: int = 80) -> tuple[str, str]:
        """Text just before and after the quote, for auditors."""
        return (doc.text[max(0, self.start - width):self.start],
                doc.text[self.end:self.end + width])


@dataclass
class Section:
    """A heading of the document: an annex or a numbered / markdown heading."""
    kind: str            # "annex" | "heading"
    label: str           # "I", "II.1", "1", "a" (annex: its number as printed)
    title: str
    level: int           # annex = 0, then 1, 2, 3…
    line: int            # line of the heading
    end_line: int        # last line it covers
    parent: int | None   # index of the enclosing section in Document.sections
    evidence: Evidence | None = None


# ---------------------------------------------------------------- tables

@dataclass
class Column:
    index: int
    label: str                     # full header text, joined over its lines
    code: str | None = None        # MIG/AC code (F21…) when the header prints one
    nature: str | None = None      # "MIG MCO", "AC MCO", "DAF MCO", "dotation recherche"…
    renewal: str | None = None     # "JPE" | "R" | "NR"
    is_total: bool = False         # a row-total column (Total délégations, TOTAL mesures…)
    role: str | None = None        # base | measure | total | final | transfer | count | label…
    unit: str | None = None        # a unit the header prints for itself; None: the table's


@dataclass
class Row:
    index: int
    label: str                     # resolved region / establishment / code
    line: int                      # line where its values are printed
    is_total: bool = False         # France métropolitaine, DOM, France entière, Total…
    parent: str | None = None      # region of an establishment row
    printed_label: str | None = None   # the label as printed, None on continuation pages
    ambiguous: bool = False
    candidates: list[str] = field(default_factory=list)  # when ambiguous: the possible labels


@dataclass
class Cell:
    row: int                       # Row.index
    column: int                    # Column.index
    text: str                      # exactly as printed
    value: Decimal | None          # in the table unit; None for a text cell
    evidence: Evidence
    ambiguous: bool = False
    alternatives: list[Any] = field(default_factory=list)


@dataclass
class TotalCheck:
    """A stated total and the cells that should add up to it (as (row, column) keys)."""
    kind: str                      # "column" (a total row) | "row" (a total column)
    total: tuple[int, int]
    parts: list[tuple[int, int]]
    signs: list[int] | None = None  # +1 / -1 per part when a total subtracts


@dataclass
class Table:
    id: str                        # stable: "<doc stem>/t<n>"
    document: str
    title: str                     # annex + table title
    annex: str | None
    unit: str | None               # "k€" | "kF" | "€" | None
    kind: str = "amounts"          # "amounts" | "nomenclature"
    columns: list[Column] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    cells: list[Cell] = field(default_factory=list)
    checks: list[TotalCheck] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)   # source inconsistencies, with numbers
    first_line: int = 0
    last_line: int = 0


# ---------------------------------------------------------------- prose

@dataclass
class Mention:
    """A typed span of prose with its normalised identity (`norm`)."""
    type: str                      # legal_ref | mig_code | establishment | amount | region | measure
    text: str
    evidence: Evidence
    norm: dict[str, Any] = field(default_factory=dict)
    section: list[str] = field(default_factory=list)   # section path, outermost first


@dataclass
class Circular:
    """Document-level facts read from the header of a circular."""
    document: str
    sha256: str
    format: str
    title: str | None = None
    number: str | None = None      # DGOS/FIP1/2024/166, 2005-473
    nor: str | None = None
    date: str | None = None        # ISO
    year: int | None = None        # campaign year
    issuer: str | None = None
    annexes: list[Section] = field(default_factory=list)
    evidence: dict[str, Evidence] = field(default_factory=dict)
