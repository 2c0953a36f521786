"""Tables of PDFs laid out in columns (pdfgrid), on PDFs the tests make with fpdf2:
cells cut from word boxes, French thousands spaces kept inside one cell, wrapped centred
header cells rebuilt cell by cell, group heads, wrapped row labels, tables across pages
(header repeated or not, a single row carried over, two column blocks, continuation pages
without labels), running heads and page numbers, ruled, rotated and sideways pages; a
property test on random grids; and exact cells on the shared 003 renditions."""
from decimal import Decimal
from pathlib import Path

import pikepdf
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from extractors.numbers import format_number
from extractors.readers import read_document
from extractors.tables import cell_records, check_records, extract_tables
from pdf_factory import new_pdf, save, write_grid, write_lines, write_table

WIDTHS = [150, 80, 80, 90, 90]
HEADER = [
    ["Région", "Base", "Plateformes", "Total", "Total"],
    ["", "2024", "d'expertise", "délégations", "dotations"],
    ["", "", "F21", "", ""],
    ["", "", "JPE", "", ""],
]
# délégations = Plateformes d'expertise; dotations = Base + délégations
ROWS = [
    ["Alsace", "12 345,6", "1 234,5", "1 234,5", "13 580,1"],
    ["Bretagne", "2 000,0", "", "", "2 000,0"],
    ["Corse", "500,0", "- 12,5", "- 12,5", "487,5"],
    ["France métropolitaine", "14 845,6", "1 222,0", "1 222,0", "16 067,6"],
]
# the same with a second page: délégations also count its 'Mesure B' (Alsace 100, Corse 20)
ROWS_WITH_PAGE_2 = [
    ["Alsace", "12 345,6", "1 234,5", "1 334,5", "13 680,1"],
    ["Bretagne", "2 000,0", "", "", "2 000,0"],
    ["Corse", "500,0", "- 12,5", "7,5", "507,5"],
    ["France métropolitaine", "14 845,6", "1 222,0", "1 342,0", "16 187,6"],
]


def first_page(pdf, ruled, rows=ROWS):
    pdf.add_page()
    write_lines(pdf, ["Annexe 3 - Dotations régionales", "Les montants sont en milliers d'euros"])
    write_table(pdf, HEADER + rows, y=110, widths=WIDTHS, ruled=ruled)


@pytest.fixture(params=[True, False], ids=["ruled", "unruled"])
def single_page(request, tmp_path):
    pdf = new_pdf()
    first_page(pdf, ruled=request.param)
    return read_document(save(pdf, tmp_path / "tableau.pdf"))


def test_cells_come_from_word_positions(single_page):
    (table,) = extract_tables(single_page)
    assert (table.title, table.unit) == ("Annexe 3 - Dotations régionales", "k€")
    assert [(c.label, c.code, c.renewal, c.role) for c in table.columns] == [
        ("Base 2024", None, None, "base"), ("Plateformes d'expertise", "F21", "JPE", "measure"),
        ("Total délégations", None, None, "total"), ("Total dotations", None, None, "total")]
    got = [(r["row"], r["column"], r["text"], r["value"]) for r in cell_records(table)]
    assert got[:5] == [
        ("Alsace", "Base 2024", "12 345,6", Decimal("12345.6")),
        ("Alsace", "Plateformes d'expertise", "1 234,5", Decimal("1234.5")),
        ("Alsace", "Total délégations", "1 234,5", Decimal("1234.5")),
        ("Alsace", "Total dotations", "13 580,1", Decimal("13580.1")),
        ("Bretagne", "Base 2024", "2 000,0", Decimal("2000.0")),
    ]
    corse = [r for r in cell_records(table) if r["row"] == "Corse" and r["column_code"] == "F21"]
    assert [(r["text"], r["value"], r["value_eur"]) for r in corse] == [("- 12,5", Decimal("-12.5"), Decimal("-12500.0"))]
    assert len(got) == 14 and not [r for r in got if r[0] == "Bretagne" and r[1].startswith("Plateformes")]


