"""Tab-separated tables (2024 circulars converted to markdown/HTML): one line per row,
cells split by tabs, totals in `<b>`; well-formed markdown pipe tables (`pipes`) and
PDF grids (`pdfgrid`) hand their rows over as the same blocks.

A table starts with a page whose rows are labelled (regions) and whose 3–5 header rows
give each column its label, nature (`MIG MCO`, `dotation recherche`, `OD`…), MIG code
and renewal (`JPE`/`NR`/`R`). Continuation pages that follow under the same title print
the next columns with no row labels and without the rows that are empty there: their
total rows are found by position and sums, and their other rows are given to regions by
`assign.assign_rows`, from the row totals: what each total column adds up is the reading
its label states (`Total délégations`, `Total dotations`…) unless most rows contradict
it, else the one the sums choose (`solver.RowTotals`). All pages make one logical Table, so
row totals span pages."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from itertools import product

from extractors.facts import Cell, Column, Evidence, Row, Table, TotalCheck
from extractors.numbers import NumberError, decimals_of, parse_number, rounding_tolerance
from extractors.regions import find_region
from extractors.sections import clean, section_path
from extractors.tables import grid
from extractors.tables.assign import Rule, assign_rows, merged_rows
from extractors.tables.solver import RowTotals, part_candidates, settled_checks
from extractors.tables.header import COUNT, attribute, context_above, formula, unit_only
from extractors.tables.rows import YEAR, is_identifier, is_row_code, page_furniture
from extractors.textnorm import fold, is_total_label

_EDGE = r"(?:\s|</?[a-zA-Z]+>|\*\*)*"
_LEAD = re.compile("^" + _EDGE)
_TRAIL = re.compile(_EDGE + "$")
_STOP = {"de", "du", "des", "la", "le", "les", "d", "l", "et", "en", "a", "au", "aux",
         "total", "totaux", "base", "bases", "dotation", "dotations"}
_FAMILY = {"mig": "migac", "ac": "migac", "migac": "migac"}   # MIG and AC measures make MIGAC


def _words(text: str) -> set[str]:
    return {_FAMILY.get(w, w) for w in fold(text).split()} - _STOP


# ---------------------------------------------------------------- raw grid

@dataclass
class GridCell:
    text: str
    start: int
    end: int
    bold: bool

    @cached_property
    def _printed(self) -> grid.GCell:
        return grid.GCell(self.text, self.start, self.end)

    @cached_property
    def _number(self) -> Decimal | None:
        """The number as every grid cell reads it, also with its unit or a percent sign
        after it (`1 234 €`, `5,1 M€`, `12,5 %`)."""
        return self._printed.number if self.text and not is_identifier(self.text) else None

    @cached_property         # read many times per cell by the row shapes and the builder
    def value(self) -> Decimal | None:
        if self._number is not None or not self.text or is_identifier(self.text):
            return self._number
        try:                 # a tab or a PDF column delimits the cell: `21 239271` is one number
            return parse_number(grid.undotted(self.text))
        except NumberError:
            return None

    @property
    def irregular(self) -> bool:
        """A number whose digits are not grouped by three (`21 239271`): read, and said."""
        return self.value is not None and self._number is None

    @property
    def percent(self) -> bool:
        return self._printed.percent

    @property
    def currency(self) -> str | None:
        return self._printed.currency


@dataclass
class GridRow:
    line: int
    cells: list[GridCell]


@dataclass
class Block:
    """Header rows and data rows of one page of a table; the first `labels` cells of
    each row are its label cells (region, establishment, FINESS…), the others values."""
    header: list[GridRow]
    data: list[GridRow]
    labels: int

    @property
    def labelled(self) -> bool:
        return self.labels > 0

    @property
    def first_line(self) -> int:
        return (self.header or self.data)[0].line

    @property
    def last_line(self) -> int:
        return self.data[-1].line

    def values(self, row: GridRow) -> list[GridCell]:
        return row.cells[self.labels:]

    def width(self) -> int:
        return max(len(r.cells) - self.labels for r in self.header + self.data)

    def label(self, row: GridRow) -> tuple[str, str | None]:
        """(label, parent) of a data row: the last named label cell (an establishment),
        and the first one when there are several (its region)."""
        texts = [grid.strip_footnote(clean(c.text)) for c in row.cells[:self.labels]]   # `Corse*`, `Bretagne (1)`
        named = [t for t in texts if t and not is_row_code(t)] or [t for t in texts if t]
        if not named:
            return "", None
        parent = texts[0] if self.labels > 1 and texts[0] in named and texts[0] != named[-1] else None
        return named[-1], parent


def grid_cell(raw: str, pos: int) -> GridCell:
    """A cell from its raw text at offset `pos`: `<b>`/`**` marks and spaces around it
    are not its text but say that it is bold."""
    a = _LEAD.match(raw).end()
    b = a + _TRAIL.search(raw[a:]).start()
    return GridCell(raw[a:b], pos + a, pos + b, "<b>" in raw or "**" in raw)


def cells_of(parts: list[str], pos: int) -> list[GridCell]:
    """The cells of a row split at one-character separators, its first part at `pos`."""
    cells = []
    for raw in parts:
        cells.append(grid_cell(raw, pos))
        pos += len(raw) + 1
    return cells


def _labels(cells: list[GridCell]) -> int | None:
    """How many label cells lead a data row (its text cells all precede its numbers);
    None when the row has no number or mixes text among its numbers."""
    numbers = [i for i, c in enumerate(cells) if c.value is not None]
    texts = [i for i, c in enumerate(cells) if c.text and c.value is None]
    if numbers[:1] == [0] and texts[:1] == [1] and is_row_code(cells[0].text):
        numbers, texts = numbers[1:], [0] + texts        # `67 | Bas-Rhin | …`: a code, then the name
    if not numbers:
        return None
    if texts and max(texts) > min(numbers):
        return None
    return max(texts) + 1 if texts else 0


def _years_head(rows: list[GridRow], i: int) -> bool:
    """The first row printing numbers prints only years among its labels (`1998 LFI`, then
    `2000` over a column of its own), and the rows below print other numbers: a header."""
    numbers = [c.text for c in rows[i].cells if c.value is not None]
    return all(YEAR.match(t) for t in numbers) and any(
        c.value is not None and not YEAR.match(c.text) for r in rows[i + 1:] for c in r.cells)


def block_of(rows: list[GridRow]) -> Block | None:
    """Header rows over data rows, split at the first row printing numbers after its
    labels; the label count most data rows share (None: fewer than two data rows)."""
    shapes = [_labels(r.cells) for r in rows]
    first = next((i for i, s in enumerate(shapes) if s is not None), None)
    if first is not None and _years_head(rows, first):
        first = next((i for i, s in enumerate(shapes) if s is not None and i > first), None)
    if first is None:
        return None
    counts = Counter(s for s in shapes[first:] if s is not None)
    if sum(counts.values()) < 2:
        return None
    labels = max(counts, key=lambda s: (counts[s], s))
    return Block(rows[:first], rows[first:], labels)


def _blocks(doc) -> list[Block]:
    """Runs of lines holding a tab, one row each."""
    runs, run = [], []
    for line in doc.lines:
        if "\t" in line.text:
            run.append(line)
        elif run:
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    blocks = [block_of([GridRow(line.number, cells_of(line.text.split("\t"), line.start)) for line in run])
              for run in runs]
    return [b for b in blocks if b is not None]


# ---------------------------------------------------------------- one logical table

@dataclass
class _Page:
    block: Block
    col0: int                          # global index of its first column
    rows: list[int] = field(default_factory=list)   # per data row: Row index (None = unassigned)


class _Builder:
    def __init__(self, doc, block: Block, title: str, unit: str | None):
        self.doc, self.title, self.unit = doc, title, unit
        self.pages: list[_Page] = []
        self.columns: list[Column] = []
        self.issues: list[str] = []
        self.add(block)

    def add(self, block: Block) -> None:
        col0 = len(self.columns)
        heads = [self._heads(block, i) for i in range(block.width())]
        groups = _groups(heads)
        for i, texts in enumerate(heads):
            col = self._column(texts, groups.get(i), col0 + i)
            printed = [c for r in block.data for c in block.values(r)[i:i + 1] if c.value is not None]
            if printed and all(c.percent for c in printed):
                col.role, col.is_total = "percent", False
            units = {c.currency for c in printed}
            if len(units) == 1 and None not in units:
                col.unit = units.pop()           # `1 234 €`: the cells print the column's unit
            self.columns.append(col)
        self.pages.append(_Page(block, col0))

    @staticmethod
    def _heads(block: Block, i: int) -> list[str]:
        """Column i's header texts, top to bottom."""
        off = block.labels
        return [clean(r.cells[i + off].text) if i + off < len(r.cells) else "" for r in block.header]

    def _column(self, texts: list[str], group: tuple[str, int] | None, index: int) -> Column:
        label = texts[0] if texts else ""
        if group is not None:         # `DAF` printed once over `Base` and `Mesures`
            label, leaf = group
            label = f"{label} / {texts[leaf]}"
            texts = texts[:leaf] + [""] + texts[leaf + 1:]
        code = renewal = od = unit = None
        natures = []
        for t in texts[1:]:
            kind = attribute(t) if t else None
            if t and unit_only(t):
                unit = unit_only(t)
            elif kind == "renewal":
                renewal = t
            elif kind == "code":
                code = t
            elif kind == "od":
                od = t
            elif t and t not in natures:
                natures.append(t)
        nature = " ; ".join(natures) or None
        if od:
            nature = f"{nature} ({od})" if nature else od
        folded = fold(label)
        role = ("count" if COUNT.match(label) else "total" if is_total_label(label)
                else "base" if re.match(r"bases?\s(?!(de|des|du|d)\s)", folded) else "measure")
        return Column(index, label, code, nature, renewal, role == "total", role, unit=unit)

    # -------------------------------------------------------------- rows

    def build(self) -> Table:
        doc = self.doc
        first = self.pages[0].block
        table = Table("", doc.name, self.title, _annex(doc, first.first_line), self.unit,
                      columns=self.columns, first_line=first.first_line,
                      last_line=self.pages[-1].block.last_line)
        self.table = table
        parent = None
        for r in first.data:
            label, printed_parent = first.label(r) if first.labelled else ("", None)
            parent = printed_parent or (parent if first.labels > 1 and not any(
                c.text for c in r.cells[:1]) else None)
            is_total = is_total_label(label) or any(c.bold for c in r.cells[:max(first.labels, 1)])
            table.rows.append(Row(len(table.rows), label or f"ligne {r.line}", r.line, is_total,
                                  parent=None if is_total else parent, printed_label=label or None))
        self.pages[0].rows = list(range(len(first.data)))
        self._nest(first)
        # segments: runs of regions, each closed by its subtotal row; then grand totals
        self.segments: list[tuple[list[int], int | None]] = []
        self.grands: list[int] = []
        seg: list[int] = []
        for row in table.rows:
            if not row.is_total:
                seg.append(row.index)
            elif seg:
                self.segments.append((seg, row.index))
                seg = []
            else:
                self.grands.append(row.index)
        if seg:
            self.segments.append((seg, None))
        layouts = [self._match_labels(p) if p.block.labelled else self._split_page(p) for p in self.pages[1:]]
        printed_rows = list(table.rows)
        page_rows = [list(p.rows) for p in self.pages]
        found = list(self.issues)
        readings = self._readings()
        rules = [stated for _, stated in readings if stated]
        for _ in range(2):            # a second pass when a total column is read otherwise
            table.rows, table.cells, table.checks = list(printed_rows), [], []
            for page, rows in zip(self.pages, page_rows):
                page.rows = list(rows)
            self.issues = list(found)
            self.extra: dict[int, list[int]] = {b: [] for b in range(len(self.segments))}
            for b, (regions, _) in enumerate(self.segments):
                self._assign_segment(b, regions, layouts, [r for r, _ in rules])
            self._cells()
            chosen, notes = self._choose(readings)
            unchanged, rules = chosen == rules, chosen
            if unchanged or all(layout is None for layout in layouts):
                break                 # no unlabelled row whose region the rules decide
        self._checks(rules)
        table.issues = self.issues + notes
        return table

    def _nest(self, first: Block) -> None:
        """Rows printed under a region row of the table and naming no region (its
        establishments, set without indent or parent column) are its members when the
        region prints their sums: in a column at least, and in none otherwise."""
        rows = self.table.rows
        values = [{i: (c.value, decimals_of(c.text)) for i, c in enumerate(first.values(r)) if c.value is not None}
                  for r in first.data]

        def region(row: Row) -> bool:
            return find_region(row.label, fuzzy=False) is not None

        i = 0
        while i < len(rows):
            if rows[i].is_total or rows[i].parent is not None or not region(rows[i]):
                i += 1
                continue
            j = i + 1
            while j < len(rows) and not rows[j].is_total and rows[j].parent is None and not region(rows[j]):
                j += 1
            members = range(i + 1, j)
            if members and _sums(values[i], [values[k] for k in members]):
                for k in members:
                    rows[k].parent = rows[i].label
            i = j

    def _match_labels(self, page: _Page) -> None:
        """A continuation page that repeats the row labels: rows are matched by label."""
        index = {fold(r.printed_label): r.index for r in self.table.rows if r.printed_label}
        page.rows = []
        for row in page.block.data:
            label = page.block.label(row)[0]
            page.rows.append(index.get(fold(label)))
            if page.rows[-1] is None:
                self.issues.append(f"line {row.line}: row {label!r} is not a row of the table's first page")
        return None

    def _split_page(self, page: _Page) -> list[list[int]] | None:
        """Which data rows of a continuation page belong to which segment, and which
        are its total rows: total rows are printed in the same order as on the first
        page; their positions are those where the printed sums reconcile (bold marks
        break ties)."""
        data = page.block.data
        k, g = len(data), len(self.grands)
        closed = [b for b, (_, t) in enumerate(self.segments) if t is not None]
        sizes = [len(regions) for regions, _ in self.segments]
        free = k - g - len(closed)
        options = []
        for counts in product(*(range(min(s, free) + 1) for s in sizes)):
            if sum(counts) != free:
                continue
            layout, pos = [], 0
            for b, n in enumerate(counts):
                rows = list(range(pos, pos + n))
                pos += n
                total = None
                if self.segments[b][1] is not None:
                    total, pos = pos, pos + 1
                layout.append((rows, total))
            grands = list(range(pos, pos + g))
            score = 0
            for rows, total in layout:
                if total is not None:
                    score += _sum_score(page.block, [data[i] for i in rows], data[total])
            subtotals = [data[t] for _, t in layout if t is not None]
            for i in grands:
                score += _sum_score(page.block, subtotals, data[i])
            totals = {t for _, t in layout if t is not None} | set(grands)
            bold = sum(1 for i, r in enumerate(data) if any(c.bold for c in r.cells) == (i in totals))
            options.append((score, bold, layout, grands))
        if not options:
            self.issues.append(f"lines {page.block.first_line}-{page.block.last_line}: {k} rows do not fit "
                               f"the {sum(sizes)} regions and {g + len(closed)} total rows of the first page")
            page.rows = [None] * k
            return None
        options.sort(key=lambda o: (-o[0], -o[1]))
        best = options[0]
        if len(options) > 1 and options[1][:2] == best[:2]:
            self.issues.append(f"lines {page.block.first_line}-{page.block.last_line}: the total rows of this "
                               f"page cannot be located from sums or bold marks; the first reading is used")
        page.rows = [None] * k
        for (rows, total), (_, subtotal) in zip(best[2], self.segments):
            if total is not None:
                page.rows[total] = subtotal
        for i, grand in zip(best[3], self.grands):
            page.rows[i] = grand
        return [rows for rows, _ in best[2]]

    def _values(self, page: _Page, row: GridRow) -> dict:
        out = {}
        for i, c in enumerate(page.block.values(row)):
            v = c.value
            if v is not None:
                out[page.col0 + i] = (v, decimals_of(c.text))
        return out

    def _assign_segment(self, b: int, regions: list[int], layouts, rules: list[Rule]) -> None:
        table = self.table
        first = self.pages[0]
        fixed = [self._values(first, first.block.data[r]) for r in regions]
        pages, where = [], []
        for page, layout in zip(self.pages[1:], layouts):
            if layout is None:
                continue
            pages.append([self._values(page, page.block.data[i]) for i in layout[b]])
            where.append((page, layout[b]))
        result = assign_rows(fixed, pages, rules)
        self.issues.extend(result.notes)
        if result.unreconciled and any(pages):
            names = ", ".join(table.rows[regions[j]].label for j in result.unreconciled)
            lines = sorted(page.block.data[i].line for page, rows in where for i in rows)
            self.issues.append(
                f"lines {lines[0]}-{lines[-1]}: no order-preserving assignment of the unlabelled rows reconciles "
                f"every row total; in the best ones ({result.solutions}) the row totals of {names} do not reconcile")
        for (page, rows), cands in zip(where, result.candidates):
            for i, cand in zip(rows, cands):
                if len(cand) == 1:
                    page.rows[i] = regions[cand[0]]
                    continue
                names = [table.rows[regions[c]].label for c in cand]
                line = page.block.data[i].line
                row = Row(len(table.rows), " ou ".join(names), line, ambiguous=True, candidates=names)
                table.rows.append(row)
                page.rows[i] = row.index
                self.extra[b].append(row.index)
                self.issues.append(f"line {line}: row printed without label could be {' or '.join(names)}: "
                                   f"{result.solutions} assignments reconcile equally well")
        for m in merged_rows(fixed, pages, rules, result):
            page, rows = where[m.page]
            grid = page.block.data[rows[m.row]]
            cells = page.block.values(grid)

            def show(region, cols):
                return f"{table.rows[regions[region]].label} " + ", ".join(
                    f"{cells[c - page.col0].text} ({self.columns[c].label[:40]})" for c in cols)
            others = "".join(f"; line {where[p][0].block.data[where[p][1][i]].line} as "
                             f"{table.rows[regions[r]].label}" for p, i, r in m.others)
            self.issues.append(f"line {grid.line} reads as two rows printed on one line: {show(*m.first)} and "
                               f"{show(*m.second)}{others}: so read, every row total of these regions reconciles")

    def _cells(self) -> None:
        doc, table = self.doc, self.table
        for page in self.pages:
            for row, ri in zip(page.block.data, page.rows):
                if ri is None:
                    continue
                for i, c in enumerate(page.block.values(row)):
                    if not c.text:
                        continue
                    if c.value is None:
                        self.issues.append(f"line {row.line}: cell {c.text!r} is not a number")
                        continue
                    if c.irregular:
                        self.issues.append(f"line {row.line}: {c.text!r} does not group its digits by three: "
                                           f"read as {c.value}")
                    table.cells.append(Cell(ri, page.col0 + i, c.text, c.value, Evidence.of(doc, c.start, c.end)))
        table.cells.sort(key=lambda c: c.evidence.start)

    # -------------------------------------------------------------- totals

    def _readings(self) -> list[tuple[int, tuple[Rule, str] | None]]:
        """Per total column, the reading its label states, if any: a formula over the other
        columns' letters (`header.formula`); `Total délégations` = the measures; `Total
        dotations` = bases + délégations; `Total <X>` = bases and measures of compartment
        or nature X."""
        cols = self.columns
        bases = [c for c in cols if c.role == "base"]
        measures = [c for c in cols if c.role == "measure"]
        totals = [c for c in cols if c.role == "total"]
        delegations = next((c for c in totals if "delegation" in fold(c.label)), None)
        partial = [c for c in totals if _words(c.label) - {"delegation", "delegations"}
                   and "delegation" not in fold(c.label)]
        rules = {}
        for t in totals:
            words = _words(t.label)
            written = formula(cols, t.index)
            if written is not None:
                rules[t.index] = (written, "as its header writes it")
                continue
            if "delegation" in fold(t.label):
                parts = [c.index for c in measures]
                how = "measures"
            elif not words:
                parts = [c.index for c in bases] + ([delegations.index] if delegations else [c.index for c in measures])
                how = "bases + délégations"
            else:
                parts = [c.index for c in bases if _best(c.label, partial) is t]
                parts += [c.index for c in measures if c.nature and _best(_compartment(c), partial) is t]
                how = "bases and measures of " + " ".join(sorted(words))
            if parts:
                rules[t.index] = (Rule(t.index, tuple(parts)), how)
        return [(t.index, rules.get(t.index)) for t in totals]

    def _row_checks(self, rule: Rule, rows: list[int]) -> list[TotalCheck]:
        return [TotalCheck("row", (r, rule.total), [(r, c) for c in rule.parts], list(rule.signs) if rule.signs else None)
                for r in rows]

    def _checked_rows(self) -> list[int]:
        rows = self.table.rows
        blocked = {c for r in rows if r.ambiguous for c in r.candidates}
        return [r.index for r in rows if not r.ambiguous and r.label not in blocked]

    def _choose(self, readings) -> tuple[list[tuple[Rule, str]], list[str]]:
        """Each total column's reading chosen by the row totals (`solver.RowTotals.choose`: the one
        its label states, else one its position suggests), and a note for each column that
        does not add up as its label says."""
        table = self.table
        values = {(c.row, c.column): (c.value, decimals_of(c.text)) for c in table.cells if c.value is not None}
        totals = RowTotals(values, self._checked_rows())
        chosen, notes = [], []
        for j, stated in readings:
            label = stated[0] if stated else None
            best = totals.choose(j, label, part_candidates(j, len(self.columns)))
            if best is None:
                continue
            if best == label:
                chosen.append(stated)
                continue
            terms = list(best.terms())
            how = self.columns[terms[0][0]].label + "".join(
                f" {'+' if s > 0 else '-'} {self.columns[c].label}" for c, s in terms[1:])
            chosen.append((best, how))
            if stated:
                ok, ko = totals.tally(label)
                notes.append(
                    f"column {table.columns[j].label!r} (header line "
                    f"{self.pages[self._page_of(j)].block.first_line}) does not add up as its label "
                    f"says ({stated[1]}: {ok} of {ok + ko} rows reconcile) but as {how} "
                    f"({totals.tally(best)[0]} rows): its header is likely mislabelled")
        return chosen, notes

    def _checks(self, rules) -> None:
        table = self.table
        checked = self._checked_rows()
        for label in sorted({c for r in table.rows if r.ambiguous for c in r.candidates}):
            self.issues.append(f"row totals of {label} not checked: one of its rows is ambiguous")
        columns = sorted({c.column for c in table.cells})
        # rows printed under a region row of the table (its establishments) count through it
        regions_printed = {r.label for r in table.rows if r.parent is None}
        nested = {r.index for r in table.rows if r.parent in regions_printed}
        column_checks = []
        for b, (regions, total) in enumerate(self.segments):
            if total is None:
                continue
            for c in columns:
                column_checks.append(TotalCheck("column", (total, c), [(r, c) for r in regions + self.extra[b]
                                                                        if r not in nested]))
        subtotals = [t for _, t in self.segments if t is not None]
        for g in self.grands:
            for c in columns:
                column_checks.append(TotalCheck("column", (g, c), [(t, c) for t in subtotals]))
        row_checks = [ch for rule, _ in rules for ch in self._row_checks(rule, checked)]
        values = {(c.row, c.column): (c.value, decimals_of(c.text)) for c in table.cells if c.value is not None}
        table.checks = settled_checks(table.rows, column_checks, row_checks, values, final=True)

    def _page_of(self, column: int) -> int:
        return max(i for i, p in enumerate(self.pages) if p.col0 <= column)


