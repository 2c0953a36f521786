"""The 2001 circular (004): ten tables in milliers de francs whose digits are printed
concatenated. Exact cells of segmented rows, region → establishment nesting (CLCC centres,
prisons programme), the reconciliation figures, the source inconsistencies reported with
their numbers, and the row the totals cannot decide, reported with its alternatives."""
from decimal import Decimal
from pathlib import Path

import pytest

from extractors.readers import read_document
from extractors.tables import cell_records, check_records, extract_tables
from table_records import one_record

DOC = Path(__file__).resolve().parent.parent / "corpus" / "004_5a668c0349ee34c2.txt"
NB = "\u00a0"


@pytest.fixture(scope="module")
def tables():
    return extract_tables(read_document(DOC))


def cell(table, row, column_start):
    r = one_record(table, row, column_start)
    return r["text"], r["value"], r["line"], r["parent"]


def test_ten_tables(tables):
    assert [(t.annex, t.unit, len(t.rows), len(t.columns), len(t.cells), t.first_line, t.last_line)
            for t in tables] == [
        ("I", "kF", 29, 6, 160, 182, 223), ("I", "kF", 29, 9, 243, 230, 273), ("I", "kF", 29, 9, 168, 280, 331),
        ("I", "kF", 29, 7, 173, 338, 382), ("II", "kF", 29, 3, 87, 389, 423), ("III", "kF", 29, 6, 174, 430, 473),
        ("IV", "kF", 24, 3, 51, 482, 506), ("V", "kF", 46, 4, 138, 515, 566), ("VI", "kF", 29, 9, 108, 573, 616),
        ("IX", "kF", 29, 4, 92, 737, 775)]
    assert tables[5].title == "ANNEXE III - utilisation de la provision de 0,29 %"
    assert tables[7].title == "ANNEXE V - programme « prisons 13000 »"


def test_glued_headers_are_split(tables):
    assert [c.label for c in tables[0].columns] == [
        "DOTATIONS régionalisées (arrêté du 26 février 2001)", "DONT CRÉDITS reconductibles",
        "GARDES des internes", "RÉGULARISATION protocole médical", "MÉDECINS FEHAP (R)", "MÉDECINS FEHAP (NR)"]
    assert [c.label for c in tables[1].columns][-3:] == [
        "MISSIONS d'appui (NR)", "FORMATIONS membres CHSCT", "FORMATIONS membres CTE"]
    assert [c.label for c in tables[8].columns][:4] == [
        "DYSLEXIE", "PRISE en charge transsexuels", "ACCUEIL sourds", "ORTHO-GÉNIE"]
    assert [c.label for c in tables[6].columns] == ["CENTRES", "SURCOÛT CC médecins", "DOTATIONS régionales"]
    assert [c.label for c in tables[7].columns] == ["ÉTABLISSEMENT de santé", "TOTAL", "COÛT 2001", "COÛT 2002"]
    assert [c.renewal for c in tables[0].columns] == [None, "R", None, None, "R", "NR"]


def test_segmented_rows(tables):
    annex_i = tables[0]
    # `Alsace9 607 7339 599 06480005 6561 342`
    assert [r["text"] for r in cell_records(annex_i) if r["row"] == "Alsace"] == [
        f"9{NB}607{NB}733", f"9{NB}599{NB}064", "800", "0", f"5{NB}656", f"1{NB}342"]
    # `Corse1 090 6811 078 875037900`: the totals choose 0 | 379 | 0 | 0
    assert [r["text"] for r in cell_records(annex_i) if r["row"] == "Corse"] == [
        f"1{NB}090{NB}681", f"1{NB}078{NB}875", "0", "379", "0", "0"]
    assert cell(annex_i, "France entière", "MÉDECINS FEHAP (NR)") == (f"42{NB}494", Decimal(42494), 223, None)
    gardes = next(r for r in cell_records(annex_i) if r["row"] == "Alsace" and r["column"].startswith("GARDES"))
    assert (gardes["unit"], gardes["value_eur"]) == ("kF", Decimal("121959.21"))       # 800 000 F
    assert cell(tables[1], "Réunion", "SAGES-femmes FEHAP (R)") == ("443", Decimal(443), 271, None)
    assert cell(tables[1], "DOM", "CLCC") == ("0", Decimal(0), 272, None)
    # `Aquitaine4 7739752 3701 300  2 100700 `: empty markers between cells
    assert [r["text"] for r in cell_records(tables[2]) if r["row"] == "Aquitaine"] == [
        f"4{NB}773", "975", f"2{NB}370", f"1{NB}300", f"2{NB}100", "700"]
    assert cell(tables[3], "Alsace", "Disponible") == (f"- 13{NB}565", Decimal(-13565), 354, None)
    assert cell(tables[9], "Aquitaine", "RÉMUNERATION") == (f"- 3{NB}453", Decimal(-3453), 748, None)


