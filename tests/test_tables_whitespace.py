"""Whitespace tables where one plain space separates both the columns and the thousands,
on small documents written for the test: the header's column count and the totals
choose how digit groups make numbers; what stays open is flagged; a row cut by the end
of the text is left out. Then the CADA 2010 annex of ../shared/external."""
from decimal import Decimal
from pathlib import Path

import pytest

from extractors.readers import read_document
from extractors.tables import cell_records, check_records, extract_tables, whitespace
from table_records import doc_of

EXTERNAL = Path(__file__).resolve().parents[2] / "shared" / "external"



def values(table):
    return {(r["row"], r["column"]): r["value"] for r in cell_records(table)}


def test_one_column(tmp_path):
    text = "RÉGIONS MONTANTS (en euros)\nAlsace 11 143 602\nCorse 7 006 548\nBretagne 926 266\n"
    [table] = whitespace.find_tables(doc_of(tmp_path, text))
    assert values(table) == {("Alsace", "MONTANTS (en euros)"): Decimal(11143602),
                             ("Corse", "MONTANTS (en euros)"): Decimal(7006548),
                             ("Bretagne", "MONTANTS (en euros)"): Decimal(926266)}
    assert table.unit == "€"


def test_totals_choose_the_cut(tmp_path):
    # `1 200 350` reads 1 | 200 350 or 1 200 | 350, and `3 310 375` likewise: the sums say which
    text = ("RÉGIONS BASE MESURES\n"
            "Alsace 1 200 350\n"
            "Corse 2 100 5\n"
            "Bretagne 10 20\n"
            "Total 3 310 375\n")
    [table] = extract_tables(doc_of(tmp_path, text))
    got = values(table)
    assert got[("Alsace", "BASE")] == Decimal(1200) and got[("Alsace", "MESURES")] == Decimal(350)
    assert got[("Total", "BASE")] == Decimal(3310) and got[("Total", "MESURES")] == Decimal(375)
    assert not any(r["ambiguous"] for r in cell_records(table))
    assert check_records(table)["failed"] == 0


def test_open_reading_is_flagged(tmp_path):
    text = "RÉGIONS BASE MESURES\nAlsace 1 200 350\nCorse 10 20\nBretagne 30 40\n"
    [table] = extract_tables(doc_of(tmp_path, text))
    alsace = [r for r in cell_records(table) if r["row"] == "Alsace"]
    assert all(r["ambiguous"] for r in alsace)


def test_cut_last_row_is_left_out(tmp_path):
    text = "RÉGIONS MONTANTS\nAlsace 11 143 602\nCorse 7 006 548\nBretagne 926 266\nPicardie 8 622 "
    [table] = whitespace.find_tables(doc_of(tmp_path, text))
    assert "Picardie" not in {r["row"] for r in cell_records(table)}
    assert any("Picardie" in issue for issue in table.issues)


def test_cada_annex():
    if not (EXTERNAL / "docs").is_dir():
        pytest.skip("../shared/external is not here")
    doc = read_document(EXTERNAL / "docs" / "cada-2010-drl-whitespace.txt")
    [table] = extract_tables(doc)
    got = values(table)
    assert len(got) == 17
    assert got[("Nord - Pas-de-Calais", "MONTANTS (en euros)")] == Decimal(4794476)
    assert got[("Ile-de-France", "MONTANTS (en euros)")] == Decimal(34577983)


def test_no_break_thousands_fix_the_cut(tmp_path):
    """Where thousands are set apart by no-break spaces and columns by plain ones, a
    no-break space never separates two numbers; all no-break reads like all plain."""
    nb = "\u00a0"
    text = (f"RÉGIONS BASE MESURES\nAlsace 1{nb}200 350\nCorse 2 100\nBretagne 10 20\n")
    [table] = extract_tables(doc_of(tmp_path, text))
    got = values(table)
    assert got[("Alsace", "BASE")] == Decimal(1200) and got[("Alsace", "MESURES")] == Decimal(350)
    assert [r["text"] for r in cell_records(table) if r["row"] == "Alsace"][0] == f"1{nb}200"
    text = f"RÉGIONS{nb}MONTANTS\nAlsace{nb}11{nb}143{nb}602\nCorse{nb}7{nb}006{nb}548\nBretagne{nb}926{nb}266\n"
    [table] = extract_tables(doc_of(tmp_path, text))
    assert values(table)[("Alsace", "MONTANTS")] == Decimal(11143602)


def test_rows_set_apart_by_blank_lines(tmp_path):
    text = "RÉGIONS MONTANTS\n\nAlsace 11 143 602\n\nCorse 7 006 548\n\nBretagne 926 266\n\nTotal 19 076 416\n"
    [table] = extract_tables(doc_of(tmp_path, text))
    assert values(table)[("Bretagne", "MONTANTS")] == Decimal(926266)
    assert check_records(table)["failed"] == 0 and check_records(table)["checked"] == 1
