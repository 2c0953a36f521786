"""The grid every cell-delimiting detector (`html`, `pipes`, `dump`, `whitespace`) hands
over: header rows and data rows of cells that keep their offsets in the document, spans
already expanded. The header model of `header` (group headers over leaf columns,
joined as `group / leaf`), one row model (the first column labels the row; a row that only holds a
spanning heading or sentence is not a row of cells), then `solver.build_table`, whose solver
chooses among a row's readings with the totals and flags what stays open."""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from extractors.numbers import NUMBER_RE, NumberError, parse_number
from extractors.tables.solver import RawRow, Tok, build_table
from extractors.tables.header import MIG_CODE, annex_title, context_above, leaf_labels, make_columns, unit_of
from extractors.tables.rows import YEAR, is_identifier, is_row_code
from extractors.textnorm import fold

# a footnote call glued after a cell or a label: `19 034 11 ( * )`, `dépenses 12 ( * )`,
# `Alsace (1)`, `Bretagne*`; a call's number has no leading zero (`300 000 (*)` is 300 000)
_FOOTNOTE = re.compile(r"(?:\s+[1-9]\d?)?\s*\(\s*\*+\s*\)\s*$|\s*\(\s*\d{1,2}\s*\)\s*$|\s*\*+\s*$")
_DIGIT = re.compile(r"\d")
# the thousands set apart by dots, as old Sénat reports print them (`41.880,8`, `274.720`)
_DOTTED = re.compile(r"-?\s?[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?")
_SUFFIX = re.compile(r"(?<=\d)\s*(Md€|[kKM]€|€|euros?|EUR)$", re.I)


def strip_footnote(text: str) -> str:
    """`19 034 11 ( * )` → `19 034`; a label without its footnote call."""
    if not text.rstrip().endswith((")", "*")):    # every footnote call ends so: no regex pass
        return text.strip()
    prev = None
    while prev != text:
        prev, text = text, _FOOTNOTE.sub("", text).strip()
    return text


def undotted(text: str) -> str:
    """A number printed with dots between its thousands (`41.880,8`) without them; any
    other text as it is."""
    return text.replace(".", "") if _DOTTED.fullmatch(text) else text


@dataclass
class GCell:
    """One printed cell: its text on one line and the offsets of that text in the document
    (for a number: of the number alone). `spanned` marks the copies a colspan/rowspan
    leaves in the cells it covers."""
    text: str
    start: int
    end: int
    spanned: bool = False
    hard: bool = False     # set apart from the cell before by a no-break space (whitespace tables)

    @property
    def percent(self) -> bool:
        return strip_footnote(self.text).endswith("%")

    @property
    def currency(self) -> str | None:
        """The unit symbol a cell prints after its number (`1 234 €`, `5,1 M€`), or None."""
        m = _SUFFIX.search(strip_footnote(self.text))
        if not m:
            return None
        word = m.group(1).lower()
        return {"k€": "k€", "m€": "M€", "md€": "Md€"}.get(word, "€")

    @property
    def number(self) -> Decimal | None:
        """The value printed (a percentage's or an amount's without its sign), or None."""
        if not _DIGIT.search(self.text):      # most label cells: no number without a digit
            return None
        text = _SUFFIX.sub("", re.sub(r"\s*%$", "", strip_footnote(self.text)))
        text = undotted(text)
        if not text or not NUMBER_RE.fullmatch(text):
            return None
        try:
            return parse_number(text)
        except NumberError:
            return None


@dataclass
class Grid:
    """A table as read: `header` rows (each `width` cells, None where empty) over the data
    `rows` (label cell first); `readings`, when a detector cannot tell a row's columns from
    its delimiters, gives each data row its candidate value lists (see `solver.RawRow`)."""
    header: list[list[GCell | None]]
    rows: list[list[GCell | None]]
    lines: list[int]                       # per data row: line of its values
    first_line: int
    last_line: int
    title: str = ""
    unit: str | None = None
    readings: list[list[list[GCell | None]]] | None = None
    ranks: list[list[int] | None] | None = None
    parents: list[str | None] | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max(len(r) for r in self.header + self.rows)


def is_heading_row(row: list[GCell | None]) -> bool:
    """A group heading or a spanning sentence: the cells after the label are empty or one
    cell spread over them, and no number is printed."""
    values = [c for c in row[1:] if c is not None]
    if not values:
        return True                                   # a label alone
    own = [c for c in values if not c.spanned]
    spread = len(row) > 2 and len(own) <= 1 and len(values) > len(own)
    return spread and all(c.number is None for c in own)