def test_evidence_points_at_the_printed_number_and_its_box(single_page):
    (table,) = extract_tables(single_page)
    c = next(c for c in table.cells if c.text == "1 234,5")
    assert single_page.text[c.evidence.start:c.evidence.end] == "1 234,5"
    assert c.evidence.box is not None and c.evidence.box[2] > c.evidence.box[0]


def test_totals_reconcile(single_page):
    (table,) = extract_tables(single_page)
    record = check_records(table)
    # one total row × 4 columns, two row totals × 4 rows (Bretagne prints no délégations)
    assert (record["checked"], record["reconciled"], record["failed"]) == (11, 11, 0)


def test_a_continuation_page_without_labels(tmp_path):
    pdf = new_pdf()
    first_page(pdf, ruled=False, rows=ROWS_WITH_PAGE_2)
    pdf.add_page()
    write_lines(pdf, ["Annexe 3 - Dotations régionales"])
    write_table(pdf, [["Mesure B"], ["AC MCO"], ["NR"], ["100,0"], ["20,0"], ["120,0"]],
                x=200, y=110, widths=[90])
    doc = read_document(save(pdf, tmp_path / "deux_pages.pdf"))
    (table,) = extract_tables(doc)
    b = [(r["row"], r["page"], r["text"], r["nature"], r["renewal"], r["is_total"])
         for r in cell_records(table) if r["column"] == "Mesure B"]
    assert b == [("Alsace", 2, "100,0", "AC MCO", "NR", False), ("Corse", 2, "20,0", "AC MCO", "NR", False),
                 ("France métropolitaine", 2, "120,0", "AC MCO", "NR", True)]
    record = check_records(table)
    assert record["failed"] == 0 and record["ambiguous_rows"] == []
    assert record["checked"] == 12


# ---------------------------------------------------------------- typeset as the ministry does


GRID_HEAD = [["RÉGIONS"], ["DOTATIONS", "au 30/06/05"], ["PRIMES", "sommet du", "grade (NR)"],
             ["TRANSFERTS", "interrégio-", "naux"], ["TOTAL", "mesures"], ["DOTATIONS", "régionales"]]
GRID_ROWS = [
    ["Alsace", "100,00", "1,50", "- 2,00", "-0,50", "99,50"],
    [["Provence-Alpes-", "Côte d’Azur"], "1 200,00", "3,25", "2,00", "5,25", "1 205,25"],
    ["Corse", "50,00", "0,25", "", "0,25", "50,25"],
    ["France entière", "1 350,00", "5,00", "0,00", "5,00", "1 355,00"],
]
GRID_COLUMNS = ["DOTATIONS au 30/06/05", "PRIMES sommet du grade (NR)", "TRANSFERTS interrégionaux",
                "TOTAL mesures", "DOTATIONS régionales"]
GRID_CELLS = [(r[0] if isinstance(r[0], str) else "Provence-Alpes-Côte d’Azur", GRID_COLUMNS[i], v)
              for r in GRID_ROWS for i, v in enumerate(r[1:]) if v]
GRID_WIDTHS = [120, 80, 70, 80, 70, 80]


def head_and_foot(pdf, page, pages):
    pdf.set_font("DejaVu", size=8)
    pdf.text(40, 30, "Bulletin officiel Santé no 2005/11 du 15 décembre 2005")
    pdf.text(pdf.w / 2 - 20, pdf.h - 35, f"Page {page} / {pages}")
    pdf.set_font("DejaVu", size=10)


def title_and_unit(pdf, y=60):
    pdf.text(40, y, "ANNEXE I - DOTATIONS RÉGIONALES AU 30 SEPTEMBRE 2005")
    pdf.text(40, y + 16, "(Les montants sont en milliers d’euros.)")


