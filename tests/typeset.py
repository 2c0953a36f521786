"""Grids typeset as the ministry's PDFs (ReportLab), so the PDF table reader is measured on
tables it was never tuned on: the same typesetting as `../shared/pdf/` (A4 landscape, a
running head, a title and a unit line per table, wrapped centred header cells on a grey
band, right-aligned French numbers whose thousands separator cycles by table, bold total
rows, the header repeated over page breaks, `Page n / N` feet, prose between the tables,
wide tables printed in column parts), in its variants and in a few it does not have.

    STYLES["a_ruled"] … STYLES["e_sideways"]    the shared set's variants
    STYLES["f_serif_portrait"]                  serif font on portrait pages: narrow columns,
                                                row labels wrapped over two lines
    STYLES["g_booktabs"]                        horizontal rules only, bold header on white,
                                                totals not bold
    STYLES["h_grouped"]                         a group head spanning its leaf columns (grid
                                                labels `group / leaf`), looser rows, no fill
    STYLES["i_flowing"]                         portrait, a wide table's column parts one under
                                                the other on a page, numbers on the first line
                                                of a wrapped label
    STYLES["j_unrepeated"]                      portrait, unruled, serif, the header printed
                                                once: later pages go on with bare rows
    STYLES["k_centred"]                         numbers centred in their cells, bold header
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import pikepdf
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate, Paragraph,
                                Spacer, Table, TableStyle)

from tests.gold_tables import Grid

LIBERATION = Path("/usr/share/fonts/truetype/liberation")
DEJAVU = Path(__import__("matplotlib").get_data_path()) / "fonts" / "ttf"
# the shared PDFs are set in Liberation Sans; DejaVu (shipped with matplotlib) stands in
# where the system has no Liberation fonts, and gives the serif variant its face
FACES = {
    "sans": [(LIBERATION / f"LiberationSans-{s}.ttf") for s in ("Regular", "Bold", "Italic")]
    if (LIBERATION / "LiberationSans-Regular.ttf").exists()
    else [DEJAVU / f"DejaVuSans{s}.ttf" for s in ("", "-Bold", "-Oblique")],
    "spare": [DEJAVU / f"DejaVuSans{s}.ttf" for s in ("", "-Bold", "-Oblique")],
    "serif": [DEJAVU / f"DejaVuSerif{s}.ttf" for s in ("", "-Bold", "-Italic")],
}
SEPARATORS = [" ", "\u00a0", "\u202f", ""]        # "" prints a gap with no character
HEAD = "BO Santé – Protection sociale – Solidarités no {year} du 15 décembre {year}"
PROSE = [
    "La présente circulaire a pour objet de vous notifier le montant des dotations régionales "
    "après l’intégration des dernières mesures de la campagne. Les crédits vous sont alloués "
    "sur la base des remontées de vos services, compte tenu d’un coût moyen de 315 euros par agent.",
    "Les financements délégués, ci-joint, correspondent aux nouvelles affectations. Je vous "
    "demande de veiller tout particulièrement à la qualité des informations transmises et au "
    "respect du délai fixé au 15 novembre prochain.",
    "Vous voudrez bien me faire part, sous le présent timbre, des difficultés que vous pourriez "
    "rencontrer dans la mise en œuvre de la présente circulaire, qui intègre une deuxième "
    "délégation de 28,35 MEuro au titre du plan.",
]


@dataclass(frozen=True)
class Style:
    name: str
    ruled: bool = True              # every cell boxed
    hrules: bool = False            # only horizontal rules (header top and bottom, table end)
    rotate: bool = False            # portrait page carrying /Rotate 90, content turned
    sideways: bool = False          # portrait page, content turned, no /Rotate
    portrait: bool = False          # the table set on a portrait page
    scale: float = 1.0              # every font size
    face: str = "sans"
    header_bold: bool = False
    header_fill: bool = True
    totals_bold: bool = True
    label_width: float = 80.0       # at most, before a row label wraps
    text_width: float = 220.0       # at most, before a text cell wraps
    pitch: float = 1.0              # row height factor
    part_break: bool = True         # a wide table's later column part starts a page
    valign: str = "BOTTOM"          # where a row's numbers sit beside its wrapped label
    repeat_header: bool = True      # the header printed again on each page a table runs over
    centred: bool = False           # numbers centred in their cells (as word processors set them)


STYLES = {s.name: s for s in [
    Style("a_ruled"),
    Style("b_unruled", ruled=False),
    Style("c_rotated", rotate=True),
    Style("d_small", scale=0.82),
    Style("e_sideways", sideways=True),
    Style("f_serif_portrait", portrait=True, face="serif", label_width=70.0, ruled=False, hrules=True),
    Style("g_booktabs", ruled=False, hrules=True, header_bold=True, header_fill=False,
          totals_bold=False),
    Style("h_grouped", header_bold=True, header_fill=False, pitch=1.3),
    Style("i_flowing", portrait=True, part_break=False, valign="TOP", label_width=60.0),
    Style("j_unrepeated", portrait=True, repeat_header=False, ruled=False, face="serif"),
    Style("k_centred", centred=True, header_bold=True),
]}
SHARED_STYLES = ["a_ruled", "b_unruled", "c_rotated", "d_small", "e_sideways"]


def _fonts(face: str) -> tuple[str, str, str]:
    names = tuple(f"TS-{face}-{k}" for k in ("R", "B", "I"))
    for name, path in zip(names, FACES[face]):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(path)))
    return names


def _has(font: str, char: str) -> bool:
    return ord(char) in pdfmetrics.getFont(font).face.charToGlyph


_GROUPS = re.compile(r"[ \u00a0\u202f]+")


def _groups(text: str) -> list[str] | None:
    """A printed number's parts (sign, thousands groups), or None for a text cell."""
    from extractors.numbers import NumberError, parse_number
    try:
        parse_number(text)
    except (NumberError, ValueError):
        return None
    return _GROUPS.split(text.strip())


