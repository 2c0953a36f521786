"""Tables of the corpus (003 by its gold, 004 by its own text extraction) and of
../shared/external written again in the web's layouts (`tests/textstyles.py`), read back:
cells-F1 by the shared scorer and some exact cells (row, column, printed text)."""
from pathlib import Path

import pytest

from extractors.readers import read_document
from extractors.tables import cell_records, extract_tables, whitespace
from gold_tables import SHARED, Grid, cells_f1, corpus_grids, from_gold, records_of
from textstyles import LAYOUTS, NBSP

EXTERNAL = SHARED / "external" / "gold"
needs_shared = pytest.mark.skipif(not (SHARED / "gold").is_dir() or not EXTERNAL.is_dir(),
                                  reason="../shared is not here")


def read_back(tmp_path: Path, layout: str, grids: list[Grid]) -> list[dict]:
    suffix, write = LAYOUTS[layout]
    path = tmp_path / f"rendition{suffix}"
    path.write_text(write(grids), encoding="utf-8")
    return records_of(path)


def texts(records: list[dict]) -> dict:
    return {(r["row"], r["column"]): r["text"] for r in records}


def text_at(records: list[dict], row: str, column_start: str) -> str:
    """The printed text of the one cell of `row` whose column label starts so (a
    whitespace header carries the unit in its last label)."""
    [found] = [r["text"] for r in records if r["row"] == row and r["column"].startswith(column_start)]
    return found


@pytest.fixture(scope="module")
def annex_i_2005():
    return corpus_grids("003_eb69c40a305daa31.txt")[:1]


@pytest.fixture(scope="module")
def annex_ii_2001():
    return [corpus_grids("004_5a668c0349ee34c2.txt")[4]]


@needs_shared
@pytest.mark.parametrize("layout", ["legifrance.md", "legifrance-br.txt", "page-bare.html", "pipes.md",
                                    "pipes-dot.md", "senat-lines", "senat-wrapped", "senat-dot", "one-line", "tabs"])
def test_2005_annex_i(tmp_path, annex_i_2005, layout):
    """13 columns, an empty TRANSFERTS cell on most rows (a bar line or `| |` that is an
    empty cell, not a new row), negative amounts, thousands set apart by dots."""
    records = read_back(tmp_path, layout, annex_i_2005)
    assert cells_f1(annex_i_2005, records) >= 0.95
    got = texts(records)
    sep = {"legifrance-br.txt": NBSP, "tabs": "\u202f", "senat-dot": ".", "pipes-dot.md": "."}.get(layout, " ")
    assert got[("Alsace", "DAF au 30/06/05")] == f"359{sep}436,24"
    assert got[("Aquitaine", "REPRISE plus ou moins values de 2004 (NR)")] == "- 116,83"
    assert got[("France entière", "DOTATIONS régionales DAF au 30/09/05")] == f"12{sep}583{sep}612,34"
    assert ("Alsace", "TRANSFERTS au 01/01/05") not in got


@needs_shared
@pytest.mark.parametrize("layout", ["page-thead.html", "paragraphs", "whitespace", "whitespace-nbsp", "one-line"])
def test_2001_annex_ii(tmp_path, annex_ii_2001, layout):
    """A whitespace header on one line cut where an UPPERCASE word follows a lower-case
    one (`salariale MONTANT`), not inside `COÛT TOTAL`."""
    records = read_back(tmp_path, layout, annex_ii_2001)
    assert cells_f1(annex_ii_2001, records) >= 0.95
    sep = NBSP if layout in ("page-thead.html", "whitespace-nbsp") else " "
    assert text_at(records, "Alsace", "COÛT TOTAL revalorisation salariale") == f"74{sep}146"
    assert text_at(records, "Corse", "MONTANT déjà délégué (0,69 %)") == f"7{sep}350"
    assert text_at(records, "France entière", "COMPLÉMENT MESURES générales à déléguer") == f"279{sep}596"


