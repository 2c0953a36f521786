"""Tables of PDFs laid out in columns (pdfgrid), on PDFs the tests make with fpdf2:
cells cut from word boxes, French thousands spaces kept inside one cell, headers split
over lines joined, a continuation page without labels, totals reconciled."""
from decimal import Decimal

import pytest

from extractors.readers import read_document
from extractors.tables import cell_records, check_records, extract_tables
from pdf_factory import new_pdf, save, write_lines, write_table

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