class _Amount(Flowable):
    """A number right-aligned in its cell, its groups joined by the table's separator
    (or set apart by a gap with no character)."""

    def __init__(self, parts: list[str], sep: str, font: str, size: float, centred: bool = False):
        super().__init__()
        self.parts, self.sep, self.font, self.size, self.centred = parts, sep, font, size, centred

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        return avail_width, self.size * 1.15

    def _printed_width(self) -> float:
        spare = _fonts("spare")[0]
        if not self.sep:
            return (sum(pdfmetrics.stringWidth(p, self.font, self.size) for p in self.parts)
                    + (len(self.parts) - 1) * pdfmetrics.stringWidth(" ", self.font, self.size))
        return sum(pdfmetrics.stringWidth(ch, self.font if _has(self.font, ch) else spare, self.size)
                   for ch in self._text())

    def _text(self) -> str:
        out = self.parts[0]
        for prev, part in zip(self.parts, self.parts[1:]):
            out += (" " if not prev[-1].isdigit() else self.sep) + part
        return out

    def draw(self):
        c = self.canv
        c.setFont(self.font, self.size)
        if self.centred:         # the right edge moved so that the number sits mid-cell
            c.translate(-(self.width - self._printed_width()) / 2, 0)
        if self.sep and _has(self.font, self.sep):
            c.drawRightString(self.width, 1, self._text())
            return
        if self.sep:        # a separator the face lacks (U+202F in Liberation 2.1) is set in DejaVu
            spare = _fonts("spare")[0]
            width = sum(pdfmetrics.stringWidth(ch, self.font if _has(self.font, ch) else spare, self.size)
                        for ch in self._text())
            text = c.beginText(self.width - width, 1)
            for ch in self._text():
                text.setFont(self.font if _has(self.font, ch) else spare, self.size)
                text.textOut(ch)
            c.drawText(text)
            return
        x, gap = self.width, pdfmetrics.stringWidth(" ", self.font, self.size)
        for part in reversed(self.parts):
            c.drawRightString(x, 1, part)
            x -= pdfmetrics.stringWidth(part, self.font, self.size) + gap