def landscape_grid(path, ruled, rows_per_page=(4,), repeat_header=True):
    """The grid on landscape pages, the header repeated on each (or not), running heads
    and `Page n / N` feet."""
    pdf = new_pdf()
    start = 0
    for p, n in enumerate(rows_per_page, start=1):
        pdf.add_page(orientation="L")
        head_and_foot(pdf, p, len(rows_per_page))
        if p == 1:
            title_and_unit(pdf)
        write_grid(pdf, GRID_HEAD if p == 1 or repeat_header else [[""]] * len(GRID_HEAD),
                   GRID_ROWS[start:start + n], y=90, widths=GRID_WIDTHS, ruled=ruled,
                   bold_rows=[i for i in range(n) if start + i == 3])
        start += n
    return save(pdf, path)


def grid_cells(doc):
    (table,) = extract_tables(doc)
    return table, [(r["row"], r["column"], r["text"]) for r in cell_records(table)]


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_wrapped_centred_header_cells_are_rebuilt_cell_by_cell(tmp_path, ruled):
    doc = read_document(landscape_grid(tmp_path / "grille.pdf", ruled))
    table, cells = grid_cells(doc)
    assert (table.title, table.unit) == ("ANNEXE I - DOTATIONS RÉGIONALES AU 30 SEPTEMBRE 2005", "k€")
    # `interrégio-` + `naux` is one word again; `(NR)` stays in the label
    assert [c.label for c in table.columns] == GRID_COLUMNS
    # the wrapped row label keeps its first line; the hyphen of a compound stays
    assert [r.label for r in table.rows] == ["Alsace", "Provence-Alpes-Côte d’Azur", "Corse", "France entière"]
    assert table.rows[3].is_total
    assert sorted(cells) == sorted(GRID_CELLS)
    # the running head and the page number are never cells
    assert not [c for c in table.cells if "Page" in c.text or c.text in ("1", "11", "2005")]


def test_a_label_wrapped_around_its_numbers(tmp_path):
    """Numbers printed midway between the two lines of their label: one reader line
    holds both label lines, read back top to bottom."""
    pdf = new_pdf()
    pdf.add_page(orientation="L")
    title_and_unit(pdf)
    write_grid(pdf, GRID_HEAD, GRID_ROWS, y=90, widths=GRID_WIDTHS, numbers="middle")
    doc = read_document(save(pdf, tmp_path / "milieu.pdf"))
    table, cells = grid_cells(doc)
    assert [r.label for r in table.rows] == ["Alsace", "Provence-Alpes-Côte d’Azur", "Corse", "France entière"]
    assert sorted(cells) == sorted(GRID_CELLS)


def test_a_table_broken_over_pages_with_its_header_repeated_is_one_table(tmp_path):
    doc = read_document(landscape_grid(tmp_path / "deux_pages.pdf", ruled=False, rows_per_page=(2, 2)))
    table, cells = grid_cells(doc)
    assert sorted(cells) == sorted(GRID_CELLS)
    assert {r["unit"] for r in cell_records(table)} == {"k€"}
    assert {r["page"] for r in cell_records(table)} == {1, 2}
    assert check_records(table)["failed"] == 0


def test_rows_carried_over_to_a_page_without_header(tmp_path):
    doc = read_document(landscape_grid(tmp_path / "suite.pdf", ruled=False, rows_per_page=(2, 2),
                                       repeat_header=False))
    table, cells = grid_cells(doc)
    assert sorted(cells) == sorted(GRID_CELLS)


def test_a_single_row_carried_over_to_the_next_page(tmp_path):
    doc = read_document(landscape_grid(tmp_path / "report.pdf", ruled=True, rows_per_page=(3, 1)))
    table, cells = grid_cells(doc)
    assert sorted(cells) == sorted(GRID_CELLS)
    assert [r.label for r in table.rows][-1] == "France entière"


