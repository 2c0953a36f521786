"""Tab-separated tables and the continuation-row solver, on small tables written by the
tests: which region an unlabelled row belongs to, and when the evidence cannot say."""
from decimal import Decimal

import pytest

from extractors.readers import read_document
from extractors.tables import cell_records, check_records, extract_tables
from extractors.tables.assign import Merge, Rule, assign_rows, merged_rows


def write(tmp_path, rows_by_block, before="Les montants sont en milliers d'euros\n\nAnnexe 2 - Essai\n",
          pipes=False):
    def render(block):
        if not pipes:
            return "\n".join("\t".join(r) for r in block)
        lines = ["| " + " | ".join(r) + " |" for r in block]
        return "\n".join(lines[:1] + ["|" + "---|" * len(block[0])] + lines[1:])
    text = before + "\n" + "\n\n## Annexe 2 - Essai\n\n".join(map(render, rows_by_block)) + "\n\nFin.\n"
    path = tmp_path / "essai.md"
    path.write_text(text, encoding="utf-8")
    return read_document(path)


FIRST = [
    ["Région", "Base 2024", "Mesure A"],
    ["N° MIG/AC", "", "MIG MCO"],
    ["code MIG", "", "F21"],
    ["JPE/NR/R", "", "JPE"],
    ["Alsace", "1 000,0", "10,0"],
    ["Bretagne", "2 000,0", ""],
    ["Corse", "500,0", "5,0"],
    ["<b>France métropolitaine</b>", "<b>3 500,0</b>", "<b>15,0</b>"],
    ["Guadeloupe", "300,0", "1,0"],
    ["Mayotte", "", ""],
    ["<b>DOM</b>", "<b>300,0</b>", "<b>1,0</b>"],
    ["<b>Total dotations régionales</b>", "<b>3 800,0</b>", "<b>16,0</b>"],
]
# a continuation page: no labels, empty rows dropped, totals not in bold
SECOND = [
    ["Mesure B", "Mesure C"],
    ["AC MCO", "AC MCO"],
    ["", ""],
    ["NR", "R"],
    ["", "7,5"],          # Bretagne
    ["2,0", "1,0"],       # Corse
    ["2,0", "8,5"],
    ["4,0", ""],          # Mayotte
    ["4,0", "0,0"],
    ["6,0", "8,5"],
]
TOTALS = [
    ["Total délégations", "Total dotations"],
    ["10,0", "1 010,0"],
    ["7,5", "2 007,5"],
    ["8,0", "508,0"],
    ["25,5", "3 525,5"],
    ["1,0", "301,0"],
    ["4,0", "4,0"],
    ["5,0", "305,0"],
    ["30,5", "3 830,5"],
]


@pytest.mark.parametrize("pipes", [False, True], ids=["tabs", "markdown-pipes"])
def test_continuation_rows_are_assigned_from_row_totals(tmp_path, pipes):
    doc = write(tmp_path, [FIRST, SECOND, TOTALS], pipes=pipes)
    (table,) = extract_tables(doc)
    assert (table.title, table.unit, [c.label for c in table.columns]) == (
        "Annexe 2 - Essai", "k€", ["Base 2024", "Mesure A", "Mesure B", "Mesure C", "Total délégations",
                                   "Total dotations"])
    assert (table.columns[1].code, table.columns[1].nature, table.columns[1].renewal) == ("F21", "MIG MCO", "JPE")
    assert doc.text[table.cells[0].evidence.start:table.cells[0].evidence.end] == "1 000,0"
    got = [(r["row"], r["column"], r["text"]) for r in cell_records(table) if r["column"].startswith("Mesure ")
           and not r["is_total"] and r["column"] != "Mesure A"]
    assert got == [("Bretagne", "Mesure C", "7,5"), ("Corse", "Mesure B", "2,0"), ("Corse", "Mesure C", "1,0"),
                   ("Mayotte", "Mesure B", "4,0")]
    record = check_records(table)
    assert record["ambiguous_rows"] == [] and record["failed"] == 0
    assert record["checked"] == record["reconciled"] == 34     # 6 columns × 3 total rows + 2 row totals × 8 rows


