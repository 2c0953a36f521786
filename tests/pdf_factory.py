"""Small PDFs made by the tests themselves (fpdf2), so PDF reading is tested on files
whose every word we know: prose, ruled and unruled French-number tables, landscape and
rotated pages, several pages, encrypted files."""
from __future__ import annotations

import os
from pathlib import Path

import matplotlib
from fpdf import FPDF

FONT = os.path.join(os.path.dirname(matplotlib.__file__), "mpl-data", "fonts", "ttf", "DejaVuSans.ttf")


def new_pdf() -> FPDF:
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", "", FONT)
    pdf.set_font("DejaVu", size=10)
    return pdf


def write_lines(pdf: FPDF, lines, x=50, y=60, step=16):
    for i, text in enumerate(lines):
        pdf.text(x, y + i * step, text)


def write_table(pdf: FPDF, rows, x=50, y=100, widths=None, step=16, ruled=False):
    """Rows of cells, numbers right-aligned in fixed columns; optional cell borders."""
    widths = widths or [170] + [90] * (len(rows[0]) - 1)
    for r, row in enumerate(rows):
        cx = x
        for c, cell in enumerate(row):
            w = widths[c]
            if ruled:
                pdf.rect(cx, y + r * step - 11, w, step)
            if cell:
                tw = pdf.get_string_width(cell)
                tx = cx + 3 if c == 0 else cx + w - tw - 3
                pdf.text(tx, y + r * step, cell)
            cx += w


def save(pdf: FPDF, path: Path) -> Path:
    pdf.output(str(path))
    return path


BOLD = os.path.join(os.path.dirname(FONT), "DejaVuSans-Bold.ttf")


def write_grid(pdf: FPDF, header, rows, x=40, y=100, widths=None, size=8, ruled=False,
               bold_rows=(), line=None, numbers="bottom"):
    """A table typeset as the ministry does: header cells whose lines (a list per cell)
    are centred horizontally and vertically in one header band, bold; numbers
    right-aligned; label cells (first column) left-aligned, a label given as a list of
    lines wraps over them with the numbers on its last line (`numbers="middle"`: midway
    between its lines); rows in `bold_rows` bold.
    Returns the y below the table."""
    if "dejavub" not in pdf.fonts:
        pdf.add_font("DejaVuB", "", BOLD)
    line = line or size * 1.25
    widths = widths or [110] + [70] * (len(header) - 1)
    pad = 3
    n_lines = max(len(cell) for cell in header)
    band = n_lines * line + 4
    pdf.set_font("DejaVuB", size=size)
    cx = x
    for w, cell in zip(widths, header):
        if ruled:
            pdf.rect(cx, y, w, band)
        top = y + (band - len(cell) * line) / 2
        for k, text in enumerate(cell):
            tw = pdf.get_string_width(text)
            pdf.text(cx + (w - tw) / 2, top + (k + 1) * line - 0.25 * line, text)
        cx += w
    ty = y + band
    for r, row in enumerate(rows):
        label = row[0] if isinstance(row[0], list) else [row[0]]
        height = len(label) * line + 2
        pdf.set_font("DejaVuB" if r in bold_rows else "DejaVu", size=size)
        base = ty + height - 1 - 0.25 * line
        if numbers == "middle":
            base = ty + 1 + (len(label) + 1) / 2 * line - 0.25 * line
        for k, text in enumerate(label):
            pdf.text(x + pad, ty + 1 + (k + 1) * line - 0.25 * line, text)
        cx = x + widths[0]
        if ruled:
            pdf.rect(x, ty, widths[0], height)
        for w, cell in zip(widths[1:], row[1:]):
            if ruled:
                pdf.rect(cx, ty, w, height)
            if cell:
                pdf.text(cx + w - pdf.get_string_width(cell) - pad, base, cell)
            cx += w
        ty += height
    pdf.set_font("DejaVu", size=10)
    return ty