@needs_shared
@pytest.mark.parametrize("layout", ["legifrance.md", "page-thead.html", "pipes.md", "paragraphs", "one-line", "tabs"])
def test_senat_2000_two_level_header(tmp_path, layout):
    """Years over LFI / Reports / Consommation, the last year alone (rowspan over an
    empty corner in HTML; a year among header labels in markdown and in paragraphs)."""
    grids = from_gold(EXTERNAL / "senat-2000-equipement-sanitaire-frf.json")
    records = read_back(tmp_path, layout, grids)
    assert cells_f1(grids, records) == 1.0
    by_cell = {(r["row"], r["column"].replace(" / ", " ")): r["text"] for r in records}
    assert by_cell[("Total des CP", "2000")] == "73,28"
    assert by_cell[("Total des AP", "1999 Reports et modifications")] == "130,19"


@needs_shared
@pytest.mark.parametrize("source", ["lfrss-2014-ondam-html", "jorf-2009-migac-daf-usld-html",
                                    "senat-2016-cnsa-execution-2015"])
def test_external_tables_one_cell_per_paragraph(tmp_path, source):
    """Row labels longer than 100 characters (ONDAM), headers naming their unit (JORF),
    footnote calls glued to cells and labels."""
    grids = from_gold(EXTERNAL / f"{source}.json")
    records = read_back(tmp_path, "paragraphs", grids)
    assert cells_f1(grids, records) == 1.0
    got = texts(records)
    expected = {
        "lfrss-2014-ondam-html": (("Contribution de l'assurance maladie aux dépenses en établissements et services "
                                   "pour personnes âgées", "OBJECTIF national de dépenses"), "8,6"),
        "jorf-2009-migac-daf-usld-html": (("Aquitaine", "MONTANT de la dotation MIGAC en milliers d'euros"),
                                          "292 812,50"),
        "senat-2016-cnsa-execution-2015": (("Section V : Autres dépenses", "Déficit"), "160"),
    }[source]
    assert got[expected[0]] == expected[1]


def test_whitespace_header_of_years(tmp_path):
    """`RÉGIONS 2011 Prévu 2011 Réalisé 2012`: every column opens with a year."""
    columns = ["2011 Prévu", "2011 Réalisé", "2012"]
    rows = {"Alsace": ("1 200,5", "1 100", "900"), "Corse": ("300", "250", "100"),
            "Total": ("1 500,5", "1 350", "1 000")}
    grid = Grid("Crédits par région", "k€", "RÉGIONS", columns, list(rows),
                {(r, c): v for r, vs in rows.items() for c, v in zip(columns, vs)}, {"Total"})
    records = read_back(tmp_path, "whitespace", [grid])
    assert [c for c in dict.fromkeys(r["column"] for r in records)] == \
        ["2011 Prévu", "2011 Réalisé", "2012 (en milliers d'euros)"]
    assert texts(records)[("Corse", "2011 Réalisé")] == "250"
    assert cells_f1([grid], records) == 1.0


def test_whitespace_empty_cells_placed_by_the_totals(tmp_path):
    """Rows printing fewer numbers than the header names: each cut placed in every way,
    kept because every total reconciles; without a total to confirm them the table is
    left to `spaced`, which does not guess where the cells go."""
    columns = ["Charges", "Produits", "Excédent"]
    rows = {"Section I": ("19 227", "19 034", None), "Section II": ("1 810", None, "12"),
            "Section III": (None, "643", "5"), "Total": ("21 037", "19 677", "17")}
    grid = Grid("Budget par section", "M€", "", columns, list(rows),
                {(r, c): v for r, vs in rows.items() for c, v in zip(columns, vs) if v}, {"Total"})
    records = read_back(tmp_path, "whitespace", [grid])
    assert cells_f1([grid], records) == 1.0
    assert texts(records)[("Section II", "Excédent")] == "12"
    assert not any(r["ambiguous"] for r in records)
    grid.cells[("Total", "Excédent")] = "25"                 # a total that no placement explains
    path = tmp_path / "faux.txt"
    path.write_text(LAYOUTS["whitespace"][1]([grid]), encoding="utf-8")
    assert whitespace.find_tables(read_document(path)) == []