def test_rows_the_evidence_cannot_place_are_ambiguous(tmp_path):
    """Without any row total, a page of 2 rows under 3 regions can be read 3 ways."""
    first = [r[:3] for r in FIRST[:4]] + [["A", "1,0", "1,0"], ["B", "1,0", "1,0"], ["C", "1,0", "1,0"],
                                          ["<b>Total</b>", "<b>3,0</b>", "<b>3,0</b>"]]
    second = [["Mesure B"], ["AC MCO"], [""], ["NR"], ["2,0"], ["2,0"], ["4,0"]]
    second = [r + [""] for r in second]          # a tab so that the page is a tab table
    doc = write(tmp_path, [first, second])
    (table,) = extract_tables(doc)
    rows = [(r["line"], r["row"], r["ambiguous"], r["alternatives"]) for r in cell_records(table)
            if r["column"] == "Mesure B"]
    assert [r[1:] for r in rows] == [("A ou B", True, ["A", "B"]), ("B ou C", True, ["B", "C"]),
                                     ("Total", False, [])]
    assert any("could be A or B: 3 assignments reconcile equally well" in i for i in table.issues)
    record = check_records(table)
    assert record["ambiguous_rows"] == [{"line": rows[0][0], "candidates": ["A", "B"]},
                                        {"line": rows[1][0], "candidates": ["B", "C"]}]
    assert record["failed"] == 0       # the column total counts the ambiguous rows


def test_solver_prefers_the_assignment_that_reconciles():
    def v(x):
        return (Decimal(x), 1)
    # column 0 on the labelled page, column 1 continued, column 2 = total of 0 and 1
    fixed = [{0: v("1.0"), 2: v("3.0")}, {0: v("1.0"), 2: v("1.0")}, {0: v("1.0"), 2: v("5.0")}]
    pages = [[{1: v("2.0")}, {1: v("4.0")}]]
    result = assign_rows(fixed, pages, [Rule(2, (0, 1))])
    assert result.candidates == [[[0], [2]]]
    assert (result.solutions, result.reconciled, result.failed) == (1, 3, 0)


def test_solver_reports_when_nothing_reconciles():
    def v(x):
        return (Decimal(x), 1)
    fixed = [{0: v("1.0"), 2: v("9.0")}, {0: v("1.0"), 2: v("9.0")}]
    pages = [[{1: v("2.0")}]]
    result = assign_rows(fixed, pages, [Rule(2, (0, 1))])
    assert result.candidates == [[[0, 1]]]
    assert result.unreconciled == [0, 1] and result.solutions == 2


def test_more_rows_than_regions_is_said_not_guessed():
    result = assign_rows([{}], [[{0: (Decimal(1), 0)}, {0: (Decimal(2), 0)}]], [])
    assert not result.exhaustive and result.notes == ["page 1 prints 2 rows for 1 regions"]


def test_key_value_header_blocks_are_not_tables(tmp_path):
    path = tmp_path / "entete.md"
    path.write_text("<b>Date de signature</b>\t18/11/2024\n<b>Référence</b>\tNOR : X\n", encoding="utf-8")
    assert extract_tables(read_document(path)) == []


def test_a_continuation_page_that_repeats_the_labels_joins_by_label(tmp_path):
    second = [["Région", "Mesure B", "Total délégations", "Total dotations"],
              ["Alsace", "", "10,0", "1 010,0"], ["Bretagne", "7,5", "7,5", "2 007,5"],
              ["Corse", "3,0", "8,0", "508,0"],
              ["<b>France métropolitaine</b>", "<b>10,5</b>", "<b>25,5</b>", "<b>3 525,5</b>"],
              ["Guadeloupe", "", "1,0", "301,0"], ["Mayotte", "", "", ""],
              ["<b>DOM</b>", "<b>0,0</b>", "<b>1,0</b>", "<b>301,0</b>"],
              ["<b>Total dotations régionales</b>", "<b>10,5</b>", "<b>26,5</b>", "<b>3 826,5</b>"]]
    doc = write(tmp_path, [FIRST, second])
    (table,) = extract_tables(doc)
    assert [c.label for c in table.columns][-3:] == ["Mesure B", "Total délégations", "Total dotations"]
    corse = [(r["column"], r["text"]) for r in cell_records(table) if r["row"] == "Corse"]
    assert corse == [("Base 2024", "500,0"), ("Mesure A", "5,0"), ("Mesure B", "3,0"),
                     ("Total délégations", "8,0"), ("Total dotations", "508,0")]
    record = check_records(table)
    assert record["failed"] == 0 and record["checked"] == 29 and table.issues == []


def test_two_regions_printed_on_one_line_are_diagnosed():
    def v(x):
        return (Decimal(x), 1)
    # totals (column 9) need a = 1 + 2 and b = 1 + 3: the single row holds a's column 1 and b's column 2
    fixed = [{0: v("1.0"), 9: v("3.0")}, {0: v("1.0"), 9: v("4.0")}]
    pages = [[{1: v("2.0"), 2: v("3.0")}]]
    rules = [Rule(9, (0, 1, 2))]
    result = assign_rows(fixed, pages, rules)
    assert result.candidates == [[[0, 1]]] and result.unreconciled == [0, 1]
    assert merged_rows(fixed, pages, rules, result) == [Merge(0, 0, (0, (1,)), (1, (2,)), ())]


