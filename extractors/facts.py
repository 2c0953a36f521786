"""Plain dataclasses handed from extractors to the graph builder. Every fact carries
its `Evidence`: where in which source it was read, down to the exact string."""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import Decimal
from typing import Any, ClassVar


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
    role: str | None = None        # base | measure | total | final | transfer | count | percent | label…
    unit: str | None = None        # a unit the header prints for itself; None: the table's

    @property
    def name(self) -> str:
        """The label on one line (header lines joined by single spaces)."""
        return " ".join(self.label.split())

    @property
    def is_amount(self) -> bool:
        """Its numbers are money (not counts, years or labels)."""
        return self.role not in ("count", "year", "label", "percent")


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

    @property
    def readings(self) -> list[str]:
        """The alternatives as text (a split of concatenated digits as `9 607 | 733`)."""
        return [" | ".join(map(str, a)) if isinstance(a, (list, tuple)) else str(a) for a in self.alternatives]


@dataclass
class TotalCheck:
    """A stated total and the cells that should add up to it (as (row, column) keys)."""
    kind: str                      # "column" (a total row) | "row" (a total column)
    total: tuple[int, int]
    parts: list[tuple[int, int]]
    signs: list[int] | None = None  # +1 / -1 per part when a total subtracts


@dataclass
class CheckResult:
    """A printed total recomputed from its printed parts: the fact behind a
    `ckg:TotalCheck` node and a line of `kg check`."""
    check: TotalCheck
    stated: Decimal
    computed: Decimal
    tolerance: Decimal             # in the table's unit: n parts × half a unit of the last digit
    parts: list[Cell]              # the printed (non-empty) parts
    total: Cell
    table: str = ""                # Table.id
    candidates: list[str] = field(default_factory=list)  # readings the totals leave open

    @property
    def diff(self) -> Decimal:
        return self.stated - self.computed

    @property
    def ok(self) -> bool:
        return abs(self.diff) <= self.tolerance

    @property
    def ambiguous(self) -> bool:
        return bool(self.candidates)


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

    def unit_of(self, column: Column) -> str | None:
        """The unit of a column's numbers: its header's own, else the table's."""
        return column.unit or self.unit


# ---------------------------------------------------------------- prose

@dataclass
class Mention:
    """A typed span of prose: one subclass per kind, its fields the normalised identity
    (as eyecite models citations). `section` names the enclosing sections, outermost
    first; `section_line` is the heading line of the innermost one."""
    text: str
    evidence: Evidence
    section: list[str] = field(default_factory=list)
    section_line: int | None = None
    type: ClassVar[str] = "mention"

    @property
    def norm(self) -> dict[str, Any]:
        """The identity fields that are set, as the `norm` of `kg extract entities`."""
        base = {f.name for f in fields(Mention)}
        return {f.name: getattr(self, f.name) for f in fields(self)
                if f.name not in base and getattr(self, f.name) not in (None, False)}


@dataclass
class LegalReference(Mention):
    """A legal text or a code article (`article L. 162-22-13 du code de la sécurité sociale`)."""
    kind: str | None = None        # code_article | loi | decret | arrete | circulaire | instruction…
    code: str | None = None        # CSS, CSP… for a code article
    code_id: str | None = None     # Légifrance LEGITEXT id of the code
    code_inferred: bool = False    # the code was not printed next to the article
    article: str | None = None     # L162-22-13
    article_end: str | None = None  # last article of a range
    number: str | None = None      # 2003-1199, DGOS/R1/2016/236
    date: str | None = None        # ISO
    title: str | None = None
    uri: str | None = None         # ELI or Légifrance address
    rank: int | None = None        # `2ème circulaire budgétaire`
    year: int | None = None        # a yearly act named by its year
    act: str | None = None         # which yearly act: "lfss" | "lf" (ontology/legal_texts.jsonl)
    year_from: str | None = None   # where a missing year was taken from
    kind_from: str | None = None   # the word that gave the kind
    known_number: str | None = None   # identity of a text known by its name
    known_date: str | None = None
    known_uri: str | None = None
    text_unresolved: bool = False  # an article of a text the sentence does not name
    text_from: str | None = None   # "context": the text of a bare article is the one named just before
    type: ClassVar[str] = "legal_ref"


@dataclass
class MigCodeMention(Mention):
    code: str | None = None        # F21
    nature: str | None = None      # MIG | AC | MIGAC
    renewal: str | None = None     # JPE | R | NR
    nomenclature: bool = False     # read in a nomenclature table
    type: ClassVar[str] = "mig_code"


@dataclass
class EstablishmentMention(Mention):
    name: str | None = None        # canonical: CHU de Lille
    kind: str | None = None        # CHU, CH, CLCC, GCS…
    city: str | None = None
    region: str | None = None      # today's region code (INSEE)
    short: str | None = None       # the short form printed (AP-HP)
    parent: str | None = None      # the establishment a site belongs to
    table_row: bool = False        # printed as a table row label
    source: str | None = None      # "ner" when the statistical model found it
    type: ClassVar[str] = "establishment"


@dataclass
class AmountMention(Mention):
    value: Decimal | None = None   # with its scale applied, in `currency`
    currency: str | None = None    # EUR | FRF
    value_eur: Decimal | None = None
    per: str | None = None         # a price per unit (`par lit`): not a total
    currency_implicit: bool = False  # `33 millions`: the currency is the one of the amounts before
    type: ClassVar[str] = "amount"


@dataclass
class RegionMention(Mention):
    code: str | None = None        # today's region
    name: str | None = None
    former: str | None = None      # the pre-2016 region printed, when it is one
    former_name: str | None = None
    type: ClassVar[str] = "region"


