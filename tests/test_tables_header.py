"""The header model (`extractors.tables.header`) every detector shares, each rule on two
documents: a cut word joined back (corpus 004's text headers, a PDF header), a unit in a
caption read the same by both table builders (a tab table, a broken pipe table), the
rows that give a column its MIG code, nature and renewal (corpus 000 here; a generated
PDF, `test_tables_pdf.test_a_continuation_page_without_labels`)."""
from pathlib import Path

import pytest

from extractors.readers import read_document
from extractors.tables import cell_records, extract_tables
from extractors.tables.header import split_header
from extractors.tables.header import attribute, join_lines, unit_of, unit_only
from table_records import doc_of

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def test_a_word_cut_by_a_hyphen_is_joined_back_a_compound_keeps_it():
    assert join_lines(["TRANSFERTS", "interré-", "gionaux"]) == "TRANSFERTS interrégionaux"
    assert join_lines(["SAGES-", "femmes FEHAP (R)"]) == "SAGES-femmes FEHAP (R)"
    assert join_lines(["Provence-Alpes-", "Côte d’Azur"]) == "Provence-Alpes-Côte d’Azur"
    # corpus 004 prints `ORTHO-` over `GÉNIE`: the text header splitter joins them the same way
    doc = read_document(CORPUS / "004_5a668c0349ee34c2.txt")
    at = next(i for i, line in enumerate(doc.lines) if line.text.strip() == "ORTHO-")
    lines = [doc.lines[at - 1].text, doc.lines[at].text, doc.lines[at + 1].text]
    assert [t.strip() for t in lines] == ["sourds", "ORTHO-", "GÉNIE"]
    assert split_header(["ACCUEIL", "sourds", "ORTHO-", "GÉNIE"]) == ["ACCUEIL sourds", "ORTHO-GÉNIE"]
    assert split_header(["TRANSFERTS", "interré-", "gionaux", "MESURES", "nouvelles"]) == [
        "TRANSFERTS interrégionaux", "MESURES nouvelles"]


@pytest.mark.parametrize("caption, unit", [("(milliers de francs)", "kF"), ("(en milliers d'euros)", "k€"),
                                           ("(k€)", "k€"), ("(euros)", "€")])
def test_a_caption_unit_is_read_alike_by_both_builders(tmp_path, caption, unit):
    """`tabbed` (its title line) and `grid` (the line above) read a caption through
    `header.unit_of`: a tab table and a one-line pipe table under the same caption."""
    tab = "Annexe 2 - Crédits " + caption + "\n\nRégion\tBase\nAlsace\t1 200\nCorse\t300\nTotal\t1 500\n"
    line = ("Crédits " + caption + "\n\n"
            "| Région | Base | Mesure | | Alsace | 1 200 | 20 | | Corse | 300 | 5 | | Total | 1 500 | 25 |\n")
    for text in (tab, line):
        (table,) = extract_tables(doc_of(tmp_path, text))
        assert table.unit == unit
        assert {r["unit"] for r in cell_records(table)} == {unit}
    assert unit_of(["Tableau 3 : crédits ouverts"]) is None


@pytest.mark.parametrize("above, title, unit", [
    # a caption line over the title, a page number between the title and the table
    ("(en milliers d'euros)\nAnnexe 3 - Dotations\n\n12\n\n", "Annexe 3 - Dotations", "k€"),
    # a title that prints its unit
    ("Annexe 2 - Crédits (en milliers d'euros)\n\n", "Annexe 2 - Crédits (en milliers d'euros)", "k€"),
    # a sentence that declares the unit is not the title
    ("Annexe 4 - Mesures\nLes montants sont en millions d'euros\n\n", "Annexe 4 - Mesures", "M€"),
])
def test_title_and_unit_above_a_table_are_read_alike_by_both_builders(tmp_path, above, title, unit):
    """`header.context_above` gives `tabbed` (a tab table) and `grid` (a one-line pipe
    table) the same title and unit."""
    tab = above + "Région\tBase\nAlsace\t1 200\nCorse\t300\nTotal\t1 500\n"
    line = above + "| Région | Base | Mesure | | Alsace | 1 200 | 20 | | Corse | 300 | 5 | | Total | 1 500 | 25 |\n"
    for text in (tab, line):
        (table,) = extract_tables(doc_of(tmp_path, text))
        assert (table.title, table.unit) == (title, unit)


