"""Tables of a PDF laid out in columns, read from word boxes.

The PDF reader gives each line its words with their boxes. Page furniture (running
heads and feet, page numbers) is set aside first. Words are joined into cells — a
French number keeps its thousands spaces (`1 234,5` is one cell though two words), a
label keeps its words — and runs of data lines make a piece of table. The number cells
are clustered by horizontal overlap into column bands, and each band gives its column a
slot, bounded on the side its numbers are aligned on (or by the page's vertical rules,
where the table is ruled: the cell sides pdfplumber's table finder gives the reader).
Words between the labels and the numbers whose left edges align down the rows make text
columns (a city, a mission's label), bounded by the white their heads leave; their cells
(wrapped over lines too) are kept as text cells.
Header words above the data are put in the slot their centre falls in, then each header
cell is rebuilt in reading order: its words grouped into lines, the lines read top to
bottom, a word cut by a hyphen at a line end joined back; a phrase over several slots
among the header cells heads a group of columns (`group / leaf`), while one running
across the whole line is a title or prose and ends the header. A row label wrapped over
two lines (above, below or around its numbers) is joined back into one label.

Pieces of one table are put back together: a piece on the next page that repeats the
header (or prints none, in the same columns) continues the rows; one that repeats the
row labels under other column heads continues the columns (a wide table printed in two
column blocks). The grid then goes through the same builder as tab-separated tables
(`tabbed.tables_from_blocks`), which sees page furniture and table notes as blank lines:
continuation pages without labels, row assignment and totals work the same way. All
tolerances are `Settings`."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from extractors.facts import Cell, Evidence
from extractors.numbers import NumberError, parse_number, table_unit
from extractors.tables.header import attribute, join_lines, unit_before
from extractors.tables.rows import YEAR, is_identifier, page_furniture
from extractors.tables.tabbed import Block, GridCell, GridRow, tables_from_blocks
from extractors.textnorm import fold


@dataclass(frozen=True)
class Settings:
    """Tolerances, as fractions of the font height unless said otherwise."""
    join_gap: float = 0.6          # words closer than this make one cell
    line_overlap: float = 0.5      # header words whose tops differ less are on one line
    header_gap: float = 2.5        # a vertical gap larger than this ends the header
    header_lines: int = 14         # at most this many reader lines of header
    aligned: float = 1.0           # (points) spread of the edges of an aligned column
    furniture_margin: float = 0.12  # (fraction of the page height) head and foot zones
    wrapped_pitch: float = 0.85    # a label line closer than this × the row pitch wraps
    header_size: float = 1.5       # a line set larger than this × the data's type is no header

    def __post_init__(self):
        for name, value in vars(self).items():
            if not isinstance(value, (int, float)) or value < 0:
                raise ValueError(f"PDF table setting {name!r} must be a number >= 0, not {value!r}")
        if self.furniture_margin >= 0.5:
            raise ValueError(f"PDF table setting 'furniture_margin' must be below 0.5 (a fraction of the "
                             f"page height), not {self.furniture_margin!r}")


SETTINGS = Settings()

_GROUP_HEAD = re.compile(r"^[-\u2212\u2013]?\d{1,3}$")        # first group of a spaced number
_GROUP = re.compile(r"^\d{3}(,\d+)?$")                          # a following group of three digits
_SIGN = {"-", "\u2212", "\u2013"}
_NOTE = re.compile(r"^\s*(\*+|\(\d{1,2}\)|[\u00b9\u00b2\u00b3])\s*\S")       # `* Les mesures…`, `(1) …`
_NOTE_MARK = re.compile(r"\s*(\*+|\(\d{1,2}\)|[\u00b9\u00b2\u00b3])$")        # `Guyane *`


@dataclass
class _Block(Block):
    """A block whose lines may run past its last data row's line: a table whose second
    column block (printed further down) is merged into its rows."""
    end: int = 0

    @property
    def last_line(self) -> int:
        return max(self.end, self.data[-1].line)


@dataclass
class _Token:
    start: int
    end: int
    x0: float
    x1: float
    top: float
    height: float
    text: str
    bold: bool = False
    last_top: float = 0.0            # top of its last word (words of one cell share a baseline)

    @property
    def numeric(self) -> bool:
        return _is_number(self.text) and not is_identifier(self.text)


@lru_cache(maxsize=4096)
def _is_number(text: str) -> bool:
    try:
        parse_number(text)
        return True
    except NumberError:
        return False


def _tokens(doc, words, settings: Settings = SETTINGS) -> list[_Token]:
    """Words (left to right) joined into cells: the gap a space leaves joins words; a
    number only absorbs the three-digit groups that continue it."""
    out: list[_Token] = []
    for w in words:
        h = w.bottom - w.top
        if out:
            prev = out[-1]
            close = (w.x0 - prev.x1 <= settings.join_gap * max(h, prev.height)
                     and abs(w.top - prev.last_top) <= settings.line_overlap * max(h, prev.height))
            prev_num, word_num = prev.numeric, _is_number(w.text)
            joins = close and (
                (prev_num and "," not in prev.text and _GROUP_HEAD.match(_last_group(prev.text))
                 and _GROUP.match(w.text))
                or (prev.text in _SIGN and word_num)
                or (not prev_num and prev.text not in _SIGN and not word_num))
            if joins:
                prev.end, prev.x1 = w.end, w.x1
                prev.text = doc.text[prev.start:prev.end]
                prev.bold = prev.bold and w.bold
                prev.last_top = w.top
                continue
        out.append(_Token(w.start, w.end, w.x0, w.x1, w.top, h, w.text, w.bold, w.top))
    return out


def _last_group(text: str) -> str:
    return text.split(" ")[-1] if " " in text else text


def _data_line(toks: list[_Token], settings: Settings = SETTINGS) -> bool:
    """Label cells (one, or the lines of a label wrapped around its numbers), then numbers;
    one number only a word space after words ends a sentence (`… au plus tard le 15`),
    not a row (a tight row's long label may come as close to its first of several)."""
    first = next((i for i, t in enumerate(toks) if t.numeric), None)
    if first is None or not all(t.numeric for t in toks[first:]):
        return False
    return not first or len(toks) - first > 1 \
        or toks[first].x0 - toks[first - 1].x1 > settings.join_gap * toks[first].height


# ---------------------------------------------------------------- page furniture

def furniture(doc, settings: Settings = SETTINGS) -> set[int]:
    """Line numbers of running heads and feet and of page numbers: read from the top (and
    from the bottom) of each page, while the lines are in the head (foot) zone and are a
    page number or printed there on most pages, two at least (digits aside: `Page 2 / 6`)."""
    def key(line):
        return re.sub(r"\d+", "#", line.text.strip())

    def edges(page):
        height = page.height or 0
        inside = []
        for line in page.lines:
            if line.words and height:
                top, bottom = min(w.top for w in line.words), max(w.bottom for w in line.words)
                inside.append(bottom <= height * settings.furniture_margin
                              or top >= height * (1 - settings.furniture_margin))
            else:
                inside.append(False)
        return inside

    zones = {page.number: edges(page) for page in doc.pages}
    pages_of: dict[str, set[int]] = {}
    for page in doc.pages:
        for line, inside in zip(page.lines, zones[page.number]):
            if inside:
                pages_of.setdefault(key(line), set()).add(page.number)
    # printed on most pages: a table's title repeated over the few pages of its parts is
    # not a running head, and stays its title
    repeated = max(2, (len(doc.pages) + 1) // 2)
    out = set()
    for page in doc.pages:
        inside = zones[page.number]
        for order in (range(len(page.lines)), range(len(page.lines) - 1, -1, -1)):
            for i in order:
                line = page.lines[i]
                if not inside[i] or not (page_furniture(line.text)
                                         or len(pages_of.get(key(line), ())) >= repeated):
                    break
                out.add(line.number)
    return out


# ---------------------------------------------------------------- columns

@dataclass
class _Band:
    x0: float
    x1: float
    lefts: list[float] = field(default_factory=list)
    rights: list[float] = field(default_factory=list)
    text: bool = False               # a column of words, set left-aligned

    def aligned(self, side: str, settings: Settings = SETTINGS) -> bool:
        edges = self.rights if side == "right" else self.lefts
        return bool(edges) and max(edges) - min(edges) <= settings.aligned


def _bands(rows: list[list[_Token]]) -> list[_Band]:
    """Column bands: the x-intervals of the number cells, merged where they overlap."""
    spans = sorted((t.x0, t.x1) for toks in rows for t in toks if t.numeric)
    bands: list[_Band] = []
    for x0, x1 in spans:
        if bands and x0 <= bands[-1].x1:
            bands[-1].x1 = max(bands[-1].x1, x1)
        else:
            bands.append(_Band(x0, x1))
        bands[-1].lefts.append(x0)
        bands[-1].rights.append(x1)
    return bands


def _text_bands(rows: list[list[_Token]], left: float, settings: Settings) -> list[_Band]:
    """Columns of text between the row labels and the numbers (a city, a mission's
    label): words set apart from the label by a column gap whose left edges align down
    at least half of the rows. Identifiers (a FINESS before a name) stay in the label."""
    starts = [min(t.x0 for t in toks if not t.numeric) for toks in rows
              if any(not t.numeric and t.x1 <= left for t in toks)]
    if not starts:
        return []
    label_x0 = min(starts)
    lefts = sorted((t.x0, t.x1, k) for k, toks in enumerate(rows) for t in toks
                   if not t.numeric and t.x1 <= left and t.x0 > label_x0 + t.height
                   and not is_identifier(t.text))
    out: list[_Band] = []
    run: list[tuple[float, float, int]] = []
    for item in lefts + [(float("inf"), float("inf"), -1)]:
        if run and item[0] - run[0][0] > settings.aligned:
            if len({k for _, _, k in run}) * 2 >= len(starts):
                band = _Band(run[0][0], max(x1 for _, x1, _ in run), text=True)
                band.lefts = [x0 for x0, _, _ in run]
                band.rights = [x1 for _, x1, _ in run]
                out.append(band)
            run = []
        run.append(item)
    return out


def _band_of(tok: _Token, bands) -> list[int]:
    return [i for i, b in enumerate(bands) if tok.x0 < b.x1 and b.x0 < tok.x1]


def _bounds(bands: list[_Band], labels: tuple[float, float] | None, rules: list[float],
            channel=None) -> list[float]:
    """The x where each column's slot ends on the left: [label | col 0 | col 1 …].
    A vertical rule between two bands bounds them; else the side the numbers are
    aligned on (a header centred over right-aligned numbers never passes their right
    edge); else the middle of the gap. After a text column, whose head (centred over
    words set left) may pass their longest line as the next head may pass its numbers'
    left edge, the white channel the header leaves in the gap (`channel`), and so
    between the labels and a text column. Else the label column (its labels spanning
    `labels`) ends where a head centred over it gives way to one centred over the first
    column: the first column's cell holds its numbers and starts after the longest label."""
    out = []
    for i, band in enumerate(bands):
        prev_right = bands[i - 1].x1 if i else (labels[1] if labels else None)
        if prev_right is None:
            out.append(float("-inf"))
            continue
        between = [x for x in rules if prev_right - 0.5 <= x <= band.x0 + 0.5]
        if between:
            out.append(between[-1] if i else between[0])
        elif not i and band.text and channel:
            out.append(channel(labels[0], labels[1], band.x0))      # labels, then a text column
        elif not i:
            left, right = labels
            label_head = (left + band.x0) / 2               # at most, for a head centred on the labels
            first_head = (right + band.x1) / 2 if band.aligned("right") else right
            out.append(max(right + 1.0, (label_head + first_head) / 2))
        elif bands[i - 1].text:
            out.append(channel(bands[i - 1].x0, prev_right, band.x0) if channel else (prev_right + band.x0) / 2)
        elif bands[i - 1].aligned("right"):
            out.append(prev_right + 1.0)
        elif band.aligned("left"):
            out.append(band.x0 - 1.0)
        else:
            out.append((prev_right + band.x0) / 2)
    return out


def _channel(piece, settings: Settings):
    """`channel(start, a, b)`: the middle of the widest stretch of [a, b] that no word
    of the lines just above the data covers (the white between two header cells), read
    up to a wide vertical gap or a line with a phrase running from before `start` (the
    text column's left edge) past `a`: a title or prose across the columns."""
    def channel(start: float, a: float, b: float) -> float:
        covered = []
        prev_top = min(w.top for w in piece.lines[0].words)
        for line in reversed(piece.above[-settings.header_lines:]):
            if not line.words:
                break
            height = max(w.bottom - w.top for w in line.words)
            if prev_top - max(w.bottom for w in line.words) > settings.header_gap * height:
                break
            if any(ph[0].x0 < start and ph[-1].x1 > a for ph in _phrases(line, settings)):
                break
            covered += [(w.x0, w.x1) for w in line.words if w.x1 > a and w.x0 < b]
            prev_top = min(w.top for w in line.words)
        best, x = (0.0, (a + b) / 2), a
        for x0, x1 in sorted(covered) + [(b, b)]:
            if x0 - x > best[0]:
                best = (x0 - x, (x + x0) / 2)
            x = max(x, x1)
        return best[1]
    return channel


def _slot(x: float, bounds: list[float]) -> int:
    """-1 for the label column, else the column whose slot holds x."""
    i = -1
    for k, b in enumerate(bounds):
        if x >= b:
            i = k
    return i


# ---------------------------------------------------------------- pieces of tables

@dataclass
class _Piece:
    page: int
    lines: list                      # reader lines of the data rows
    rows: list[list[_Token]]
    above: list                      # reader lines above the data on the page
    bands: list[_Band] = field(default_factory=list)
    bounds: list[float] = field(default_factory=list)
    labelled: bool = False
    header_lines: list = field(default_factory=list)
    labels: list[str] = field(default_factory=list)      # column labels, for comparing pieces
    block: Block | None = None
    single: bool = False             # one row only: kept when it continues a table
    rules: list = field(default_factory=list)                # the page's cell sides


def _runs(doc, page, skip: set[int], settings: Settings = SETTINGS):
    """Maximal runs of data lines on a page (a label-only line between two data lines —
    a wrapped label, an empty row — stays in the run, and so do several empty rows in a
    row, set like the labels above them: same left edge, same type size)."""
    lines = [(line, _tokens(doc, line.words, settings)) for line in page.lines if line.number not in skip]

    def lone(k: int) -> bool:
        return len(lines[k][1]) == 1 and not lines[k][1][0].numeric

    def like(tok: _Token, ref: _Token) -> bool:
        return abs(tok.x0 - ref.x0) <= settings.aligned and abs(tok.height - ref.height) <= 0.1 * ref.height

    runs, run = [], []
    for i, (line, toks) in enumerate(lines):
        label_only = False
        if run and lone(i):
            ref = next((t[0] for _, t in reversed(run) if not t[0].numeric), None)
            j = i + 1
            if ref is not None and like(toks[0], ref):
                while j < len(lines) and lone(j) and like(lines[j][1][0], ref):
                    j += 1
            label_only = j < len(lines) and _data_line(lines[j][1], settings)
        if _data_line(toks, settings) or label_only:
            run.append((line, toks))
        else:
            if run:
                runs.append((run, [ln for ln, _ in lines[:i - len(run)]]))
            run = []
    if run:
        runs.append((run, [ln for ln, _ in lines[:len(lines) - len(run)]]))
    out = []
    for run, above in runs:
        # a first line whose numbers are all years (`RÉGIONS 2004 2005`) heads the columns
        while len(run) > 2 and _years(run[0][1]) and not _years(run[1][1]):
            above = above + [run[0][0]]
            run = run[1:]
        out.append((run, above))
    return out


def _years(toks: list[_Token]) -> bool:
    values = [t for t in toks if t.numeric]
    return bool(values) and all(YEAR.match(t.text) for t in values)


def _label_cell(doc, lines: list[list[_Token]]) -> GridCell:
    """A row label from its lines (more than one when it wraps), joined like a header
    cell's; a trailing note mark (`Guyane *`) is not part of it."""
    toks = [t for line in lines for t in line]
    if not toks:
        return GridCell("", 0, 0, False)
    text = join_lines([" ".join(t.text for t in line) for line in lines if line])
    start, end = toks[0].start, toks[-1].end
    ident = re.match(r"\d{9,}\s+(?=\S)", text)     # a FINESS before the name: the name labels the row
    if ident:
        text, start = text[ident.end():], start + ident.end()
    mark = _NOTE_MARK.search(text)
    if mark and mark.start() > 0:
        cut = len(text) - mark.start()
        text, end = text[:mark.start()], end - cut
    return GridCell(text, start, end, all(t.bold for t in toks))


def _baselines(toks: list[_Token], settings: Settings) -> list[list[_Token]]:
    """Label tokens of one reader line split into their printed lines, top to bottom
    (a label wrapped around numbers printed between its lines)."""
    lines: list[list[_Token]] = []
    for t in sorted(toks, key=lambda t: (t.top, t.x0)):
        if lines and abs(t.top - lines[-1][0].top) <= settings.line_overlap * t.height:
            lines[-1].append(t)
        else:
            lines.append([t])
    return [sorted(line, key=lambda t: t.x0) for line in lines] or [[]]


def _value_cell(doc, toks: list[_Token], settings: Settings = SETTINGS) -> GridCell:
    """A value cell as printed; a text cell wrapped over lines has them joined."""
    if not toks:
        return GridCell("", 0, 0, False)
    toks = sorted(toks, key=lambda t: t.start)
    start, end = toks[0].start, toks[-1].end
    lines = _baselines(toks, settings)
    text = join_lines([" ".join(t.text for t in ln) for ln in lines]) if len(lines) > 1 else doc.text[start:end]
    return GridCell(text, start, end, all(t.bold for t in toks))


def _piece(doc, page, run, above, rules: list[tuple[float, float, float]], settings: Settings = SETTINGS) -> _Piece | None:
    numeric = sum(1 for _, toks in run if any(t.numeric for t in toks))
    if not numeric:
        return None
    piece = _Piece(page.number, [ln for ln, _ in run], [toks for _, toks in run], above)
    piece.single = numeric < 2
    piece.rules = rules
    piece.bands = bands = _bands(piece.rows)
    piece.labelled = sum(1 for toks in piece.rows if toks and not toks[0].numeric) * 2 > len(piece.rows)
    if piece.labelled:
        piece.bands = bands = sorted(bands + _text_bands(piece.rows, min(b.x0 for b in bands), settings),
                                     key=lambda b: b.x0)
    left = min(b.x0 for b in bands)
    labels = None
    if piece.labelled:
        spans = [(t.x0, t.x1) for toks in piece.rows for t in toks if not t.numeric and t.x1 <= left]
        labels = (min(a for a, _ in spans), max(b for _, b in spans)) if spans else None
    top = min(w.top for w in piece.lines[0].words)
    bottom = max(w.bottom for w in piece.lines[-1].words)
    piece.bounds = _bounds(bands, labels, sorted({x for x, a, b in rules if a < bottom and b > top}),
                           _channel(piece, settings))
    # data rows; a label-only line goes on the label above when it starts in lower case or
    # is set closer to the row above than to the row below (numbers on a label's first
    # line), else it is the first line of the next row's wrapped label when the next label
    # goes on in lower case or the line is closer than a row pitch
    tops = [min(w.top for w in ln.words) for ln in piece.lines]
    pitches = sorted(b - a for a, b in zip(tops, tops[1:]))
    pitch = pitches[len(pitches) // 2] if pitches else 0
    data, pending, row_labels, row_cells, pending_text = [], [], [], [], []
    offset = 1 if piece.labelled else 0
    for k, (line, toks) in enumerate(zip(piece.lines, piece.rows)):
        label = [t for t in toks if not t.numeric and t.x1 <= left]
        values = [t for t in toks if t not in label]
        if values and not label and all(not t.numeric and any(bands[i].text for i in _band_of(t, bands))
                                        for t in values):
            # a line of a wrapped text cell printed apart from its row's numbers: it
            # belongs to the row it is set closer to (above or below it)
            up = tops[k] - tops[k - 1] if k else float("inf")
            down = tops[k + 1] - tops[k] if k + 1 < len(tops) else float("inf")
            if data and up <= down:
                for t in values:
                    i = _band_of(t, bands)[0]
                    row_cells[-1][i].append(t)
                    data[-1].cells[offset + i] = _value_cell(doc, row_cells[-1][i], settings)
            else:
                pending_text += values
            continue
        values, pending_text = pending_text + values, []
        closer_above = k + 1 < len(tops) and tops[k] - tops[k - 1] < tops[k + 1] - tops[k]
        if not values and label and (label[0].text[:1].islower() or closer_above) and data and not pending \
                and piece.labelled and tops[k] - tops[k - 1] < settings.wrapped_pitch * pitch:
            row_labels[-1].append(label)         # the label goes on below its numbers
            data[-1].cells[0] = _label_cell(doc, row_labels[-1])
            continue
        if not values:
            nxt = piece.rows[k + 1] if k + 1 < len(piece.rows) else []
            nxt_label = [t for t in nxt if not t.numeric and t.x1 <= left]
            wraps = nxt and (not nxt_label or nxt_label[0].text[:1].islower()
                             or tops[k + 1] - tops[k] < settings.wrapped_pitch * pitch)
            if wraps:
                pending = pending + [label]
                continue
        label_lines = pending + _baselines(label, settings)
        row_labels.append(label_lines)
        pending = []
        cells = [[] for _ in bands]
        for t in values:
            hit = _band_of(t, bands)
            if hit:
                cells[hit[0]].append(t)
        row_cells.append(cells)
        row = [_value_cell(doc, c, settings) for c in cells]
        data.append(GridRow(line.number, ([_label_cell(doc, label_lines)] if piece.labelled else []) + row))
    # bold marks a total only where it sets some cells apart
    for cells in ([r.cells[:1] for r in data] if piece.labelled else [], [r.cells[1 if piece.labelled else 0:] for r in data]):
        printed = [c for row in cells for c in row if c.text]
        if printed and all(c.bold for c in printed):
            for c in printed:
                c.bold = False
    header = _header(doc, piece, settings)
    piece.block = _Block(header, data, 1 if piece.labelled else 0, piece.lines[-1].number)
    return piece


def _header_zone(doc, piece: _Piece, settings: Settings) -> list:
    """The reader lines just above the data that hold the header: up to the unit line,
    a line whose words cross column slots (a title, prose), a line set in larger type
    than the data (a title's last line, short enough to sit over one column) or a wide
    vertical gap."""
    picked = []
    prev_top = min(w.top for w in piece.lines[0].words)
    sizes = sorted(t.height for toks in piece.rows for t in toks)
    for line in reversed(piece.above[-settings.header_lines:]):
        if not line.words:
            break
        top = min(w.top for w in line.words)
        bottom = max(w.bottom for w in line.words)
        height = max(w.bottom - w.top for w in line.words)
        if prev_top - bottom > settings.header_gap * height or height > settings.header_size * sizes[len(sizes) // 2]:
            break
        if (table_unit(line.text) is not None and _one_phrase(line, settings)) or _NOTE.match(line.text):
            break
        toks = _tokens(doc, line.words, settings)
        if _data_line(toks, settings) and not _years(toks):
            break                        # the last row of the column part printed above
        phrases = _phrases(line, settings)
        across = [ph for ph in phrases if _spanning(ph, piece.bounds)]
        # a phrase across column slots is a title or prose when it is the whole line or
        # starts over the labels; among other header cells it heads a group of columns
        if across and (len(phrases) == 1 or any(_slot(_centre(w), piece.bounds) < 0 for ph in across for w in ph)):
            break
        picked.insert(0, line)
        prev_top = top
    return picked


def _one_phrase(line, settings: Settings) -> bool:
    """A line of words a word space apart (a sentence), not cells of a header."""
    words = sorted(line.words, key=lambda w: w.x0)
    return all(b.x0 - a.x1 <= settings.join_gap * max(a.bottom - a.top, b.bottom - b.top)
               for a, b in zip(words, words[1:]))


def _phrases(line, settings: Settings) -> list[list]:
    """Runs of words a word space apart on one baseline (a cell's line, or prose)."""
    out = []
    for words in _cell_lines(line.words, settings):
        run = [words[0]]
        for a, b in zip(words, words[1:]):
            if b.x0 - a.x1 <= settings.join_gap * 0.8 * max(a.bottom - a.top, b.bottom - b.top):
                run.append(b)
            else:
                out.append(run)
                run = [b]
        out.append(run)
    return out


def _centre(w) -> float:
    return (w.x0 + w.x1) / 2


def _spanning(phrase, bounds: list[float]) -> bool:
    """A phrase whose words lie in two column slots, or a word reaching well into two."""
    return len({_slot(_centre(w), bounds) for w in phrase}) > 1 \
        or any(_crosses(w, bounds, w.bottom - w.top) for w in phrase)


def _crosses(w, bounds: list[float], height: float) -> bool:
    """A word reaching well into two slots: prose or a title, not a header cell (a
    centred header may pass its slot's edge by a little: a third of its width)."""
    reach = max(0.5 * height, 0.35 * (w.x1 - w.x0))
    # the label column's edge is only known from the longest label: its head may pass it
    return any(w.x0 < b - reach and w.x1 > b + reach for b in bounds[1:])


def _cell_lines(words, settings: Settings) -> list[list]:
    """Words of one header cell grouped into lines, in reading order."""
    lines: list[list] = []
    for w in sorted(words, key=lambda w: w.top):
        h = w.bottom - w.top
        if lines and abs(w.top - lines[-1][0].top) <= settings.line_overlap * h:
            lines[-1].append(w)
        else:
            lines.append([w])
    return [sorted(line, key=lambda w: w.x0) for line in lines]


def _covered(piece: _Piece, phrase) -> set[int]:
    """The columns a group head spans: those between the rules around it where the
    table is ruled, else those its words reach over."""
    x0, x1 = phrase[0].x0, phrase[-1].x1
    mid = (phrase[0].top + phrase[0].bottom) / 2
    sides = [x for x, a, b in piece.rules if a <= mid <= b]
    left = max((x for x in sides if x <= x0 + 1), default=None)
    right = min((x for x in sides if x >= x1 - 1), default=None)
    if left is not None and right is not None:
        x0, x1 = left, right
    ends = piece.bounds[1:] + [float("inf")]
    return {i for i, (a, b) in enumerate(zip(piece.bounds, ends))
            if max(a, x0) < min(b, x1) and (left is None or x0 <= _centre(piece.bands[i]) <= x1)}


def _text(words) -> str:
    return " ".join(w.text for w in words)


def _header(doc, piece: _Piece, settings: Settings) -> list[GridRow]:
    """Header rows rebuilt cell by cell: each word goes to the column slot its centre
    falls in; a cell's lines are read in order and joined; its last lines that name a
    renewal, a MIG code or an envelope become the column's attribute rows."""
    zone = _header_zone(doc, piece, settings)
    piece.header_lines = zone
    if not zone:
        return []
    n = len(piece.bands)
    slots: list[list] = [[] for _ in range(n + 1)]           # 0 is the label column
    groups: list[tuple[float, str, set[int]]] = []           # (top, text, columns it heads)
    for line in zone:
        for phrase in _phrases(line, settings):
            if _spanning(phrase, piece.bounds):
                groups.append((phrase[0].top, _text(phrase), _covered(piece, phrase)))
                continue
            for w in phrase:
                slots[_slot(_centre(w), piece.bounds) + 1].append(w)
    if not any(slots[1:]) and not groups:
        return []
    cells = [_cell_lines(words, settings) for words in slots]
    # the trailing lines naming a renewal, a code or an envelope are attributes when
    # they sit below every label line of the header (a header row of their own), not
    # when a centred label merely ends with such a word (`AUTRES` / `MIGAC`)
    n_attr = [0] * len(cells)
    for i, lines in enumerate(cells):
        while n_attr[i] < len(lines) - 1 and attribute(_text(lines[-1 - n_attr[i]])) is not None:
            n_attr[i] += 1
    changed = True
    while changed:
        changed = False
        floor = max((ln[0].bottom for i, lines in enumerate(cells)
                     for ln in lines[:len(lines) - n_attr[i]]), default=float("-inf"))
        for i, lines in enumerate(cells):
            if n_attr[i] and lines[len(lines) - n_attr[i]][0].top < floor:
                n_attr[i] -= 1
                changed = True
    labels, attributes = [], []
    for words, lines, k in zip(slots, cells, n_attr):
        texts = [_text(ln) for ln in lines]
        spans = (words[0].start, words[-1].end) if words else (0, 0)
        label = join_lines(texts[:len(texts) - k])
        heads = [text for _, text, cols in sorted(groups) if len(labels) - 1 in cols]
        label = " / ".join(heads + ([label] if label else []))        # `group / leaf`
        labels.append(GridCell(label, spans[0], spans[1], False))
        attributes.append(texts[len(texts) - k:])
    piece.labels = [fold(c.text) for c in labels[1:]]
    first = zone[0].number
    rows = [GridRow(first, labels if piece.labelled else labels[1:])]
    for k in range(max(len(a) for a in attributes)):
        cells = [GridCell(a[k], 0, 0, False) if k < len(a) else GridCell("", 0, 0, False) for a in attributes]
        rows.append(GridRow(first, cells if piece.labelled else cells[1:]))
    return rows


# ---------------------------------------------------------------- one table from pieces

def _between_is_furniture(doc, a: _Piece, b: _Piece, skip: set[int], title: str | None) -> bool:
    """Only page furniture, table notes or the repeated title lie between two pieces."""
    start = a.block.last_line
    end = b.block.first_line
    for n in range(start + 1, end):
        if n in skip:
            continue
        text = doc.line(n).text.strip()
        if not text or _NOTE.match(text) or (title and fold(text).startswith(fold(title))):
            continue
        return False
    return True


def _row_labels(piece: _Piece) -> list[str]:
    return [fold(piece.block.label(r)[0]) for r in piece.block.data if piece.block.label(r)[0]]


def _title_above(doc, piece: _Piece) -> str | None:
    for line in reversed(piece.above[:len(piece.above) - len(piece.header_lines)]):
        text = line.text.strip()
        if text and table_unit(text) is None:
            return text
    return None


def _stack(a: _Block, b: _Block, mapping: list[int] | None) -> None:
    """b's rows continue a's, b's column i being a's column mapping[i]."""
    width = a.width()
    a.end = max(a.last_line, b.last_line)
    for row in b.data:
        labels, values = row.cells[:b.labels], row.cells[b.labels:]
        if mapping is None:
            a.data.append(GridRow(row.line, labels + values))
            continue
        cells = [GridCell("", 0, 0, False) for _ in range(width)]
        for i, c in enumerate(values):
            cells[mapping[i]] = c
        a.data.append(GridRow(row.line, labels + cells))


def _side(a: _Block, b: _Block) -> _Block:
    """b's columns continue a's, its rows matched to a's by label."""
    wa, wb = a.width(), b.width()
    empty = GridCell("", 0, 0, False)

    def pad(cells, n):
        return list(cells) + [empty] * (n - len(cells))
    header = []
    for k in range(max(len(a.header), len(b.header))):
        ha = a.header[k].cells if k < len(a.header) else [empty] * (a.labels + wa)
        hb = b.header[k].cells[b.labels:] if k < len(b.header) else []
        line = (a.header or b.header)[0].line
        header.append(GridRow(line, pad(ha, a.labels + wa) + pad(hb, wb)))
    index = {}
    for i, r in enumerate(b.data):
        index.setdefault(fold(b.label(r)[0]), i)
    data, used = [], set()
    for r in a.data:
        j = index.get(fold(a.label(r)[0]))
        extra = pad(b.data[j].cells[b.labels:], wb) if j is not None else [empty] * wb
        if j is not None:
            used.add(j)
        data.append(GridRow(r.line, pad(r.cells, a.labels + wa) + extra))
    for j, r in enumerate(b.data):
        if j not in used:
            data.append(GridRow(r.line, r.cells[:b.labels] + [empty] * wa + pad(r.cells[b.labels:], wb)))
    return _Block(header, data, a.labels, max(a.last_line, b.last_line))


def _map_columns(a: _Piece, b: _Piece) -> list[int] | None:
    """Each band of b within one column slot of a, else None."""
    out = []
    for band in b.bands:
        hit = [i for i, x in enumerate(a.bands) if band.x0 < x.x1 and x.x0 < band.x1]
        if len(hit) != 1:
            return None
        out.append(hit[0])
    return out


def _assemble(doc, pieces: list[_Piece], skip: set[int]) -> list[Block]:
    """Pieces put back into tables: first the rows carried over to the next page (the
    header repeated, or none printed over the same columns), then the column blocks
    that repeat the row labels under other column heads."""
    def follows(cur, piece):
        return (cur is not None and piece.labelled == cur.labelled
                and _between_is_furniture(doc, cur, piece, skip, _title_above(doc, cur)))

    def same_rows(cur, piece):
        known, labels = set(_row_labels(cur)), _row_labels(piece)
        return bool(piece.labelled and labels) and sum(x in known for x in labels) * 5 >= 4 * len(labels)

    stacked: list[_Piece] = []
    for piece in pieces:
        cur = stacked[-1] if stacked else None
        if follows(cur, piece) and not same_rows(cur, piece):
            if piece.labels and piece.labels == cur.labels:
                _stack(cur.block, piece.block, None)                 # header repeated: more rows
                cur.single = False
                continue
            if not piece.block.header and piece.labelled and (mapping := _map_columns(cur, piece)) is not None:
                _stack(cur.block, piece.block, mapping)              # no header, same columns
                cur.single = False
                continue
        stacked.append(piece)
    groups: list[_Piece] = []
    for piece in stacked:
        cur = groups[-1] if groups else None
        if follows(cur, piece) and same_rows(cur, piece) and piece.block.header and not cur.single:
            cur.block = _side(cur.block, piece.block)                # more columns, same rows
            cur.labels = cur.labels + piece.labels
            continue
        groups.append(piece)
    return [g.block for g in groups if not g.single]


def _rules(page) -> list[tuple[float, float, float]]:
    """The cell sides of the ruled tables the reader found on the page (none unruled)."""
    return list(getattr(page, "rules", None) or [])


class _Masked:
    """The document as the shared table builder sees it: running heads, feet, page
    numbers and table notes read as blank lines, so that a page that goes on with a
    table's columns under them is seen as its continuation."""

    def __init__(self, doc, blank: set[int]):
        self._doc, self._blank = doc, blank

    def __getattr__(self, name):
        return getattr(self._doc, name)

    def line(self, number: int):
        line = self._doc.line(number)
        return replace(line, text="") if number in self._blank else line


def _notes(doc, blocks: list[Block]) -> set[int]:
    """Lines of the notes printed under a table (`* Les mesures…`, `(1) …`)."""
    out = set()
    for block in blocks:
        n = block.last_line + 1
        while n <= len(doc.lines) and _NOTE.match(doc.line(n).text):
            out.add(n)
            n += 1
    return out


def _text_cells(doc, blocks: list[Block], tables: list) -> None:
    """Text printed in a value column (a city beside a region's amounts, a mission's
    label beside its code) kept as a text cell (value None), which the shared builder,
    reading numbers only, leaves out: it goes in the row and column where the builder
    put the numbers printed on its line, shifted by its place among them."""
    placed = {c.evidence.start: (t, c) for t in tables for c in t.cells}
    for block in blocks:
        for row in block.data:
            values = block.values(row)
            anchor = next(((i, placed[c.start]) for i, c in enumerate(values)
                           if c.value is not None and c.start in placed), None)
            if anchor is None:
                continue
            i, (table, cell) = anchor
            for k, c in enumerate(values):
                column = cell.column - i + k
                if c.text and c.value is None and 0 <= column < len(table.columns):
                    table.cells.append(Cell(cell.row, column, c.text, None, Evidence.of(doc, c.start, c.end)))
                    issue = f"line {row.line}: cell {c.text!r} is not a number"
                    if issue in table.issues:
                        table.issues.remove(issue)
    for table in tables:
        table.cells.sort(key=lambda c: c.evidence.start)


def find_tables(doc, settings: Settings = SETTINGS) -> list:
    """The tables of a PDF document (none for other formats)."""
    if doc.format != "pdf":
        return []
    skip = furniture(doc, settings)
    pieces = []
    for page in doc.pages:
        for run, above in _runs(doc, page, skip, settings):
            piece = _piece(doc, page, run, above, _rules(page), settings)
            if piece is not None:
                pieces.append(piece)
    blocks = _assemble(doc, pieces, skip)
    tables = tables_from_blocks(_Masked(doc, skip | _notes(doc, blocks)), blocks)
    _text_cells(doc, blocks, tables)
    for table in tables:
        table.document = doc.name
        if table.unit is None:           # the last unit sentence above holds until another
            table.unit = unit_before(doc, table.first_line)
    return tables
