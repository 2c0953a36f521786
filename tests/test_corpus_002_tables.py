"""The 2017 circular (002): its only table, Annexe VII, the MIG SSR nomenclature V01–V15
(labels wrapped over lines, the year of creation), no totals."""
from decimal import Decimal
from pathlib import Path

import pytest

from extractors.readers import read_document
from extractors.tables import cell_records, check_records, extract_tables

DOC = Path(__file__).resolve().parent.parent / "corpus" / "002_9f9b17e8f055c11f.txt"


@pytest.fixture(scope="module")
def table():
    tables = extract_tables(read_document(DOC))
    assert len(tables) == 1
    return tables[0]


def test_the_nomenclature(table):
    assert (table.id, table.title, table.kind, table.unit) == (
        "002_9f9b17e8f055c11f/t1", "Annexe VII : Nomenclature des MIG SSR", "nomenclature", None)
    assert (table.first_line, table.last_line) == (1057, 1135)
    assert [c.label for c in table.columns] == [
        "Libellé de la mission", "Année de création ou de transformation (hors modification de libellé)"]
    assert [r.label for r in table.rows] == [f"V{n:02d}" for n in range(1, 16)]
    assert check_records(table)["checked"] == 0


def test_wrapped_labels_and_years(table):
    records = cell_records(table)
    assert len(records) == 30
    by = {(r["row"], r["value"] is None): r for r in records}
    v01 = by[("V01", True)]
    assert (v01["text"], v01["line"]) == (
        "Scolarisation des enfants hospitalisés en soins de suite et de réadaptation", 1080)
    assert (by[("V01", False)]["text"], by[("V01", False)]["line"]) == ("2016", 1083)
    v11 = by[("V11", True)]
    assert v11["text"] == ("La rémunération,  les charges sociales des personnels mis à disposition "
                           "auprès des organisations syndicales nationales représentatives des "
                           "personnels des établissements SSR")
    assert by[("V15", True)]["text"] == "Ateliers d’appareillage"
    years = [r["value"] for r in records if r["value"] is not None]
    assert years.count(Decimal(2016)) == 9 and years.count(Decimal(2017)) == 6
    assert all(r["unit"] is None and r["value_eur"] is None for r in records)