def test_code_nature_and_renewal_rows_under_a_label():
    assert [attribute(t) for t in ["F21", "MIG MCO", "AC MCO", "DAF SSR", "JPE", "NR", "R", "hors OD", "OD",
                                   "dotation recherche", "AUTRES"]] == [
        "code", "nature", "nature", "nature", "renewal", "renewal", "renewal", "od", "od", None, None]
    # corpus 000: the rows `N° MIG/AC`, `code MIG`, `JPE/NR/R` under each label
    (first, *_) = extract_tables(read_document(CORPUS / "000_e5e150b2e5b19c7b.txt"))
    col = next(c for c in first.columns if c.label == "Plateformes d'expertise")
    assert (col.code, col.nature, col.renewal) == ("F21", "MIG MCO", "JPE")
    assert (sum(c.code is not None for c in first.columns), len(first.columns)) == (25, 52)


def test_a_count_column_has_no_unit_in_a_tab_table(tmp_path):
    """`NOMBRE …` heads counts in the text tables of corpus 003 (`make_columns`), in its
    PDF renditions and in a tab table (`tabbed`): one rule, `header.COUNT`."""
    text = ("Les montants sont en euros\n\nAnnexe 3 - Lits\n\nRégion\tNombre de lits\tDotation\n"
            "Alsace\t120\t1 000,0\nCorse\t30\t500,0\nTotal\t150\t1 500,0\n")
    (table,) = extract_tables(doc_of(tmp_path, text, "lits.md"))
    assert [(c.label, c.role) for c in table.columns] == [("Nombre de lits", "count"), ("Dotation", "measure")]
    assert [(r["row"], r["column"], r["text"], r["unit"]) for r in cell_records(table)] == [
        ("Alsace", "Nombre de lits", "120", None), ("Alsace", "Dotation", "1 000,0", "€"),
        ("Corse", "Nombre de lits", "30", None), ("Corse", "Dotation", "500,0", "€"),
        ("Total", "Nombre de lits", "150", None), ("Total", "Dotation", "1 500,0", "€")]
    (stages,) = [t for t in extract_tables(read_document(CORPUS / "003_eb69c40a305daa31.txt"))
                 if t.columns[0].label.startswith("NOMBRE de stagiaires")]
    assert [c.role for c in stages.columns] == ["count", "measure", "count", "count", "measure"]


@pytest.mark.parametrize("text,unit", [("(en euros)", "€"), ("en milliers d'euros", "k€"), ("(M€)", "M€"),
                                        ("(en milliers de francs)", "kF"), ("MONTANT (en euros)", "€"),
                                        ("DAF MCO", None), ("Dotation (en euros)", None)])
def test_a_header_cell_that_prints_only_a_unit(text, unit):
    assert unit_only(text) == unit


def test_a_unit_row_under_the_labels_gives_each_column_its_unit(tmp_path):
    text = ("ANNEXE 3 - Crédits 2019\n\nRégion\tDotation 2012\tMesures\tTotal\n"
            "\t(en euros)\t(en milliers d'euros)\t(en euros)\n"
            "Bretagne\t1 234 567\t1\t1 235 567\nCorse\t300 000\t\t300 000\n")
    (table,) = extract_tables(doc_of(tmp_path, text))
    assert [(c.label, c.nature, c.unit) for c in table.columns] == [
        ("Dotation 2012", None, "€"), ("Mesures", None, "k€"), ("Total", None, "€")]
    assert [(r["row"], r["column"], r["value_eur"]) for r in cell_records(table)][:2] == [
        ("Bretagne", "Dotation 2012", 1234567), ("Bretagne", "Mesures", 1000)]
