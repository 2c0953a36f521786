"""PDF tables typeset as the ministry's (`tests/typeset.py`) from tables the PDF reader was
not tuned on — corpus 004's annexes (its text extraction as stand-in gold), the JORF
2009 regional table and the 2015 MIG list (external golds) — read back and scored with the
shared scorer, in the shared set's ruled, unruled and small styles and the serif
portrait and booktabs styles it lacks. Each PDF is typeset once per module."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.gold_tables import SHARED, cells_f1, corpus_grids, from_gold, records_of
from tests.typeset import STYLES, typeset

SOURCES = {
    "004": lambda: corpus_grids("004_5a668c0349ee34c2.txt"),
    "jorf": lambda: from_gold(SHARED / "external" / "gold" / "jorf-2009-migac-daf-usld-html.json"),
    "mig": lambda: from_gold(SHARED / "external" / "gold" / "mig-liste-2015-html.json"),
}
CASES = [(source, style) for source in SOURCES
         for style in ("a_ruled", "b_unruled", "d_small", "f_serif_portrait", "g_booktabs")
         if source == "004" or style not in ("a_ruled", "d_small")]


@pytest.fixture(scope="module")
def renditions(tmp_path_factory) -> dict:
    """(source, style) -> (grids, records of the typeset PDF, its path)."""
    directory = tmp_path_factory.mktemp("renditions")
    grids = {name: load() for name, load in SOURCES.items()}
    out = {}
    for source, style in CASES:
        path = typeset(grids[source], directory / f"{source}_{style}.pdf", STYLES[style])
        out[(source, style)] = (grids[source], records_of(path), path)
    return out


def _cell(records, row: str, column: str) -> str:
    found = [r["text"] for r in records if r["row"] == row and r["column"] == column]
    assert len(found) == 1, (row, column, found)
    return found[0]


@pytest.mark.parametrize("source,style", CASES)
def test_cells_f1(renditions, source, style):
    grids, records, _ = renditions[(source, style)]
    assert cells_f1(grids, records) >= 0.97


@pytest.mark.parametrize("style", ["a_ruled", "b_unruled", "f_serif_portrait", "g_booktabs"])
def test_text_column_between_labels_and_numbers(renditions, style):
    """004's annex IV prints each region's centre (a city) before its amounts: a text
    column of its own, kept as text cells, its head not swallowed by the numbers'."""
    _, records, _ = renditions[("004", style)]
    assert _cell(records, "Alsace", "CENTRES") == "Strasbourg"
    assert _cell(records, "Auvergne", "CENTRES") == "Clermont-Ferrand"
    assert _cell(records, "Alsace", "SURCOÛT CC médecins") == "2 360"
    assert [r["value"] for r in records if r["row"] == "Alsace" and r["column"] == "CENTRES"] == [None]


@pytest.mark.parametrize("style", ["b_unruled", "f_serif_portrait", "g_booktabs"])
def test_nomenclature_label_wrapped_and_title_kept_out(renditions, style):
    """The MIG list: a code, a mission's label (wrapped over lines on portrait pages)
    and a year; the long title's last line is no part of the label column's head."""
    _, records, _ = renditions[("mig", style)]
    label = "LIBELLÉ DE LA MISSION"
    year = "ANNÉE DE CRÉATION OU DE TRANSFORMATION (hors modification de libellé)"
    assert _cell(records, "A01", label) == ("Le financement des missions d'enseignement, de recherche, "
                                            "de référence et d'innovation (part fixe)")
    assert _cell(records, "D01", label) == "Les centres d'investigation clinique (CIC)"
    assert _cell(records, "A01", year) == "2008"
    assert {r["column"] for r in records} == {label, year}


@pytest.mark.parametrize("style", ["b_unruled", "f_serif_portrait", "g_booktabs"])
def test_regional_amounts_and_no_prose_rows(renditions, style):
    """The JORF table's amounts under their wrapped heads; the prose after the table
    (a sentence ending on a day, `… au 15`) adds no row."""
    _, records, _ = renditions[("jorf", style)]
    assert _cell(records, "Alsace", "MONTANT DE LA DOTATION DAF (hors USLD) en milliers d'euros") == "421 063,24"
    assert _cell(records, "Alsace", "MONTANT de la dotation MIGAC en milliers d'euros") == "205 953,73"
    assert not [r for r in records if "délai" in r["row"] or "novembre" in r["row"]]


def test_thousands_gap_without_character_in_small_print(renditions):
    """004's fourth table separates thousands by a gap with no character; in small print
    (5.3 pt) the gap is 1.5 pt, and the groups are still read as one number each, not
    as a nine-digit identifier that would cut the table before its total row."""
    _, records, _ = renditions[("004", "d_small")]
    row = "France métropolitaine"
    assert _cell(records, row, "DOTATIONS régionales au 01/07/2001") == "276 876 624"
    assert _cell(records, row, "Disponible sur provision de 0,29 %") == "- 400 173"
    assert [r["value"] for r in records if r["row"] == row and r["column"] == "Fongibilité"] == [27482]


def test_totals_are_settled_as_in_the_text(renditions):
    """The PDF's tables are checked by the rules the text's are (`solver.settled_checks`):
    a region printing only its total counts through its centres (annex IV), and the
    insufficiency totals add up the positive rows only (annex IX), so the PDF reports
    the source's own failures and no more."""
    from extractors.readers import read_document
    from extractors.tables import check_records, extract_tables
    *_, path = renditions[("004", "b_unruled")]
    tables = extract_tables(read_document(path))
    # each part of annex I keeps its title, printed again over the parts on later pages
    assert [t.title[:42] for t in tables[:4]] == ["ANNEXE I - Dotations régionales des dépens",
                                                 "ANNEXE I - dotations régionales des dépens",
                                                 "ANNEXE I - dotations régionales des dépens",
                                                 "ANNEXE I - Dotations régionales des dépens"]
    assert {t.unit for t in tables} == {"kF"}
    records = {r["title"][:12]: r for r in map(check_records, tables)}
    assert (records["ANNEXE IV - "]["checked"], records["ANNEXE IV - "]["failed"]) == (16, 0)
    # annex V's centres, set under their region without indent, count through it
    assert (records["ANNEXE V - p"]["checked"], records["ANNEXE V - p"]["failed"]) == (49, 0)
    failures = [(f["row"], f["stated"], f["computed"]) for f in records["ANNEXE IX - "]["failures"]]
    assert [f for f in failures if f[0] == "Total"] == [("Total", 20784, 18784)]     # the source's 2 000