def _groups(heads: list[list[str]]) -> dict[int, tuple[str, int]]:
    """Group headers a tab text prints once over the columns they span (the cells a
    colspan covered left empty): a first-row label followed by columns whose first row is
    empty but whose rows below print a leaf label (not a code, renewal, OD or envelope).
    {column: (group label, header row of its leaf)}."""
    def leaf(texts: list[str]) -> int | None:
        return next((k for k, t in enumerate(texts) if k and t and attribute(t) is None), None)
    groups: dict[int, tuple[str, int]] = {}
    i = 0
    while i < len(heads):
        j = i + 1
        while j < len(heads) and heads[j] and not heads[j][0] and leaf(heads[j]) is not None:
            j += 1
        if j - i > 1 and heads[i] and heads[i][0] and leaf(heads[i]) is not None:
            for k in range(i, j):
                groups[k] = (heads[i][0], leaf(heads[k]))
        i = j
    return groups


def _sums(total: dict, parts: list[dict]) -> bool:
    """`total` prints the sum of `parts` in every column where both print, one at least."""
    agree = 0
    for c, (value, decimals) in total.items():
        printed = [p[c] for p in parts if c in p]
        if not printed:
            continue
        places = max([decimals] + [d for _, d in printed])
        if abs(sum(v for v, _ in printed) - value) > rounding_tolerance(len(printed), places):
            return False
        agree += 1
    return agree > 0