@pytest.mark.parametrize("turn", ["rotate", "sideways"])
def test_rotated_pages_read_the_same_cells(tmp_path, turn):
    if turn == "rotate":                       # landscape content, /Rotate on the page
        path = landscape_grid(tmp_path / "grille.pdf", ruled=True)
        with pikepdf.open(path) as pdf:
            for page in pdf.pages:
                page.Rotate = 90
            pdf.save(tmp_path / "tourne.pdf")
    else:                                      # a quarter turn drawn on a portrait page
        pdf = new_pdf()
        pdf.add_page()
        with pdf.rotation(90, 297, 421):
            pdf.set_xy(0, 0)
            title_and_unit(pdf, y=280)
            write_grid(pdf, GRID_HEAD, GRID_ROWS, x=-120, y=300, widths=GRID_WIDTHS, ruled=False)
        save(pdf, tmp_path / "tourne.pdf")
    doc = read_document(tmp_path / "tourne.pdf")
    table, cells = grid_cells(doc)
    assert [c.label for c in table.columns] == GRID_COLUMNS
    assert sorted(cells) == sorted(GRID_CELLS)


def test_a_wide_table_printed_in_two_column_blocks_is_one_table(tmp_path):
    pdf = new_pdf()
    pdf.add_page(orientation="L")
    head_and_foot(pdf, 1, 2)
    title_and_unit(pdf)
    cols = [0, 1, 2]
    y = write_grid(pdf, [GRID_HEAD[i] for i in cols], [[r[i] for i in cols] for r in GRID_ROWS],
                   y=90, widths=[GRID_WIDTHS[i] for i in cols])
    pdf.text(40, y + 14, "* Les montants sont arrondis.")
    pdf.add_page(orientation="L")
    head_and_foot(pdf, 2, 2)
    cols = [0, 3, 4, 5]
    write_grid(pdf, [GRID_HEAD[i] for i in cols], [[r[i] for i in cols] for r in GRID_ROWS],
               y=90, widths=[GRID_WIDTHS[i] for i in cols])
    doc = read_document(save(pdf, tmp_path / "deux_blocs.pdf"))
    table, cells = grid_cells(doc)
    assert [c.label for c in table.columns] == GRID_COLUMNS
    assert sorted(cells) == sorted(GRID_CELLS)


# ---------------------------------------------------------------- the shared 003 renditions

SHARED = Path(__file__).resolve().parents[2] / "shared" / "pdf"


@pytest.mark.parametrize("name", ["003_a_ruled.pdf", "003_b_unruled.pdf", "003_c_rotated.pdf",
                                  "003_d_small.pdf", "003_e_sideways.pdf"])
def test_shared_003_renditions(name):
    path = SHARED / name
    if not path.exists():
        pytest.skip(f"{path} is not here")
    tables = extract_tables(read_document(path))
    assert [len(t.columns) for t in tables] == [13, 30, 12, 5]
    assert [len(t.cells) for t in tables] == [319, 724, 308, 94]
    assert [t.unit for t in tables] == ["k€"] * 4
    daf, migac, dac, stages = tables
    assert [c.label for c in daf.columns][:3] == ["DAF au 30/06/05", "TRANSFERTS au 01/01/05",
                                                  "PRIMES sommet du grade (NR)"]
    assert migac.columns[10].label == ("PROGRAMME 2005 de soutien aux techniques innovantes et coûteuses "
                                       "(cancer) (NR)")
    assert migac.columns[-1].label == "DOTATIONS régionales MIGAC au 30/09/05"
    records = {(r["row"], r["column"]): r["text"] for t in tables for r in cell_records(t)}
    assert records[("Provence - Alpes - Côte d’Azur", "REPRISE plus ou moins values de 2004 (NR)")] == "1 076,85"
    # second column block of Annexe II, its France entière row on the next page in small print
    assert records[("France entière", "DOTATIONS régionales MIGAC au 30/09/05")].replace("\u202f", " ") \
        .replace("\u00a0", " ") in ("4 764 674,87", "4764674,87")
    # `Guyane *`: the note mark is not part of the label; its row is one row over both blocks
    assert [(r["column"], r["text"]) for r in cell_records(migac) if r["row"] == "Guyane"] == [
        ("DOTATIONS MIGAC au 30 juin 05", "2,99"), ("AUTRES MIGAC", "100,71"),
        ("TOTAL mesures circulaires 3", "100,71"), ("TRANSFERTS interrégionaux", "0,00"),
        ("DOTATIONS régionales MIGAC au 30/09/05", "103,70")]
    assert [c.role for c in stages.columns] == ["count", "measure", "count", "count", "measure"]
    assert not [t for t in tables for c in t.cells if "Page" in c.text]