@needs_shared
@pytest.mark.parametrize("layout", ["pipes.md", "tabs", "legifrance.md"])
def test_text_columns(tmp_path, layout):
    """A code and its label (002's MIG list), a region and its centre (004's annex IV):
    the text after the row's key is a text cell, the key labels the row."""
    nomenclature = corpus_grids("002_9f9b17e8f055c11f.txt")
    centres = [corpus_grids("004_5a668c0349ee34c2.txt")[6]]
    for grids in (nomenclature, centres):
        records = read_back(tmp_path, layout, grids)
        assert cells_f1(grids, records) == 1.0
        got = texts(records)
        if grids is nomenclature:
            assert got[("V12", "Libellé de la mission")] == "Equipes mobiles en SSR"
            assert text_at(records, "V12", "Année de création") == "2017"
        else:
            assert got[("Aquitaine", "CENTRES")] == "Bordeaux"
            sep = "\u202f" if layout == "tabs" else " "
            assert got[("Aquitaine", "SURCOÛT CC médecins")] == f"2{sep}908"


@needs_shared
def test_whitespace_header_naming_envelopes(tmp_path):
    """JORF 2009 with its header on one line: `MONTANT` opens each column; `DAF`, `MIGAC`,
    `USLD` after a lower-case word name the envelope inside the label."""
    grids = from_gold(EXTERNAL / "jorf-2009-migac-daf-usld-html.json")
    records = read_back(tmp_path, "whitespace", grids)
    assert cells_f1(grids, records) == 1.0
    assert list(dict.fromkeys(r["column"] for r in records)) == [
        "MONTANT DE LA DOTATION DAF (hors USLD) en milliers d'euros",
        "MONTANT de la dotation MIGAC en milliers d'euros",
        "MONTANT de la dotation DAF USLD en milliers d'euros (en milliers d'euros)"]
    assert text_at(records, "Aquitaine", "MONTANT de la dotation MIGAC") == "292 812,50"


@needs_shared
@pytest.mark.parametrize("layout", ["whitespace", "whitespace-nbsp"])
def test_whitespace_cnsa_budget_with_empty_cells(tmp_path, layout):
    """Sénat 2016's budget as a whitespace table: rows print 1 to 4 of 4 columns. The
    totals place the sections; the `dont` row is not summed and goes under the column its
    parent prints more in; `Résultat` is a difference of two total cells, and two pairs
    give 307 (Produits − Charges, Excédent − Déficit): flagged ambiguous."""
    grids = from_gold(EXTERNAL / "senat-2016-cnsa-execution-2015.json")
    records = read_back(tmp_path, layout, grids)
    assert cells_f1(grids, records) == 1.0
    sep = NBSP if layout == "whitespace-nbsp" else " "
    got = {(r["row"], r["column"]): r for r in records}
    assert got[("dont lié à l'OGD", "Charges")]["text"] == f"19{sep}067"
    assert got[("Section II : Financement de l'APA", "Produits")]["text"] == f"1{sep}810"
    assert got[("Section V bis : Anticipation de la loi ASV", "Excédent")]["text"] == "680"
    result = got[("Résultat", "Excédent")]
    assert result["ambiguous"] and len(result["alternatives"]) == 2
    assert [k for k, r in got.items() if r["ambiguous"]] == [("Résultat", "Excédent")]