def _compartment(col: Column) -> str:
    return re.sub(r"\s*\((hors\s+)?OD\)$", "", col.nature or "", flags=re.I)


def _acronym(text: str) -> str:
    return "".join(w[0] for w in fold(text).split() if w not in _STOP)


def _best(text: str, totals: list[Column]) -> Column | None:
    """The partial-total column whose words best match `text` (Jaccard; an acronym
    such as `PTS` matches the initials of `Plateaux Techniques Spécialisés`)."""
    words = _words(text)
    best, score = None, 0.0
    for t in totals:
        tw = _words(t.label)
        s = len(words & tw) / len(words | tw) if words | tw else 0.0
        if not s and len(tw) == 1 and next(iter(tw)) == _acronym(text):
            s = 1.0
        if s > score:
            best, score = t, s
    return best


def _sum_score(block: Block, parts: list[GridRow], total: GridRow) -> int:
    """+1 per column whose printed total reconciles with the parts, -1 per one that does not."""
    score = 0
    for i, t in enumerate(block.values(total)):
        if t.value is None:
            continue
        vals = [block.values(p)[i] for p in parts if i < len(block.values(p))]
        vals = [c for c in vals if c.value is not None]
        d = max([decimals_of(c.text) for c in vals] + [decimals_of(t.text)])
        diff = sum((c.value for c in vals), Decimal(0)) - t.value
        score += 1 if abs(diff) <= rounding_tolerance(len(vals), d) else -1
    return score


