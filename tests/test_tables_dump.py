"""Tables dumped one cell per paragraph, on small documents written for the test: each
value's column is chosen by the column totals; a `dont` row and a balance row are placed
by their own arithmetic; what the totals leave open is flagged. Then the Sénat 2016 CNSA
table of ../shared/external."""
from decimal import Decimal
from pathlib import Path

import pytest

from extractors.readers import read_document
from extractors.tables import cell_records, check_records, dump, extract_tables
from table_records import cell_texts, doc_of

EXTERNAL = Path(__file__).resolve().parents[2] / "shared" / "external"


def paragraphs(*items):
    return "\n\n".join(items) + "\n"


DOC = paragraphs(
    "Exécution par poste", "(en millions d'euros)",
    "Charges", "Produits", "Déficit", "Excédent",
    "Poste A", "100", "60", "40",
    "dont personnel", "70",
    "Poste B", "30", "30",
    "Poste C", "5", "50", "45",
    "Total", "135", "140", "40", "45",
    "Résultat", "5",
    "Source : essai")



def test_columns_chosen_by_totals(tmp_path):
    doc = doc_of(tmp_path, DOC)
    [table] = dump.find_tables(doc)
    assert [c.label for c in table.columns] == ["Charges", "Produits", "Déficit", "Excédent"]
    assert table.unit == "M€" and table.title == "Exécution par poste"
    got = cell_texts(table)
    # Poste B's 30 30 could sit in any two columns: only Charges + Produits keep the totals
    assert got[("Poste B", "Charges")] == "30" and got[("Poste B", "Produits")] == "30"
    assert got[("Poste A", "Déficit")] == "40" and got[("Poste C", "Excédent")] == "45"
    assert got[("dont personnel", "Charges")] == "70"        # no more than its parent's 100
    assert check_records(table)["failed"] == 0
    for cell in table.cells:
        assert doc.text[cell.evidence.start:cell.evidence.end] == cell.text


def test_balance_row_is_flagged(tmp_path):
    doc = doc_of(tmp_path, DOC)
    [table] = dump.find_tables(doc)
    [result] = [r for r in cell_records(table) if r["row"] == "Résultat"]
    # 5 = 140 - 135 (Produits - Charges) = 45 - 40 (Excédent - Déficit): the last, flagged
    assert result["column"] == "Excédent" and result["ambiguous"]
    assert result["value"] == Decimal(5)


def test_prose_is_not_a_dump(tmp_path):
    text = paragraphs("Le budget", "s'élève à", "12", "contre", "10", "en 2014", "et", "8")
    assert dump.find_tables(doc_of(tmp_path, text)) == []


def test_senat_cnsa_table():
    if not (EXTERNAL / "docs").is_dir():
        pytest.skip("../shared/external is not here")
    doc = read_document(EXTERNAL / "docs" / "senat-2016-cnsa-execution-2015.txt")
    [table] = extract_tables(doc)
    got = {(r["row"], r["column"]): r["value"] for r in cell_records(table)}
    assert len(got) == 24
    assert got[("Section I : Financement des établissements", "Produits")] == Decimal(19034)
    assert got[("Section V bis : Anticipation de la loi ASV", "Excédent")] == Decimal(680)
    assert got[("Section V : Autres dépenses", "Déficit")] == Decimal(160)
    assert got[("dont lié à l'OGD", "Charges")] == Decimal(19067)
    assert check_records(table)["failed"] == 0


def test_a_dash_keeps_its_column(tmp_path):
    text = paragraphs("Crédits", "(en euros)", "Ouverts", "Consommés", "Taux",
                      "Chapitre 1", "-", "50", "12,5 %",
                      "Chapitre 2", "80", "70", "87,5 %")
    [table] = dump.find_tables(doc_of(tmp_path, text))
    got = {(r["row"], r["column"]): (r["value"], r["unit"]) for r in cell_records(table)}
    assert got[("Chapitre 1", "Consommés")] == (Decimal(50), "€")      # the dash holds Ouverts
    assert got[("Chapitre 1", "Taux")] == (Decimal("12.5"), None)      # a percentage is no amount
    assert ("Chapitre 1", "Ouverts") not in got


def test_years_head_the_columns(tmp_path):
    text = paragraphs("Dépenses par année", "(en millions d'euros)", "2014", "2015",
                      "Soins de ville", "80,7", "82,1", "Hôpital", "55,6", "56,0", "Total", "136,3", "138,1")
    [table] = dump.find_tables(doc_of(tmp_path, text))
    got = cell_texts(table)
    assert got == {("Soins de ville", "2014"): "80,7", ("Soins de ville", "2015"): "82,1",
                   ("Hôpital", "2014"): "55,6", ("Hôpital", "2015"): "56,0",
                   ("Total", "2014"): "136,3", ("Total", "2015"): "138,1"}


def test_one_cell_per_line(tmp_path):
    text = ("Exécution\n\n(en euros)\n\nCharges\nProduits\nSolde\nPoste A\n100\n60\n40\n"
            "Poste B\n30\n30\nTotal\n130\n90\n40\n\nTexte qui suit, en prose.\n")
    [table] = dump.find_tables(doc_of(tmp_path, text))
    got = cell_texts(table)
    assert got[("Poste B", "Produits")] == "30" and got[("Total", "Solde")] == "40"
    assert check_records(table)["failed"] == 0