@needs_shared
def test_one_cell_per_paragraph_with_empty_cells_flags_what_the_totals_leave_open(tmp_path, annex_i_2005):
    """003's annex I dumped one cell per paragraph: an empty cell prints nothing, so a row
    of 9 values in 13 columns has 715 placements. The totals place most rows; a cell they
    leave open is flagged ambiguous, never placed by preference, and a row with too many
    placements is left out and said so."""
    suffix, write = LAYOUTS["paragraphs"]
    path = tmp_path / f"rendition{suffix}"
    path.write_text(write(annex_i_2005), encoding="utf-8")
    [table] = extract_tables(read_document(path))
    records = cell_records(table)
    assert cells_f1(annex_i_2005, records) >= 0.9
    gold = {k: v.replace(NBSP, " ") for k, v in annex_i_2005[0].cells.items()}
    misplaced = [r for r in records if gold.get((r["row"], r["column"])) != r["text"]]
    assert misplaced and all(r["ambiguous"] for r in misplaced)
    left_out = [issue.split("'")[1].split(" ")[0] for issue in table.issues if issue.endswith("left out")]
    assert left_out[:3] == ["Guadeloupe", "Guyane", "Martinique"]
    assert not any(r["row"].startswith(tuple(left_out)) for r in records)


def test_a_region_printed_on_each_of_its_establishments_stays_their_parent(tmp_path):
    """Not text columns: the first cell repeats (a region over its establishments), so the
    establishment labels the row and the region is its parent, as `tabbed` reads it."""
    path = tmp_path / "etab.txt"
    path.write_text("Annexe 4 - Établissements (en euros)\n\nRégion\tÉtablissement\tMontant\n"
                    "Alsace\tCHU de Strasbourg\t1 234,5\nAlsace\tCH de Colmar\t100,0\n"
                    "Bretagne\tCHU de Rennes\t50,0\nTotal\t\t1 384,5\n", encoding="utf-8")
    records = records_of(path)
    assert [(r["row"], r["parent"], r["text"]) for r in records] == [
        ("CHU de Strasbourg", "Alsace", "1 234,5"), ("CH de Colmar", "Alsace", "100,0"),
        ("CHU de Rennes", "Bretagne", "50,0"), ("Total", None, "1 384,5")]


@needs_shared
def test_one_cell_per_paragraph_with_dashes_for_empty_cells(tmp_path):
    """000's DAF MCO annex (15 columns) dumped one cell per paragraph, `-` for an empty
    cell; its headers mostly open in lower case (`ajustement base MECS`, `biosimilaires`)."""
    grids = corpus_grids("000_e5e150b2e5b19c7b.txt")[1:2]
    records = read_back(tmp_path, "paragraphs-dash", grids)
    assert cells_f1(grids, records) == 1.0
    got = texts(records)
    assert got[("Auvergne-Rhône-Alpes", "BASE 2024")] == "11 327,4"     # where the totals read it in the text
    assert ("Auvergne-Rhône-Alpes", "ajustement base MECS") not in got
    assert not any(r["ambiguous"] for r in records)


@needs_shared
def test_whitespace_with_dashes_for_empty_cells(tmp_path, annex_i_2005):
    """003's annex I as a text copy with one space between columns and thousands, `-`
    for an empty cell: 13 columns cut from a one-line header (`TRANSPOSITION CCN privé`
    is one label, `SOUTIEN COM` ends before `REPRISE`), and `- 116,83` is a negative
    amount while `- 109,05` is an empty cell then an amount: the totals tell."""
    records = read_back(tmp_path, "whitespace-dash", annex_i_2005)
    assert cells_f1(annex_i_2005, records) == 1.0
    assert {"TRANSPOSITION CCN privé", "SITUATION PSPH (R)", "COMPLÉMENT Plan urgences", "SOUTIEN COM",
            "REPRISE plus ou moins values de 2004 (NR)"} <= {r["column"] for r in records}
    got = texts(records)
    assert got[("Aquitaine", "REPRISE plus ou moins values de 2004 (NR)")] == "- 116,83"
    assert got[("Alsace", "PRIMES sommet du grade (NR)")] == "109,05"
    assert ("Alsace", "TRANSFERTS au 01/01/05") not in got
    assert not any(r["ambiguous"] for r in records)