def test_establishment_rows_keep_their_region_as_parent(tmp_path):
    path = tmp_path / "etab.md"
    path.write_text("Les montants sont en euros\n\nAnnexe 4 - Établissements\n\n"
                    "Région\tÉtablissement\tFINESS\tMontant\n"
                    "Alsace\tCHU de Strasbourg\t670780055\t1 234,5\n"
                    "\tCH de Colmar\t680000973\t100,0\n"
                    "Bretagne\tCHU de Rennes\t350005179\t50,0\n"
                    "<b>Total</b>\t\t\t<b>1 384,5</b>\n", encoding="utf-8")
    (table,) = extract_tables(read_document(path))
    assert [c.label for c in table.columns] == ["Montant"]
    assert [(r["row"], r["parent"], r["text"], r["unit"]) for r in cell_records(table)] == [
        ("CHU de Strasbourg", "Alsace", "1 234,5", "€"), ("CH de Colmar", "Alsace", "100,0", "€"),
        ("CHU de Rennes", "Bretagne", "50,0", "€"), ("Total", None, "1 384,5", "€")]
    assert (check_records(table)["checked"], check_records(table)["failed"]) == (1, 0)


@pytest.mark.parametrize("name", ["dep.txt", "dep.md"])
def test_rows_led_by_a_code_are_named_by_the_name_after_it(tmp_path, name):
    # départements led by their code: `01` (a zero first: never an amount) and `67` (a short
    # integer before the name) label the row, they are neither amounts nor parents
    rows = [("Code", "Département", "Dotation 2012", "Mesures nouvelles", "Total"),
            ("01", "Ain", "1 234 567", "1 000", "1 235 567"), ("02", "Aisne", "2 000 000", "500", "2 000 500"),
            ("2A", "Corse-du-Sud", "300 000", "", "300 000"), ("67", "Bas-Rhin", "4 000 000", "2 500", "4 002 500"),
            ("", "Total", "7 534 567", "4 000", "7 538 567")]
    if name.endswith(".md"):
        body = "\n".join(["| " + " | ".join(rows[0]) + " |", "|" + "---|" * 5]
                         + ["| " + " | ".join(r) + " |" for r in rows[1:]])
    else:
        body = "\n".join("\t".join(r) for r in rows)
    path = tmp_path / name
    path.write_text(f"ANNEXE - Dotations départementales 2012\n\nLes montants sont en euros\n\n{body}\n",
                    encoding="utf-8")
    (table,) = extract_tables(read_document(path))
    assert [c.label for c in table.columns] == ["Dotation 2012", "Mesures nouvelles", "Total"]
    records = cell_records(table)
    assert [(r["row"], r["parent"], r["text"]) for r in records if r["column"] == "Dotation 2012"] == [
        ("Ain", None, "1 234 567"), ("Aisne", None, "2 000 000"), ("Corse-du-Sud", None, "300 000"),
        ("Bas-Rhin", None, "4 000 000"), ("Total", None, "7 534 567")]
    assert (check_records(table)["checked"], check_records(table)["failed"]) == (8, 0)


@pytest.mark.parametrize("pipes", [False, True])
def test_a_group_printed_once_over_its_columns_heads_each_of_them(tmp_path, pipes):
    # `DAF` and `MIGAC` each printed once over `Base` and `Mesures` (the colspan lost):
    # the columns are `group / leaf`; `Total`, alone on its first row, is no group
    doc = write(tmp_path, [[
        ["Région", "DAF", "", "MIGAC", "", "Total"],
        ["", "Base", "Mesures", "Base", "Mesures", ""],
        ["Alsace", "1 000,0", "10,0", "500,0", "5,0", "1 515,0"],
        ["Bretagne", "2 000,0", "20,0", "600,0", "", "2 620,0"],
        ["Total", "3 000,0", "30,0", "1 100,0", "5,0", "4 135,0"]]], pipes=pipes)
    (table,) = extract_tables(doc)
    assert [c.label for c in table.columns] == ["DAF / Base", "DAF / Mesures", "MIGAC / Base", "MIGAC / Mesures",
                                                "Total"]
    assert [(r["row"], r["column"], r["text"]) for r in cell_records(table)][:2] == [
        ("Alsace", "DAF / Base", "1 000,0"), ("Alsace", "DAF / Mesures", "10,0")]
    assert (check_records(table)["checked"], check_records(table)["failed"]) == (8, 0)


