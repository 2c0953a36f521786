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