def row_totals(table) -> list[tuple[str, list[str], str, str]]:
    """Each total column's reading (its parts' labels) and the row totals that fail."""
    readings = sorted({(table.columns[c.total[1]].label, tuple(table.columns[p[1]].label for p in c.parts))
                       for c in table.checks if c.kind == "row"})
    failures = [(f["row"], f["column"], str(f["stated"]), str(f["computed"]))
                for f in check_records(table)["failures"] if f["kind"] == "row"]
    return readings, failures


def test_total_columns_without_a_label_reading_are_read_from_the_sums_as_in_the_text():
    """`TOTAL mesures circulaire 3` states no parts a label rule reads: the totals choose its
    columns, the same ones in the PDF (tabbed) as in the text rendition (spaced), and the same
    row totals fail (the source prints Auvergne's total again for Bourgogne)."""
    path = SHARED / "003_a_ruled.pdf"
    if not path.exists():
        pytest.skip(f"{path} is not here")
    pdf = extract_tables(read_document(path))[:3]
    text = extract_tables(read_document(Path(__file__).resolve().parents[1] / "corpus" / "003_eb69c40a305daa31.txt"))[:3]
    assert [row_totals(t) for t in pdf] == [row_totals(t) for t in text]
    readings, failures = row_totals(pdf[1])
    assert [(total, len(parts)) for total, parts in readings] == [
        ("DOTATIONS régionales MIGAC au 30/09/05", 3), ("TOTAL mesures circulaires 3", 26)]
    assert failures == [
        ("Aquitaine", "TOTAL mesures circulaires 3", "8151.72", "8148.71"),
        ("Auvergne", "TOTAL mesures circulaires 3", "2517.03", "2892.82"),
        ("Bourgogne", "TOTAL mesures circulaires 3", "2517.03", "2422.44"),
        ("Auvergne", "DOTATIONS régionales MIGAC au 30/09/05", "101098.27", "93307.60")]
    assert [sum(c.kind == "row" for c in t.checks) for t in pdf] == [58, 58, 58]


def test_ruled_pages_give_the_table_finder_column_rules(tmp_path):
    ruled = read_document(landscape_grid(tmp_path / "regle.pdf", ruled=True))
    assert sorted({x for x, _, _ in ruled.pages[0].rules}) == [40, 160, 240, 310, 390, 460, 540]
    unruled = read_document(landscape_grid(tmp_path / "sans.pdf", ruled=False))
    assert unruled.pages[0].rules == []


def test_centred_numbers_in_a_ruled_grid_take_their_columns_from_the_rules(tmp_path):
    """Numbers centred in their cells (aligned on neither side), a narrow number under a
    wide header: the middle of the gap between the numbers falls inside the header's
    cell; the rules bound the columns, so `autres` stays in its cell."""
    pdf = new_pdf()
    pdf.add_page(orientation="L")
    title_and_unit(pdf)
    widths, x0, y, step = [120, 150, 60], 40, 100, 14
    rows = [["RÉGIONS", "TRANSFERTS", "MESURES"], ["", "interrégionaux et autres", "nouvelles"],
            ["Alsace", "1,5", "1 234,50"], ["Corse", "2,0", "7,00"], ["Total", "3,5", "1 241,50"]]
    for r, row in enumerate(rows):
        cx = x0
        for w, text in zip(widths, row):
            pdf.rect(cx, y + r * step - 10, w, step)
            if text:
                pdf.text(cx + (w - pdf.get_string_width(text)) / 2, y + r * step, text)
            cx += w
    doc = read_document(save(pdf, tmp_path / "centre.pdf"))
    table, cells = grid_cells(doc)
    assert [c.label for c in table.columns] == ["TRANSFERTS interrégionaux et autres", "MESURES nouvelles"]
    assert cells == [("Alsace", "TRANSFERTS interrégionaux et autres", "1,5"), ("Alsace", "MESURES nouvelles", "1 234,50"),
                     ("Corse", "TRANSFERTS interrégionaux et autres", "2,0"), ("Corse", "MESURES nouvelles", "7,00"),
                     ("Total", "TRANSFERTS interrégionaux et autres", "3,5"), ("Total", "MESURES nouvelles", "1 241,50")]