class _NumberedCanvas(Canvas):
    """Pages kept until the end, so each foot can say `Page n / N`."""

    def __init__(self, *args, head: str, fonts, scale: float, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages, self._head, self._font, self._scale = [], head, fonts[0], scale

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        for n, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            w, h = self._pagesize
            self.setFont(self._font, 7.5 * self._scale)
            self.drawString(40, h - 24, self._head)
            self.drawCentredString(w / 2, 24, f"Page {n} / {len(self._pages)}")
            super().showPage()
        super().save()


def _unit_line(unit: str | None) -> str | None:
    """The printed unit sentence; a unit carrying an editor's note (`(… columns)`) was not printed."""
    if not unit or "(" in unit:
        return None
    return f"(Les montants sont en {unit}.)"


def _widths(grid: Grid, columns: list[str], fonts, size: float, style: Style) -> list[float]:
    """Natural widths: the widest number or the longest header word (the header wraps
    as much as it must), text cells up to `text_width`; the label column up to
    `label_width` before its labels wrap."""
    hsize, pad = size * 0.9, 6
    out = []
    for col in columns:
        head = col.split(" / ")[-1]
        words = max((pdfmetrics.stringWidth(w, fonts[1], hsize) for w in head.split()), default=0)
        texts = [grid.cells[(r, col)] for r in grid.rows if (r, col) in grid.cells]
        values = max((pdfmetrics.stringWidth(t, fonts[1], size) for t in texts), default=0)
        if any(_groups(t) is None for t in texts):
            values = min(values, style.text_width)      # a column of words wraps
        out.append(max(words, values) + pad)
    labels = max([pdfmetrics.stringWidth(r, fonts[0], size) for r in grid.rows]
                 + [pdfmetrics.stringWidth(grid.row_header, fonts[0], hsize)])
    longest = max(pdfmetrics.stringWidth(w, fonts[1], size) for r in grid.rows for w in r.split())
    return [min(labels, max(style.label_width, longest)) + pad] + out   # words are never cut


def _parts(widths: list[float], frame: float) -> list[list[int]]:
    """The columns in as few even parts as fit the frame (each repeats the label column)."""
    n = len(widths) - 1
    for k in range(1, n + 1):
        step = math.ceil(n / k)
        parts = [list(range(i, min(i + step, n))) for i in range(0, n, step)]
        if all(widths[0] + sum(widths[i + 1] for i in p) <= frame for p in parts):
            return parts
    return [[i] for i in range(n)]


def _table(grid: Grid, columns: list[str], widths: list[float], frame: float, fonts, size: float,
           sep: str, style: Style) -> Table:
    regular, bold, _ = fonts
    hfont = bold if style.header_bold else regular
    head_style = ParagraphStyle("h", fontName=hfont, fontSize=size * 0.9, leading=size * 1.05,
                                alignment=TA_CENTER)
    label_style = ParagraphStyle("l", fontName=regular, fontSize=size, leading=size * 1.15, alignment=TA_LEFT)
    total_label = ParagraphStyle("lb", parent=label_style, fontName=bold)
    grouped = any(" / " in c for c in columns)
    scale = frame / sum(widths) if sum(widths) < frame else 1.0
    widths = [w * scale for w in widths]
    heads = []
    if grouped:
        heads.append([Paragraph(escape(grid.row_header), head_style)]
                     + [Paragraph(escape(c.split(" / ")[0]), head_style) for c in columns])
    heads.append([Paragraph(escape(grid.row_header), head_style)]
                 + [Paragraph(escape(c.split(" / ")[-1]), head_style) for c in columns])
    body = []
    for r in grid.rows:
        total = r in grid.total_rows and style.totals_bold
        row = [Paragraph(escape(r), total_label if total else label_style)]
        for c in columns:
            text = grid.cells.get((r, c), "")
            parts = _groups(text) if text else None
            if parts is None:
                row.append(Paragraph(escape(text), label_style))
            else:
                row.append(_Amount(parts, sep, bold if total else regular, size, style.centred))
        body.append(row)
    cmds = [("VALIGN", (0, 0), (-1, len(heads) - 1), "MIDDLE"), ("VALIGN", (0, len(heads)), (-1, -1), style.valign),
            ("TOPPADDING", (0, 0), (-1, -1), size * 0.2 * style.pitch),
            ("BOTTOMPADDING", (0, 0), (-1, -1), size * 0.2 * style.pitch),
            ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
    if grouped:
        cmds.append(("SPAN", (0, 0), (0, 1)))
        start = 0
        for i in range(1, len(columns) + 1):
            group = lambda k: columns[k].split(" / ")[0] if " / " in columns[k] else None  # noqa: E731
            if i == len(columns) or group(i) != group(start) or group(start) is None:
                if group(start) is None:
                    cmds.append(("SPAN", (start + 1, 0), (start + 1, 1)))
                elif i - start > 1:
                    cmds.append(("SPAN", (start + 1, 0), (i, 0)))
                start = i
    if style.header_fill:
        cmds.append(("BACKGROUND", (0, 0), (-1, len(heads) - 1), colors.Color(0.85, 0.85, 0.85)))
    for k, r in enumerate(grid.rows):
        if r in grid.total_rows and style.totals_bold:
            cmds.append(("BACKGROUND", (0, len(heads) + k), (-1, len(heads) + k), colors.Color(0.92, 0.92, 0.92)))
    if style.ruled:
        cmds.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
        cmds.append(("BOX", (0, 0), (-1, -1), 1.0, colors.black))
    elif style.hrules:
        cmds += [("LINEABOVE", (0, 0), (-1, 0), 1.0, colors.black),
                 ("LINEBELOW", (0, len(heads) - 1), (-1, len(heads) - 1), 0.5, colors.black),
                 ("LINEBELOW", (0, -1), (-1, -1), 1.0, colors.black)]
    table = Table(heads + body, colWidths=widths, repeatRows=len(heads) if style.repeat_header else 0,
                  hAlign="LEFT")
    table.setStyle(TableStyle(cmds))
    return table


def typeset(grids: list[Grid], path: Path, style: Style, title: str = "Circulaire relative aux dotations régionales",
            year: str = "2005") -> Path:
    """Write grids as one circular's PDF in a style; returns the path."""
    fonts = _fonts(style.face)
    size = 6.5 * style.scale
    page = A4 if style.portrait else landscape(A4)
    frame_w = page[0] - 80
    para = ParagraphStyle("p", fontName=fonts[0], fontSize=9.5 * style.scale, leading=11.5 * style.scale,
                          spaceAfter=6)
    titled = ParagraphStyle("t", fontName=fonts[1], fontSize=10.5 * style.scale, leading=13 * style.scale,
                            spaceBefore=8, keepWithNext=True)
    unit_style = ParagraphStyle("u", fontName=fonts[2], fontSize=8.5 * style.scale, leading=11 * style.scale,
                                spaceAfter=6, keepWithNext=True)
    story = [Paragraph(title, ParagraphStyle("c", parent=titled, fontSize=12 * style.scale, alignment=TA_CENTER)),
             Paragraph(PROSE[0], para)]
    for n, grid in enumerate(grids):
        sep = SEPARATORS[n % len(SEPARATORS)]
        widths = _widths(grid, grid.columns, fonts, size, style)
        parts = _parts(widths, frame_w)
        story.append(Paragraph(escape(grid.title or f"Tableau {n + 1}"), titled))
        if _unit_line(grid.unit):
            story.append(Paragraph(_unit_line(grid.unit), unit_style))
        for k, cols in enumerate(parts):
            if k and style.part_break:
                story.append(PageBreak())            # a later column part starts a page, header first
            story.append(_table(grid, [grid.columns[i] for i in cols], [widths[0]] + [widths[i + 1] for i in cols],
                                frame_w, fonts, size, sep, style))
            story.append(Spacer(1, 10))
        story.append(Paragraph(PROSE[(n + 1) % len(PROSE)], para))
    doc = BaseDocTemplate(str(path), pagesize=page, leftMargin=40, rightMargin=40, topMargin=36, bottomMargin=40,
                          title=title, author="DGOS", creator="tests/typeset.py")
    doc.addPageTemplates([PageTemplate("p", [Frame(40, 40, frame_w, page[1] - 76, id="f")])])
    doc.build(story, canvasmaker=lambda *a, **k: _NumberedCanvas(
        *a, head=HEAD.format(year=year), fonts=fonts, scale=style.scale, **k))
    if style.rotate or style.sideways:
        _turn(path, style.rotate)
    return path


def _turn(path: Path, rotate: bool) -> None:
    """Landscape pages put on portrait paper, content turned a quarter; with /Rotate 90
    the viewer turns it back (a rotated page), without it the table reads sideways."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        for page in pdf.pages:
            w, h = float(page.mediabox[2]), float(page.mediabox[3])
            page.contents_add(pdf.make_stream(f"q 0 1 -1 0 {h} 0 cm\n".encode()), prepend=True)
            page.contents_add(pdf.make_stream(b"\nQ\n"))
            page.mediabox = pikepdf.Array([0, 0, h, w])
            if rotate:
                page.Rotate = 90
        pdf.save(path)