def years_header(rows: list[list[GCell | None]], i: int) -> bool:
    """The first row of a table printing only years after its first cell (`Régions |
    2012 | 2013`) heads year columns when the rows below print other numbers."""
    if i != 0 or len(rows) < 2:
        return False
    numbers = [c for c in rows[i][1:] if c is not None and not c.spanned and c.number is not None]
    years = all(YEAR.match(strip_footnote(c.text)) for c in numbers)
    below = [c for r in rows[i + 1:] for c in r[1:] if c is not None and c.number is not None]
    return bool(numbers) and years and any(not YEAR.match(strip_footnote(c.text)) for c in below)


def placements(cells: list, n: int) -> list[list]:
    """Every way to put a row's values, in order, in n columns (the row prints k of n, its
    empty cells unmarked). None is preferred: only the totals tell them apart, and a row
    they leave open is flagged ambiguous (a leftmost preference misplaced cells silently)."""
    out = []
    for slots in itertools.combinations(range(n), len(cells)):
        row = [None] * n
        for s, c in zip(slots, cells):
            row[s] = c
        out.append(row)
    return out


def _tok(cell: GCell | None) -> Tok | None:
    if cell is None or cell.spanned:
        return None
    value = cell.number
    if value is None:
        return None
    return Tok(strip_footnote(cell.text), cell.start, cell.start + len(strip_footnote(cell.text)), value)


def _identifiers(label: str, numbers: list[GCell]) -> bool:
    """Numbers that are codes (FINESS, SIRET): 9 digits or more without grouping, or 8
    under a header that names an identifier."""
    return bool(numbers) and all(is_identifier(c.text, label) for c in numbers)


def _role(label: str, cells: list[GCell]) -> str | None:
    texts = [c for c in cells if c is not None and not c.spanned and c.text]
    if not texts:
        return None
    numbers = [c for c in texts if c.number is not None]
    if len(numbers) * 2 < len(texts) or _identifiers(label, numbers):
        return "label"               # text, or identifiers (FINESS, SIRET): not amounts
    if all(YEAR.match(strip_footnote(c.text)) for c in numbers) and "annee" in fold(label).split():
        return "year"
    if numbers and (all(c.percent for c in numbers) or "%" in label or re.match(r"(taux|part|pourcentage)\b", fold(label))):
        return "percent"
    return None


def _coded(data) -> bool:
    """The first column holds a code per row (`01`, `2A`, `971`, a rank) and the second
    the row's name: two rows at least, every printed first cell a code."""
    pairs = [(r[0].text, r[1]) for _, r in data if r[0] is not None and r[0].text]
    return len(pairs) >= 2 and all(is_row_code(code) and name is not None and name.text and name.number is None
                                   for code, name in pairs)


def _carry_groups(data) -> None:
    """A group printed only on its first row, without rowspan (`ARS Bretagne` then
    empty first cells under it, the rows labelled by the next column): the empty first
    cells are the group's, as a rowspan would have spread it."""
    last = None
    for _, row in data:
        first, second = row[0], row[1] if len(row) > 2 else None
        if first is not None and first.text:
            last = first
        elif last is not None and second is not None and second.text and second.number is None \
                and any(c is not None and c.text for c in row[2:]):
            row[0] = GCell(last.text, last.start, last.end, spanned=True)


def text_columns(block) -> bool:
    """A tab or markdown block (`tabbed.Block`) whose rows each print their own key first
    (a MIG code, a region: every row a different one) then text under a header (its
    label, its centre): columns of text cells, not a label nested in a group."""
    if block.labels < 2 or not block.header:
        return False
    named = [any(j < len(r.cells) and r.cells[j].text for r in block.header) for j in range(1, block.labels)]
    keys = [r.cells[0].text if r.cells else "" for r in block.data]
    return all(named) and all(keys) and len(set(keys)) == len(keys)


def cell_table(doc, block):
    """The Table of a tab or markdown block read by this model (text cells kept)."""
    def cells(row):
        return [GCell(c.text, c.start, c.end) if c.text else None for c in row.cells]
    title, unit, _ = context_above(doc, block.first_line)
    grid = Grid([cells(r) for r in block.header], [cells(r) for r in block.data],
                [r.line for r in block.data], block.first_line, block.last_line, title=title, unit=unit)
    return build(doc, grid)