def test_a_header_of_years_and_rows_led_by_a_finess(tmp_path):
    """`RÉGIONS 2004 2005` reads like a row of numbers: a first line whose numbers are all
    years heads the columns; a FINESS number before an establishment is not a value."""
    pdf = new_pdf()
    pdf.add_page(orientation="L")
    title_and_unit(pdf)
    write_grid(pdf, [["ÉTABLISSEMENTS"], ["2004"], ["2005"]],
               [["750712184 AP-HP", "1 234,5", "1 300,0"], ["130786049 AP-HM", "234,0", "250,5"],
                ["Total", "1 468,5", "1 550,5"]], y=100, widths=[160, 80, 80])
    doc = read_document(save(pdf, tmp_path / "annees.pdf"))
    table, cells = grid_cells(doc)
    assert [c.label for c in table.columns] == ["2004", "2005"]
    assert cells == [("AP-HP", "2004", "1 234,5"), ("AP-HP", "2005", "1 300,0"),
                     ("AP-HM", "2004", "234,0"), ("AP-HM", "2005", "250,5"),
                     ("Total", "2004", "1 468,5"), ("Total", "2005", "1 550,5")]
    assert check_records(table)["failed"] == 0


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_a_group_head_over_two_columns_prefixes_their_labels(tmp_path, ruled):
    pdf = new_pdf()
    pdf.add_page(orientation="L")
    title_and_unit(pdf)
    cols = [(40, 120), (160, 80), (240, 80), (320, 80), (400, 80)]

    def centred(text, x, w, baseline):
        pdf.text(x + (w - pdf.get_string_width(text)) / 2, baseline, text)
    if ruled:
        for x, w in cols[:2] + cols[4:]:
            pdf.rect(x, 90, w, 32)
        pdf.rect(240, 90, 160, 16)
        pdf.rect(240, 106, 80, 16)
        pdf.rect(320, 106, 80, 16)
    centred("RÉGIONS", 40, 120, 110)
    centred("DOTATIONS", 160, 80, 102)
    centred("au 30/06/05", 160, 80, 114)
    centred("MESURES NOUVELLES", 240, 160, 102)
    centred("Plan urgences", 240, 80, 118)
    centred("Soutien COM", 320, 80, 118)
    centred("TOTAL", 400, 80, 102)
    centred("mesures", 400, 80, 114)
    rows = [["Alsace", "100,00", "1,50", "2,00", "3,50"], ["Corse", "50,00", "0,50", "", "0,50"],
            ["Total", "150,00", "2,00", "2,00", "4,00"]]
    for r, row in enumerate(rows):
        base = 122 + (r + 1) * 14 - 4
        for (x, w), text in zip(cols, row):
            if ruled:
                pdf.rect(x, 122 + r * 14, w, 14)
            if text and x == 40:
                pdf.text(x + 3, base, text)
            elif text:
                pdf.text(x + w - 3 - pdf.get_string_width(text), base, text)
    doc = read_document(save(pdf, tmp_path / "groupe.pdf"))
    table, cells = grid_cells(doc)
    assert [c.label for c in table.columns] == [
        "DOTATIONS au 30/06/05", "MESURES NOUVELLES / Plan urgences", "MESURES NOUVELLES / Soutien COM",
        "TOTAL mesures"]
    assert ("Corse", "MESURES NOUVELLES / Plan urgences", "0,50") in cells and len(cells) == 11


