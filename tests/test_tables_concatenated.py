"""The 2001 concatenated layout: the French number grammar that enumerates the readings
of a digit string, and the totals that choose among them (or leave a row ambiguous, with
its alternatives), on small documents written for the test."""
from decimal import Decimal

from extractors.readers import read_document
from extractors.tables import cell_records, check_records, concatenated
from extractors.tables.concatenated import readings

NB = "\u00a0"


def texts(body, n, **kw):
    return [[t.text if t else None for t in r] for r in readings(body, 0, n, **kw)]


def test_grammar_first_group_then_groups_of_three():
    # `Alsace9 607 7339 599 06480005 6561 342` (2001, Annexe I): one reading for 6 columns
    body = f"9{NB}607{NB}7339{NB}599{NB}06480005{NB}6561{NB}342"
    assert texts(body, 6) == [[f"9{NB}607{NB}733", f"9{NB}599{NB}064", "800", "0",
                               f"5{NB}656", f"1{NB}342"]]


def test_grammar_zero_alone_no_leading_zero_and_empty_markers():
    assert sorted(texts("037900", 4)) == [["0", "3", "7", "900"], ["0", "3", "790", "0"],
                                          ["0", "37", "90", "0"], ["0", "379", "0", "0"]]
    assert texts("0037", 3) == [["0", "0", "37"]]                 # `037` is no number
    # a no-break space not followed by 3 digits is an empty cell (`1 300  2 100`)
    assert texts(f"1{NB}300{NB}{NB}2{NB}100", 4) == [[f"1{NB}300", None, None, f"2{NB}100"]]
    assert texts(f"- 13{NB}5659{NB}618{NB}174", 2) == [[f"- 13{NB}565", f"9{NB}618{NB}174"]]


def test_a_missing_separator_is_read_only_when_nothing_else_fits():
    body = f"21{NB}262{NB}82521{NB}2392711{NB}600"
    assert texts(body, 3) == []
    assert [f"21{NB}262{NB}825", f"21{NB}239271", f"1{NB}600"] in texts(body, 3, loose=True)


HEAD = "ANNEXE II\nMesures d'essai\n\nLes données sont en milliers de francs.\n\nRÉGIONSMONTANT\nA\nMONTANT\nB\n"


def table_of(tmp_path, body):
    path = tmp_path / "essai.txt"
    path.write_text(HEAD + body, encoding="utf-8")
    (table,) = concatenated.find_tables(read_document(path))
    return table


def test_totals_choose_the_reading(tmp_path):
    # Alsace `1211` reads 1|211, 12|11 or 121|1: only 12|11 adds up to the total row
    table = table_of(tmp_path, f"Alsace1211\nLorraine3{NB}0005\nFrance métropolitaine3{NB}01216\n")
    cells = {(r["row"], r["column"]): r for r in cell_records(table)}
    assert cells[("Alsace", "MONTANT A")]["text"] == "12"
    assert cells[("Alsace", "MONTANT B")]["text"] == "11"
    assert cells[("France métropolitaine", "MONTANT A")]["value"] == Decimal(3012)
    assert cells[("Alsace", "MONTANT A")]["unit"] == "kF"
    assert cells[("Alsace", "MONTANT A")]["value_eur"] == Decimal("1829.39")   # 12 000 F / 6,55957
    assert not any(r.ambiguous for r in table.rows)
    assert check_records(table)["failed"] == 0


def test_a_row_the_totals_cannot_decide_is_ambiguous(tmp_path):
    table = table_of(tmp_path, f"Alsace111\nCorse2{NB}0002\n")
    alsace = table.rows[0]
    assert alsace.ambiguous and sorted(alsace.candidates) == sorted([
        "MONTANT A: 1; MONTANT B: 11", "MONTANT A: 11; MONTANT B: 1"])
    records = [r for r in cell_records(table) if r["row"] == "Alsace"]
    assert all(r["ambiguous"] for r in records)
    assert sorted(records[0]["alternatives"]) == ["1", "11"]
    assert check_records(table)["ambiguous_rows"][0]["line"] == 10          # HEAD is 9 lines
