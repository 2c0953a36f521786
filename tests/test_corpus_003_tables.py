"""The 2005 circular (003): Annexes I–III (region × measure, space-separated, no-break
thousands separators and empty markers) and the Annexe IV establishment table. Exact
cells on every layout repair, the reconciliation figures, and the source errors reported
with their numbers (Annexe II part 2 prints Bourgogne's values on Auvergne's line)."""
from decimal import Decimal
from pathlib import Path

import pytest

from extractors.readers import read_document
from extractors.tables import cell_records, check_records, extract_tables
from table_records import one_record

DOC = Path(__file__).resolve().parent.parent / "corpus" / "003_eb69c40a305daa31.txt"
NB = "\u00a0"


@pytest.fixture(scope="module")
def tables():
    return extract_tables(read_document(DOC))


def cell(table, row, column_start):
    r = one_record(table, row, column_start)
    return r["text"], r["value"], r["line"], r["is_total"]


def test_four_tables_one_per_annex(tables):
    assert [(t.id, t.title, t.annex, t.unit, len(t.rows), len(t.columns), len(t.cells)) for t in tables] == [
        ("003_eb69c40a305daa31/t1", "ANNEXE I - DOTATIONS RÉGIONALES DAF AU 30 SEPTEMBRE 2005", "I", "k€", 29, 13, 319),
        ("003_eb69c40a305daa31/t2", "ANNEXE II - DOTATIONS RÉGIONALES DES MIGAC AU 30 SEPTEMBRE 2005", "II", "k€",
         29, 30, 724),
        ("003_eb69c40a305daa31/t3", "ANNEXE III - DOTATIONS RÉGIONALES DAC AU 30 SEPTEMBRE 2005", "III", "k€",
         29, 12, 308),
        ("003_eb69c40a305daa31/t4", "ANNEXE IV - PLAN CANCER - Stage de radiophysiciens", "IV", "k€", 25, 5, 94),
    ]
    assert [(t.first_line, t.last_line) for t in tables] == [(140, 213), (220, 373), (381, 441), (449, 494)]


def test_headers_split_into_columns(tables):
    daf, migac = tables[0], tables[1]
    assert [c.label for c in daf.columns] == [
        "DAF au 30/06/05", "TRANSFERTS au 01/01/05", "PRIMES sommet du grade (NR)", "TRANSPOSITION CCN privé",
        "SITUATION PSPH (R)", "COMPLÉMENT Plan urgences", "SOUTIEN COM", "REPRISE plus ou moins values de 2004 (NR)",
        "MESURES ponctuelles reconductibles", "MESURES ponctuelles NR", "TOTAL mesures circulaire 3",
        "TRANSFERTS interrégionaux", "DOTATIONS régionales DAF au 30/09/05"]
    assert [c.renewal for c in daf.columns] == [None, None, "NR", None, "R", None, None, "NR", "R", "NR",
                                                None, None, None]
    assert [c.label for c in migac.columns[4:8]] == [
        "AIDE aux préparations de chimiothérapie", "ONCOGÉNÉTIQUE", "TUMOROTHÈQUES", "STAGES de radiophysiens"]
    assert [c.label for c in migac.columns[15:19]] == [
        "LABORATOIRES de génétique (maladies rares) (R)", "CENTRES de référence maladies rares (R)", "UCSA",
        "PLAN URGENCES"]
    assert [c.label for c in migac.columns[22:27]] == [
        "SDIS (NR)", "ENC (NR)", "MESURES ponctuelles (R)", "MESURES ponctuelles (NR)", "AUTRES MIGAC"]
    assert [c.index for c in migac.columns if c.is_total] == [27, 29]
    assert tables[3].columns[0].role == "count" and tables[3].columns[1].renewal == "R"


def test_annex_i_cells(tables):
    daf = tables[0]
    assert cell(daf, "Alsace", "DAF au") == (f"359{NB}436,24", Decimal("359436.24"), 181, False)
    assert cell(daf, "Aquitaine", "REPRISE") == ("- 116,83", Decimal("-116.83"), 182, False)
    # label over two lines, values on the third
    assert cell(daf, "Languedoc-Roussillon", "MESURES ponctuelles reconductibles") == (
        "-21,36", Decimal("-21.36"), 193, False)
    assert cell(daf, "France métropolitaine", "DOTATIONS") == (
        f"12{NB}136{NB}754,89", Decimal("12136754.89"), 207, True)
    # an empty cell (a lone no-break space) has no entry
    assert not [r for r in cell_records(daf) if r["row"] == "Guadeloupe" and r["column"].startswith("TRANSFERTS au")]
    records = cell_records(daf)
    assert {r["value_eur"] for r in records if r["line"] == 181 and r["column"] == "DAF au 30/06/05"} == {
        Decimal("359436240.00")}


