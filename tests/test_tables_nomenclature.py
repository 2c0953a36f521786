"""Nomenclatures (`CODE  label  year`): labels wrapped over lines, the year as the one
numeric cell, a narrow year header wrapped over short lines, prose after the table."""
from decimal import Decimal

from extractors.readers import read_document
from extractors.tables import nomenclature

TEXT = """Annexe III : Nomenclature des essais

CODE Libellé de la mission

Année de

création

Q01 Une mission courte 2019

Q02
Une mission dont le libellé
s'écrit sur deux lignes
2020

Q03  Encore une mission  2021

Les montants seront notifiés plus tard, par une instruction distincte.
"""


def test_rows_labels_and_years(tmp_path):
    path = tmp_path / "nomenclature.txt"
    path.write_text(TEXT, encoding="utf-8")
    (table,) = nomenclature.find_tables(read_document(path))
    assert (table.kind, table.unit, table.checks) == ("nomenclature", None, [])
    assert table.title == "Annexe III : Nomenclature des essais"
    assert [c.label for c in table.columns] == ["Libellé de la mission", "Année de création"]
    assert [r.label for r in table.rows] == ["Q01", "Q02", "Q03"]
    cells = [(c.row, c.column, c.text, c.value, c.evidence.line) for c in table.cells]
    assert cells == [
        (0, 0, "Une mission courte", None, 9), (0, 1, "2019", Decimal(2019), 9),
        (1, 0, "Une mission dont le libellé s'écrit sur deux lignes", None, 12),
        (1, 1, "2020", Decimal(2020), 14),
        (2, 0, "Encore une mission", None, 16), (2, 1, "2021", Decimal(2021), 16),
    ]
    assert table.last_line == 16


def test_no_table_without_a_run_of_codes(tmp_path):
    path = tmp_path / "prose.txt"
    path.write_text("CODE de la santé publique\n\nV01 est cité une fois.\n", encoding="utf-8")
    assert nomenclature.find_tables(read_document(path)) == []