@dataclass
class MeasureMention(Mention):
    title: str | None = None       # the measure's name
    heading: str | None = None     # the heading as printed, markers included
    envelope: str | None = None    # MIG, AC, DAF…
    field: str | None = None       # MCO, PSY…
    renewal: str | list[str] | None = None
    code: str | None = None        # MIG code printed in the heading
    type: ClassVar[str] = "measure"


MENTION_TYPES: dict[str, type[Mention]] = {
    cls.type: cls for cls in (LegalReference, MigCodeMention, EstablishmentMention, AmountMention,
                              RegionMention, MeasureMention)}


def make_mention(kind: str, text: str, evidence: Evidence, norm: dict, **where) -> Mention:
    """The typed mention of a finder's (kind, norm); an unknown key fails loudly."""
    cls = MENTION_TYPES[kind]
    if cls is AmountMention:
        norm = {k: Decimal(str(v)) if k in ("value", "value_eur") and v is not None else v
                for k, v in norm.items()}
    return cls(text, evidence, **where, **norm)


@dataclass
class Circular:
    """Document-level facts read from the header of a circular."""
    document: str
    sha256: str
    format: str
    title: str | None = None
    kind: str = "circulaire"       # circulaire | instruction | note_information (as citations name it)
    number: str | None = None      # DGOS/FIP1/2024/166, 2005-473
    nor: str | None = None
    date: str | None = None        # ISO
    year: int | None = None        # campaign year
    issuer: str | None = None
    annexes: list[Section] = field(default_factory=list)
    evidence: dict[str, Evidence] = field(default_factory=dict)


# ---------------------------------------------------------------- links (extractors/resolve)

@dataclass(frozen=True)
class Codes:
    """What a column's printed nature (or its table's title), or a measure heading's
    markers, say as code-list notations (ontology/codes.ttl)."""
    envelope: str | None = None    # MIGAC, DAF… (ontology/codes.ttl)
    activity: str | None = None    # MCO, PSY…
    renewal: str | None = None     # JPE | R | NR


@dataclass(frozen=True)
class RowEntity:
    """Where a table row sits: a region (code of the reference list) and, for an
    establishment row, its canonical name."""
    region: str | None = None      # a region code (`84`, former `42-2015`, aggregate `FR`)
    establishment: str | None = None
    establishment_region: str | None = None   # today's region of the establishment
    today: str | None = None       # today's region holding `region` (an aggregate is its own)


@dataclass(frozen=True)
class Cited:
    """An establishment named in prose, placed in today's region."""
    name: str
    region: str | None


@dataclass
class Measure:
    """A funded measure: a heading of the document, or a `measure` mention outside one."""
    label: str
    codes: set[str]
    first_line: int
    last_line: int
    level: int                     # heading level; MENTION_LEVEL for a mention
    heading_line: int | None = None   # the heading's line (a section)
    mention: int | None = None     # index in DocumentFacts.mentions


MENTION_LEVEL = 99


@dataclass
class MeasureLink:
    """A measure and the table columns funding it, found by MIG code or by label."""
    measure: Measure
    columns: list[tuple[str, int]]   # (table id, column index)
    method: str                      # "mig_code" | "label"


@dataclass
class AmountCheck:
    """A prose amount against the table totals it announces, in euros."""
    mention: int                     # index in DocumentFacts.mentions
    totals: list[tuple[str, int, int]]   # (table id, row, column) of the grand totals summed
    stated: Decimal
    computed: Decimal
    tolerance: Decimal
    reconciled: bool


@dataclass(frozen=True)
class LegalIdentity:
    """The text or code article a legal reference designates (extractors/resolve/legal.py)."""
    kind: str                        # code_article | loi | loi_organique | decret | arrete | circulaire…
    label: str                       # one French label, from the identity alone
    iri_kind: str | None = None      # the numbering the text belongs to (a loi organique: loi)
    code: str | None = None
    article: str | None = None
    article_end: str | None = None
    code_name: str | None = None     # Code de la sécurité sociale…
    number: str | None = None
    date: str | None = None          # ISO, as printed or from the reference table
    title: str | None = None         # for a text known only by its date
    uri: str | None = None


@dataclass
class Links:
    """The resolution of one document's facts (extractors/resolve), by fact key."""
    columns: dict[tuple[str, int], Codes] = field(default_factory=dict)
    datasets: dict[str, str | None] = field(default_factory=dict)        # table id → envelope
    last_totals: dict[str, int] = field(default_factory=dict)            # table id → its last total column
    column_sums: dict[tuple[str, int], tuple[int, Decimal]] = field(default_factory=dict)  # (cells, €) below totals
    rows: dict[tuple[str, int], RowEntity] = field(default_factory=dict)
    establishments: dict[int, Cited] = field(default_factory=dict)       # mention index →
    regions: dict[int, str] = field(default_factory=dict)                # mention index → region code
    measure_codes: dict[int, Codes] = field(default_factory=dict)        # mention index →
    legal: dict[int, LegalIdentity] = field(default_factory=dict)        # mention index →
    nomenclature: dict[tuple[str, int], str] = field(default_factory=dict)  # (table, row) → MIG code
    measures: list[MeasureLink] = field(default_factory=list)
    amount_checks: list[AmountCheck] = field(default_factory=list)


@dataclass
class DocumentFacts:
    """Everything read from one document, computed once (`extractors.extract.extract`):
    the graph builder turns it into quads and reads nothing else."""
    document: Any                  # extractors.document.Document
    circular: Circular
    tables: list[Table]
    checks: list[CheckResult]
    mentions: list[Mention]
    links: Links