def test_annex_ii_is_one_table_with_its_layout_repaired(tables):
    migac = tables[1]
    assert cell(migac, "Guyane", "DOTATIONS MIGAC") == ("2,99", Decimal("2.99"), 292, False)
    # part 2: the value wrapped to the next line
    assert cell(migac, "Aquitaine", "DOTATIONS régionales") == (f"207{NB}113,65", Decimal("207113.65"), 338, True)
    # part 2: 6 cells then 16 spurious empty markers, the 8 last cells on the next line
    assert cell(migac, "Champagne-Ardenne", "MISE") == ("0,00", Decimal("0.00"), 343, False)
    assert cell(migac, "Champagne-Ardenne", "SDIS") == ("441,55", Decimal("441.55"), 344, False)
    assert cell(migac, "Corse", "UCSA") == ("56,13", Decimal("56.13"), 345, False)
    # part 2 spells the row differently: the part-1 label is kept
    assert cell(migac, "Provence - Alpes - Côte d’Azur", "LABORATOIRES") == ("100,00", Decimal("100.00"), 364, False)
    assert cell(migac, "Languedoc-Roussillon", "UCSA") == ("166,26", Decimal("166.26"), 350, False)
    assert cell(migac, "France entière", "TOTAL") == (f"158{NB}517,91", Decimal("158517.91"), 373, True)


def test_annex_iii_and_iv_cells(tables):
    dac, stages = tables[2], tables[3]
    assert cell(dac, "Martinique", "REPRISE") == ("1407,73", Decimal("1407.73"), 438, False)
    assert cell(dac, "Aquitaine", "REPRISE") == (f"- 1{NB}184,80", Decimal("-1184.80"), 414, False)
    assert [r.label for r in stages.rows[2:6]] == [
        "CF Baclesse, Caen", "CH de Carcassonne", "CH de Créteil", "Centre GF Leclerc, Dijon"]
    # `CH de Carcassonne 1 21,00 1    CH de Créteil` then Créteil's values on the next line
    assert cell(stages, "CH de Carcassonne", "NOMBRE total") == ("1", Decimal(1), 473, False)
    assert cell(stages, "CH de Créteil", "MONTANT délégué en 2004") == ("21,00", Decimal("21.00"), 474, False)
    assert not [r for r in cell_records(stages) if r["row"] == "CH de Créteil" and "2005" in r["column"]]
    assert cell(stages, "Total", "MONTANT délégué en 2005") == ("252,00", Decimal("252.00"), 494, True)


def test_reconciliation_figures(tables):
    figures = [(r["checked"], r["reconciled"], r["failed"]) for r in map(check_records, tables)]
    assert figures == [(97, 97, 0), (148, 133, 15), (94, 94, 0), (5, 5, 0)]
    kinds = {(c.kind, len(c.parts)) for c in tables[0].checks if c.total == (0, 10)}
    assert kinds == {("row", 9)}                # TOTAL mesures = TRANSFERTS au 01/01/05 + 8 measures
    final = next(c for c in tables[0].checks if c.total == (0, 12))
    assert [p[1] for p in final.parts] == [0, 10, 11]    # DOTATIONS = base + TOTAL + TRANSFERTS


def test_annex_ii_source_errors_are_reported_with_their_numbers(tables):
    report = check_records(tables[1])
    failed = {(f["row"], f["column"]): (str(f["stated"]), str(f["computed"])) for f in report["failures"]}
    assert failed[("Auvergne", "DOTATIONS régionales MIGAC au 30/09/05")] == ("101098.27", "93307.60")
    assert failed[("Aquitaine", "TOTAL mesures circulaires 3")] == ("8151.72", "8148.71")
    assert failed[("France métropolitaine", "INFORMATISATION des urgences")] == ("1450.00", "1650.00")
    issues = tables[1].issues
    assert any(i.startswith("line 340: Bourgogne prints the values of line 339 (Auvergne)") for i in issues)
    assert any(i.startswith("line 344: Champagne-Ardenne: 30 cells printed for 15 columns") for i in issues)
    # the regions whose part-2 cells only the (broken) métropole totals could place are ambiguous
    assert [a["line"] for a in report["ambiguous_rows"]] == [350, 354, 357, 360, 362, 365]
    assert report["ambiguous_rows"][1]["candidates"] == [
        "PLAN URGENCES: 803,87; INFORMATISATION des urgences: (empty)",
        "PLAN URGENCES: (empty); INFORMATISATION des urgences: 803,87"]
