"""The 2001 Bulletin-officiel rules (`header.split_header`, `solver`, `concatenated`) on documents other than corpus
004, written here in its layout (cells printed with no separator, a no-break space for
thousands and for an empty cell): a header glued into one line, a region glued to its
centre, establishments indented under their region, total rows that add up only the
positive rows, and a total column whose header writes its formula with the letters of
the columns it adds up."""
from pathlib import Path

import pytest

from extractors.facts import Column
from extractors.readers import read_document
from extractors.tables import cell_records, check_records, extract_tables
from extractors.tables.assign import Rule
from extractors.tables.header import formula

DATA = Path(__file__).resolve().parent / "data"


def read(name):
    (table,) = extract_tables(read_document(DATA / name))
    return table


def cells(table):
    return [(r["row"], r["parent"], r["column"], r["text"]) for r in cell_records(table)]


def test_glued_header_centres_and_establishments_under_their_region():
    table = read("bo_nested_centres.txt")
    assert [c.label for c in table.columns] == ["CENTRES", "SURCOÛT gardes", "DOTATIONS régionales"]
    assert (table.title, table.unit) == ("ANNEXE IV - surcoût des gardes - avenant 2002", "kF")
    assert cells(table)[:3] == [("Alsace", None, "CENTRES", "Strasbourg"),
                                ("Alsace", None, "SURCOÛT gardes", "1\u00a0250"),
                                ("Alsace", None, "DOTATIONS régionales", "1\u00a0250")]
    # the region prints its allocation, its hospitals the parts of it
    assert [c for c in cells(table) if c[0] in ("Ile-de-France", "Hôpital Necker", "Hôpital Cochin")] == [
        ("Ile-de-France", None, "DOTATIONS régionales", "9\u00a0000"),
        ("Hôpital Necker", "Ile-de-France", "SURCOÛT gardes", "5\u00a0000"),
        ("Hôpital Cochin", "Ile-de-France", "SURCOÛT gardes", "4\u00a0000")]
    nested = [c for c in table.checks if c.kind == "row" and table.rows[c.total[0]].label == "Ile-de-France"]
    assert [list(dict.fromkeys(table.rows[r].label for r, _ in c.parts)) for c in nested] == [
        ["Hôpital Necker", "Hôpital Cochin"]]
    record = check_records(table)
    assert (record["checked"], record["reconciled"]) == (8, 8)


def test_total_rows_of_the_positive_rows_and_a_header_formula_choose_the_readings():
    table = read("bo_positive_totals.txt")
    record = check_records(table)
    assert (record["checked"], record["reconciled"], record["ambiguous_rows"]) == (17, 17, [])
    # `9090` reads 90 | 90 (not 909 | 0): TOTAL (A) + (B) and the positive-rows total say so
    assert [c for c in cells(table) if c[0] == "Corse"] == [
        ("Corse", None, "RÉMUNÉRATION des PH (B)", "90"), ("Corse", None, "TOTAL (A) + (B)", "90")]
    metro = next(r.index for r in table.rows if r.label == "Total insuffisance métropole")
    prime = [c for c in table.checks if c.kind == "column" and c.total == (metro, 0)]
    assert [[table.rows[r].label for r, _ in c.parts] for c in prime] == [["Aquitaine", "Auvergne"]]
    row = next(c for c in table.checks if c.kind == "row" and table.rows[c.total[0]].label == "Alsace")
    assert (row.parts, row.signs) == ([(0, 0), (0, 1)], None)


def test_without_a_formula_the_regions_alone_choose_what_a_total_column_adds_up(tmp_path):
    # the same table with no letters in its header: the positive-rows totals do not add up
    # across as the regions do, so only the regions' rows choose TOTAL = PRIME + RÉMUNÉRATION
    text = (DATA / "bo_positive_totals.txt").read_text(encoding="utf-8")
    for old, new in (("TOTAL (A) + (B)", "TOTAL"), ("exclusif (A)", "exclusif"), ("des PH (B)", "des PH")):
        text = text.replace(old, new)
    path = tmp_path / "sans_lettres.txt"
    path.write_text(text, encoding="utf-8")
    (table,) = extract_tables(read_document(path))
    record = check_records(table)
    assert (record["checked"], record["reconciled"], record["ambiguous_rows"]) == (17, 17, [])
    assert [c for c in cells(table) if c[0] == "Corse"] == [
        ("Corse", None, "RÉMUNÉRATION des PH", "90"), ("Corse", None, "TOTAL", "90")]


@pytest.mark.parametrize("labels,rule", [
    (["PRIME (A)", "RÉMUNÉRATION des PH (B)", "TOTAL (A) + (B)"], Rule(2, (0, 1))),
    (["Base (A)", "Mesures (B)", "Économies (C)", "Total (A) + (B) - (C)"], Rule(3, (0, 1, 2), (1, 1, -1))),
    (["Dotation (C) = (A) + (B)", "Reprise (D)", "Net (C) – (D)"], Rule(2, (0, 1), (1, -1))),
    (["Mesures (R)", "Mesures (NR)", "Total"], None),                        # no formula written
    (["Mesures (R)", "Autres (R)", "Aides (B)", "Total (R) + (B)"], None),    # (R) names two columns
    (["Base (A)", "Total (A) + (B)"], None),                                  # (B) names none
])
def test_a_header_formula_names_the_columns_by_their_letters(labels, rule):
    columns = [Column(i, label, is_total=label.startswith(("TOTAL", "Total", "Net"))) for i, label in enumerate(labels)]
    assert formula(columns, len(labels) - 1) == rule


def test_a_tab_table_whose_total_header_writes_its_formula(tmp_path):
    path = tmp_path / "credits.txt"
    path.write_text("ANNEXE II - Crédits 2003\n\nLes montants sont en milliers d'euros\n\n"
                    "Région\tBase 2003 (A)\tMesures nouvelles (B)\tÉconomies (C)\tTotal (A) + (B) - (C)\n"
                    "Alsace\t1 000,0\t50,0\t20,0\t1 030,0\n"
                    "Bretagne\t2 000,0\t10,0\t5,0\t2 005,0\n"
                    "Corse\t300,0\t3,0\t\t303,0\n"
                    "Total\t3 300,0\t63,0\t25,0\t3 338,0\n", encoding="utf-8")
    (table,) = extract_tables(read_document(path))
    rows = [c for c in table.checks if c.kind == "row"]
    assert [(c.total, c.parts, c.signs) for c in rows][:1] == [((0, 3), [(0, 0), (0, 1), (0, 2)], [1, 1, -1])]
    record = check_records(table)
    assert (record["checked"], record["reconciled"]) == (8, 8)