def _annex(doc, line: int) -> str | None:
    return next((s.label for s in section_path(doc, line) if s.kind == "annex"), None)


def find_tables(doc) -> list[Table]:
    """Tab tables; a block of text columns (a code and its label) goes to `grid`'s model."""
    blocks = _blocks(doc)
    texts = [b for b in blocks if grid.text_columns(b)]
    tables = tables_from_blocks(doc, [b for b in blocks if b not in texts])
    return sorted(tables + [t for t in (grid.cell_table(doc, b) for b in texts) if t is not None],
                  key=lambda t: t.first_line)


def _same_rows(builder: _Builder, block: Block) -> bool:
    """A labelled block repeats the first page's row labels (a continuation page)."""
    first = builder.pages[0].block
    if not first.labelled:
        return False
    known = {fold(first.label(r)[0]) for r in first.data}
    labels = [fold(block.label(r)[0]) for r in block.data]
    return len(labels) >= 2 and sum(label in known for label in labels) * 10 >= 9 * len(labels)


def tables_from_blocks(doc, blocks: list[Block]) -> list[Table]:
    """Group grid blocks (in document order) into logical tables: a block continues the
    table above it when only its title (repeated), blank lines or page numbers lie
    between them and it prints no row labels, or the same ones."""
    builders: list[_Builder] = []
    stop = 0
    for block in blocks:
        title, unit, between = context_above(doc, block.first_line, stop)
        current = builders[-1] if builders else None
        continues = (current is not None and unit is None
                     and all(t == current.title or page_furniture(t) for t in between)
                     and (not block.labelled or (bool(between) and _same_rows(current, block))))
        if continues:
            current.add(block)
        else:
            if unit is None and current is not None and not block.labelled:
                unit = current.unit
            builders.append(_Builder(doc, block, title or "", unit))
        stop = block.last_line
    return [b.build() for b in builders]