# ---------------------------------------------------------------- property: any grid reads back


REGIONS = ["Alsace", "Aquitaine", "Auvergne", "Basse-Normandie", "Bourgogne", "Bretagne", "Centre",
           "Champagne-Ardenne", "Corse", "Franche-Comté", "Ile-de-France", "Languedoc-Roussillon"]
HEADS = [["Base", "2005"], ["PRIMES", "sommet du", "grade (NR)"], ["SOUTIEN", "COM"],
         ["REPRISE", "plus ou moins", "values (NR)"], ["MESURES", "ponctuelles"]]


@st.composite
def grids(draw):
    n_cols = draw(st.integers(1, 5))
    labels = draw(st.lists(st.sampled_from(REGIONS), min_size=2, max_size=6, unique=True))
    value = st.decimals(min_value=-99999, max_value=9999999, places=2, allow_nan=False, allow_infinity=False)
    rows = [[draw(st.one_of(st.none(), value)) for _ in range(n_cols)] for _ in labels]
    for i in range(n_cols):                  # every column and every row prints a number
        if all(r[i] is None for r in rows):
            rows[0][i] = Decimal("1.00")
    for r in rows:
        if all(v is None for v in r):
            r[0] = Decimal("2.00")
    sep = draw(st.sampled_from([" ", "\u00a0", "\u202f"]))
    return labels, rows, sep, draw(st.booleans())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(grid=grids())
def test_any_grid_of_french_numbers_reads_back(tmp_path, grid):
    labels, rows, sep, ruled = grid
    n_cols = len(rows[0])
    pdf = new_pdf()
    pdf.add_page(orientation="L")
    title_and_unit(pdf)
    texts = [[format_number(v, 2, sep) if v is not None else "" for v in r] for r in rows]
    write_grid(pdf, [["RÉGIONS"]] + HEADS[:n_cols], [[lab] + t for lab, t in zip(labels, texts)],
               y=90, widths=[120] + [85] * n_cols, ruled=ruled)
    doc = read_document(save(pdf, tmp_path / "propriete.pdf"))
    (table,) = extract_tables(doc)
    got = sorted((r["row"], r["column"], r["value"]) for r in cell_records(table))
    heads = [" ".join(h) for h in HEADS]
    want = sorted((lab, heads[i], v) for lab, r in zip(labels, rows) for i, v in enumerate(r) if v is not None)
    assert got == want


def test_a_continuation_page_without_labels_under_running_heads_and_feet(tmp_path):
    pdf = new_pdf()
    first_page(pdf, ruled=False, rows=ROWS_WITH_PAGE_2)
    head_and_foot(pdf, 1, 2)
    pdf.add_page()
    head_and_foot(pdf, 2, 2)
    write_lines(pdf, ["Annexe 3 - Dotations régionales"])
    write_table(pdf, [["Mesure B"], ["AC MCO"], ["NR"], ["100,0"], ["20,0"], ["120,0"]],
                x=200, y=110, widths=[90])
    doc = read_document(save(pdf, tmp_path / "deux_pages.pdf"))
    (table,) = extract_tables(doc)
    b = [(r["row"], r["text"], r["unit"]) for r in cell_records(table) if r["column"] == "Mesure B"]
    assert b == [("Alsace", "100,0", "k€"), ("Corse", "20,0", "k€"), ("France métropolitaine", "120,0", "k€")]
    assert check_records(table)["failed"] == 0


def test_table_settings_name_a_bad_value():
    from extractors.tables.pdfgrid import Settings
    with pytest.raises(ValueError, match="'header_gap' must be a number >= 0, not -1"):
        Settings(header_gap=-1)
    with pytest.raises(ValueError, match="'furniture_margin' must be below 0.5"):
        Settings(furniture_margin=0.6)