def test_establishments_nest_under_their_region(tables):
    clcc, prisons = tables[6], tables[7]
    assert cell(clcc, "Alsace", "CENTRES") == ("Strasbourg", None, 483, None)
    assert cell(clcc, "Ile-de-France", "DOTATIONS") == (f"14{NB}040", Decimal(14040), 489, None)
    assert cell(clcc, "IGR", "SURCOÛT") == (f"4{NB}399", Decimal(4399), 491, "Ile-de-France")
    assert [r.label for r in clcc.rows if r.parent == "Pays de la Loire"] == ["Angers", "Nantes"]
    assert cell(prisons, "CH de Périgueux", "TOTAL") == (f"4{NB}334", Decimal(4334), 522, "Aquitaine")
    assert cell(prisons, "CH d'Henry-Ey (Bonneval)", "COÛT 2001") == (f"1{NB}635", Decimal(1635), 531, "Centre")
    assert cell(prisons, "Total", "COÛT 2002") == (f"41{NB}244", Decimal(41244), 566, None)
    # Ile-de-France 14 040 = Institut Curie + IGR + R.-Huguenin (their SURCOÛT)
    nested = [c for c in clcc.checks if c.kind == "row" and c.total == (6, 2)]
    assert len(nested) == 1 and sorted({r for r, _ in nested[0].parts}) == [7, 8, 9]


def test_reconciliation_figures(tables):
    figures = [(r["checked"], r["reconciled"], r["failed"]) for r in map(check_records, tables)]
    assert figures == [(18, 17, 1), (27, 27, 0), (27, 27, 0), (21, 16, 5), (9, 9, 0), (76, 76, 0),
                       (19, 19, 0), (52, 52, 0), (56, 54, 2), (39, 35, 4)]


def test_source_inconsistencies_with_their_numbers(tables):
    def failures(table):
        return {(f["row"], f["column"]): (f["stated"], f["computed"]) for f in check_records(table)["failures"]}
    assert failures(tables[0]) == {("France métropolitaine", "DONT CRÉDITS reconductibles"): (275806096, 275805646)}
    assert any("21 239271" in i.replace(NB, " ") for i in tables[0].issues)     # the misprinted number
    assert failures(tables[3])[("France métropolitaine", "Disponible sur provision de 0,29 %")] == (-400173, -400533)
    assert failures(tables[8]) == {("France entière", "FICHIER greffe"): (8696, 6746),
                                   ("France entière", "TOTAL santé publique (R)"): (45609, 43659)}
    # `Total insuffisance` rows add up the positive rows only: read so from the numbers
    protocol = failures(tables[9])
    prime = "PRIME SERVICE PUBLIC exclusif PH (A) Ecart besoin accordé *"
    assert protocol[("Total insuffisance métropole", prime)] == (15577, 17577)
    assert protocol[("Total", prime)] == (20784, 18784)
    assert ("Total insuffisance métropole", "RÉMUNERATION des PH (B)") not in protocol
    # the higher total tells which printed number is the odd one
    assert any(i.startswith("line 376: France métropolitaine × EFFET DE CHAMP Mesures ponctuelles (R): printed "
                            f"84{NB}408, its parts add up to 84480 (diff -72); France entière (97{NB}080) agrees "
                            "with the parts (84480): the printed total is wrong") for i in tables[3].issues)


def test_the_row_the_totals_cannot_decide(tables):
    report = check_records(tables[3])
    assert report["ambiguous_rows"] == [{"line": 359, "candidates": [
        "EFFET DE CHAMP Mesures ponctuelles (R): 651; Mesures ponctuelles (NR): 0",
        "EFFET DE CHAMP Mesures ponctuelles (R): 65; Mesures ponctuelles (NR): 10"]}]
    centre = [r for r in cell_records(tables[3]) if r["row"] == "Centre" and r["line"] == 359]
    assert all(r["ambiguous"] for r in centre)
    first = next(r for r in centre if r["column"].startswith("EFFET"))
    assert sorted(first["alternatives"]) == ["65", "651"]


def test_a_column_in_euros_inside_a_table_in_francs_keeps_its_own_unit(tables):
    records = [r for t in tables for r in cell_records(t) if r["row"] == "Alsace" and r["line"] == 354]
    euros = [r for r in records if "euros" in r["column"]]
    assert [(r["text"], r["unit"], r["value_eur"]) for r in euros] == [(f"1{NB}466{NB}281", "k€", 1466281000)]
    francs = [r for r in records if r["column"].startswith("DOTATIONS régionales au 01/07/2001")]
    assert [(r["unit"], r["value_eur"]) for r in francs] == [("kF", Decimal("1466281173.92"))]  # 9 618 174 kF, as the euro column says