def build(doc, grid: Grid):
    """The Table of a grid (None when it holds no cell)."""
    width = grid.width
    header = [r + [None] * (width - len(r)) for r in grid.header]
    labels = leaf_labels(header, width)
    data = [(k, r + [None] * (width - len(r))) for k, r in enumerate(grid.rows)]
    coded = grid.readings is None and width > 2 and _coded(data)
    if not coded:
        _carry_groups(data)
    data = [(k, r) for k, r in data if not is_heading_row(r) and any(
        c is not None and c.text for c in r[:2 if coded else 1])]
    if not data:
        return None
    roles = [_role(labels[j], [r[j] for _, r in data]) for j in range(width)]
    # a group printed once over several rows (rowspan: `ARS Bretagne` over three
    # establishments): the next column labels the rows, the group is their parent; a
    # column of codes (`01`, `2A`, `67`) before the names: the names label the rows
    lead = 2 if coded or (grid.readings is None and width > 2 and roles[1] == "label"
                          and any(r[0].spanned for _, r in data)) else 1
    columns = make_columns([labels[j] for j in range(lead, width)])
    for col, role in zip(columns, roles[lead:]):
        if role:
            col.role = role
            col.is_total = False
    for col, j in zip(columns, range(lead, width)):
        symbols = {c.currency for _, r in data if (c := r[j]) is not None and not c.spanned and c.number is not None}
        if len(symbols) == 1 and None not in symbols and col.unit is None:
            col.unit = symbols.pop()
        elif len(symbols - {None}) > 1:
            grid.notes.append(f"column {col.label!r} prints its amounts in several units "
                              f"({', '.join(sorted(symbols - {None}))}): values are as printed")
    raws = []
    for k, row in data:
        label_cell = row[lead - 1]
        if label_cell is None or not label_cell.text:
            continue
        label = strip_footnote(label_cell.text)
        text_cells = {}
        for j in range(lead, width):
            cell = row[j]
            if roles[j] == "label" and cell is not None and not cell.spanned and cell.text:
                text_cells[j - lead] = Tok(cell.text, cell.start, cell.end, None)
        if grid.readings is not None:
            readings = [[None if roles[j + 1] == "label" else _tok(c) for j, c in enumerate(rd)]
                        for rd in grid.readings[k]]
        else:
            readings = [[None if roles[j] == "label" else _tok(row[j]) for j in range(lead, width)]]
        if not any(t is not None for rd in readings for t in rd) and not text_cells:
            continue
        ranks = grid.ranks[k] if grid.ranks else None
        parent = grid.parents[k] if grid.parents else None
        if lead == 2 and not coded:
            parent = strip_footnote(row[0].text)
        raws.append(RawRow(label, grid.lines[k], readings, ranks=ranks,
                           label_span=(label_cell.start, label_cell.start + len(label)),
                           text_cells=text_cells, parent=parent))
    if not raws:
        return None
    title, annex = grid.title, None
    found_title, annex = annex_title(doc, grid.first_line)
    if not title:
        title = found_title
    units = [c.unit for c in columns if c.unit]
    unit = grid.unit or unit_of(labels) or (max(set(units), key=units.count) if units else None)
    table = build_table(doc, raws, columns, title, annex, unit, grid.first_line, grid.last_line)
    if any(r == "label" for r in roles[1:]) and all(MIG_CODE.match(r.label) for r in table.rows):
        table.kind = "nomenclature"
    table.issues = grid.notes + table.issues
    return table


def settle(table, grid: Grid) -> bool:
    """Placements of `dont` and balance rows from the cells the totals chose for the
    others (the detectors that cannot tell a row's columns: `dump`, `whitespace`): a `dont`
    row (a part of the row above) prints no more than its parent in the same column; a
    balance row after the totals (`Résultat`) prints the difference of two columns of the
    total row, under the first of them. Their options are tied on purpose (equal ranks): the builder flags them
    ambiguous when more than one remains."""
    chosen = {}
    for cell in table.cells:
        chosen.setdefault(table.rows[cell.row].label, {})[cell.column] = cell.value
    by_label = {r.label: r for r in table.rows}
    totals = [r for r in table.rows if r.is_total]
    changed = False
    for k, options in enumerate(grid.readings):
        label = strip_footnote(grid.rows[k][0].text)
        row = by_label.get(label)
        if row is None:
            continue
        keep = None
        if grid.parents[k] is not None and grid.parents[k] in chosen:
            mine = chosen[grid.parents[k]]
            keep = [o for o in options
                    if all(c is None or (j in mine and c.number <= mine[j]) for j, c in enumerate(o))]
        elif totals and row.index > totals[-1].index and not row.is_total:
            total = chosen.get(totals[-1].label, {})
            keep = []
            for o in options:
                placed = [(j, c) for j, c in enumerate(o) if c is not None]
                if len(placed) == 1 and any(a == placed[0][0] and total[a] - total[b] == placed[0][1].number
                                            for a, b in itertools.permutations(total, 2)):
                    keep.append(o)
            keep.sort(key=lambda o: -next(j for j, c in enumerate(o) if c is not None))   # the last one first
        if keep:
            grid.readings[k] = keep
            if grid.ranks is not None:
                grid.ranks[k] = [0] * len(keep)
            grid.rows[k] = [grid.rows[k][0]] + keep[0]
            changed = True
    return changed