def test_cells_printing_their_unit_or_a_percent_sign(tmp_path):
    # the cells say the unit (no line above does); a rate column is a percentage, not an amount
    path = tmp_path / "credits.txt"
    path.write_text("ANNEXE 3 - Crédits 2019\n\nRégion\tDotation\tTaux\tMesures\tTotal\n"
                    "Bretagne\t1 234,5 M€\t12,5 %\t1,0 M€\t1 235,5 M€\n"
                    "Corse\t300,0 M€\t3 %\t\t300,0 M€\n"
                    "Total\t1 534,5 M€\t\t1,0 M€\t1 535,5 M€\n", encoding="utf-8")
    (table,) = extract_tables(read_document(path))
    assert [(c.label, c.role, c.unit) for c in table.columns] == [
        ("Dotation", "measure", "M€"), ("Taux", "percent", None), ("Mesures", "measure", "M€"), ("Total", "total", "M€")]
    records = {(r["row"], r["column"]): (r["text"], r["value"], r["value_eur"]) for r in cell_records(table)}
    assert records[("Bretagne", "Dotation")] == ("1 234,5 M€", 1234.5, 1234500000)
    assert records[("Corse", "Taux")] == ("3 %", 3, None)
    assert (check_records(table)["checked"], check_records(table)["failed"]) == (6, 0)


def test_a_footnote_call_is_not_part_of_a_row_label(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("ANNEXE 3 - Crédits 2019\n\nLes montants sont en euros\n\nRégion\tDotation\tTotal\n"
                    "Bretagne (1)\t1 234 567\t1 234 567\nCorse*\t300 000\t300 000\n"
                    "Total\t1 534 567\t1 534 567\n\n(1) hors CHU.\n", encoding="utf-8")
    (table,) = extract_tables(read_document(path))
    assert [r.label for r in table.rows] == ["Bretagne", "Corse", "Total"]
    assert [r["text"] for r in cell_records(table)] == ["1 234 567"] * 2 + ["300 000"] * 2 + ["1 534 567"] * 2


def test_establishments_printed_under_their_region_row_are_its_members(tmp_path):
    # no indent, no region column: the region row prints its centres' sums, so they are
    # its members (counted through it in the total), and a region without centres is not
    path = tmp_path / "prisons.txt"
    path.write_text("ANNEXE V - programme prisons\n\nLes montants sont en milliers de francs\n\n"
                    "RÉGIONS\tTOTAL\tCOÛT 2001\tCOÛT 2002\n"
                    "Aquitaine\t5 728\t4 773\t955\n"
                    "CH de Périgueux\t4 334\t3 611\t723\n"
                    "CH de Montpon\t1 394\t1 162\t232\n"
                    "Bretagne\t1 000\t800\t200\n"
                    "Limousin\t600\t500\t100\n"
                    "CH de Tulle\t600\t500\t100\n"
                    "Total\t7 328\t6 073\t1 255\n", encoding="utf-8")
    (table,) = extract_tables(read_document(path))
    assert [(r.label, r.parent) for r in table.rows] == [
        ("Aquitaine", None), ("CH de Périgueux", "Aquitaine"), ("CH de Montpon", "Aquitaine"),
        ("Bretagne", None), ("Limousin", None), ("CH de Tulle", "Limousin"), ("Total", None)]
    total = next(c for c in table.checks if c.kind == "column" and c.total == (6, 0))
    assert [table.rows[r].label for r, _ in total.parts] == ["Aquitaine", "Bretagne", "Limousin"]
    assert (check_records(table)["checked"], check_records(table)["failed"]) == (10, 0)


def test_a_unit_in_the_title_parentheses(tmp_path):
    doc = write(tmp_path, [FIRST], before="Annexe 2 - Essai (en milliers d'euros)\n")
    (table,) = extract_tables(doc)
    assert (table.title, table.unit) == ("Annexe 2 - Essai (en milliers d'euros)", "k€")


@pytest.mark.parametrize("furniture", ["2", "- 2 -", "page 2 / 5", "Page 2 of 5"])
def test_a_page_number_between_two_pages_keeps_one_table(tmp_path, furniture):
    """The page-number rule the PDF reader uses for footers (`rows.page_furniture`) also
    joins the pages of a tab table."""
    path = tmp_path / "pages.md"
    path.write_text("Les montants sont en milliers d'euros\n\nAnnexe 2 - Essai\n\n"
                    + "\n".join("\t".join(r) for r in FIRST) + f"\n\n{furniture}\n\n"
                    + "\n".join("\t".join(r) for r in SECOND) + f"\n\n{furniture}\n\n"
                    + "\n".join("\t".join(r) for r in TOTALS) + "\n\nFin.\n", encoding="utf-8")
    (table,) = extract_tables(read_document(path))
    assert [c.label for c in table.columns] == ["Base 2024", "Mesure A", "Mesure B", "Mesure C",
                                               "Total délégations", "Total dotations"]
    assert [(r["row"], r["text"]) for r in cell_records(table) if r["column"] == "Mesure B"] == [
        ("Corse", "2,0"), ("France métropolitaine", "2,0"), ("Mayotte", "4,0"), ("DOM", "4,0"),
        ("Total dotations régionales", "6,0")]
    assert check_records(table)["failed"] == 0
