"""Broken pipe tables on small documents written for the test: one cell per line ending
in ' |' with a two-level header, and a whole table on one line with rows separated by
'| |'; then the Sénat 2000 report of ../shared/external."""
from decimal import Decimal
from pathlib import Path

import pytest

from extractors.readers import read_document
from extractors.tables import cell_records, check_records, extract_tables, pipes
from table_records import cell_texts, doc_of

EXTERNAL = Path(__file__).resolve().parents[2] / "shared" / "external"
CORPUS = Path(__file__).resolve().parents[1] / "corpus"

PER_LINE = """Crédits du chapitre
(en milliers d'euros)
|
2010 |
2011 |
||||
|
Prévu |
Réalisé |
Prévu |
Réalisé |
|
Article 10 |
1 200,5 |
1 100 |
900 |
850,25 |
Article 20 |
300 |
250 |
100 |
99,75 |
Total |
1 500,5 |
1 350 |
1 000 |
950 |
Texte qui suit.
"""



def test_one_cell_per_line(tmp_path):
    doc = doc_of(tmp_path, PER_LINE)
    [table] = pipes.find_tables(doc)
    assert [c.label for c in table.columns] == ["2010 / Prévu", "2010 / Réalisé", "2011 / Prévu", "2011 / Réalisé"]
    assert table.unit == "k€" and table.title == "Crédits du chapitre"
    got = cell_texts(table)
    assert len(got) == 12
    assert got[("Article 10", "2011 / Réalisé")] == "850,25"
    assert got[("Total", "2010 / Prévu")] == "1 500,5"
    for cell in table.cells:
        assert doc.text[cell.evidence.start:cell.evidence.end] == cell.text
    assert check_records(table)["failed"] == 0


def test_group_without_leaf(tmp_path):
    """Three years over two sub-columns each, the last year printed alone."""
    text = ("|\n1998 |\n1999 |\n2000 |\n||||\n|\nLFI |\nConso |\nLFI |\nConso |\n|\n"
            "Total des AP |\n1 |\n2 |\n3 |\n4 |\n5 |\nTotal des CP |\n6 |\n7 |\n8 |\n9 |\n10 |\n")
    doc = doc_of(tmp_path, text)
    [table] = pipes.find_tables(doc)
    assert [c.label for c in table.columns] == ["1998 / LFI", "1998 / Conso", "1999 / LFI", "1999 / Conso", "2000"]
    got = {(r["row"], r["column"]): r["value"] for r in cell_records(table)}
    assert got[("Total des CP", "2000")] == Decimal(10)


def test_whole_table_on_one_line(tmp_path):
    text = ("Dotations (en euros)\n\n"
            "| Région | Base | Mesure | | Alsace | 1 000 | 20 | | Corse | 500 | 5 | | Total | 1 500 | 25 |\n")
    doc = doc_of(tmp_path, text)
    [table] = extract_tables(doc)
    got = {(r["row"], r["column"]): r["value"] for r in cell_records(table)}
    assert got == {("Alsace", "Base"): Decimal(1000), ("Alsace", "Mesure"): Decimal(20),
                   ("Corse", "Base"): Decimal(500), ("Corse", "Mesure"): Decimal(5),
                   ("Total", "Base"): Decimal(1500), ("Total", "Mesure"): Decimal(25)}
    assert table.unit == "€"
    assert check_records(table)["failed"] == 0


def test_well_formed_rows_with_an_empty_column(tmp_path):
    """Read by markdown-it-py's table rule, outer pipes and an empty header cell."""
    text = "| Région | Base | | Mesure |\n|---|---|---|---|\n| Alsace | 1 | | 2 |\n| Corse | 3 | | 4 |\n"
    doc = doc_of(tmp_path, text)
    [table] = pipes.find_tables(doc)
    assert [c.label for c in table.columns] == ["Base", "", "Mesure"]
    assert cell_texts(table) == {("Alsace", "Base"): "1", ("Alsace", "Mesure"): "2",
                                 ("Corse", "Base"): "3", ("Corse", "Mesure"): "4"}
    assert [doc.text[c.evidence.start:c.evidence.end] for c in table.cells] == ["1", "2", "3", "4"]
    undelimited = doc_of(tmp_path, text.replace("|---|---|---|---|\n", ""), "sans.md")
    assert [cell_texts(t) for t in pipes.find_tables(undelimited)] == [cell_texts(table)]


def _as_pipe_tables(text: str, delimiter: bool) -> str:
    """Every run of tab-separated lines rewritten as a markdown pipe table (with or
    without a delimiter row under its first line), as another converter would have
    written the circular."""
    out, inside = [], False
    for line in text.split("\n"):
        if "\t" not in line:
            out.append(line)
            inside = False
            continue
        cells = [c.replace("|", "\\|") for c in line.split("\t")]
        out.append("| " + " | ".join(cells) + " |")
        if delimiter and not inside:
            out.append("|" + "---|" * len(cells))
        inside = True
    return "\n".join(out)


@pytest.mark.parametrize("delimiter", [True, False], ids=["markdown-it", "no-delimiter-row"])
def test_the_2024_circular_written_as_pipe_tables(tmp_path, delimiter):
    """Corpus 000 (tab tables over continuation pages, MIG code/nature/renewal header
    rows) rewritten with pipes: the same tables, rows, columns and cells, whether
    markdown-it-py parses them or, without their delimiter rows, the tolerant reader."""
    tabs = read_document(CORPUS / "000_e5e150b2e5b19c7b.txt")
    doc = doc_of(tmp_path, _as_pipe_tables(tabs.text, delimiter), "circulaire.md")
    found = extract_tables(doc)

    def records(tables):
        return [(r["title"], r["row"], r["column"], r["column_code"], r["nature"], r["renewal"], r["text"],
                 r["unit"], r["ambiguous"]) for t in tables for r in cell_records(t)]
    assert records(found) == records(extract_tables(tabs))
    assert (len(found), len(records(found))) == (len(pipes.find_tables(doc)), 1559)
    assert records(found)[3] == ("Annexe I - MIGAC", "Auvergne-Rhône-Alpes", "Plateformes d'expertise", "F21",
                                 "MIG MCO", "JPE", "339,0", "k€", False)
    assert ("Annexe I - MIGAC", "Guyane ou Martinique", "Pilier 2 Transition Ecologique CTEES", None, "AC MCO",
            "NR", "65,0", "k€", True) in records(found)


def test_senat_equipment_table():
    if not (EXTERNAL / "docs").is_dir():
        pytest.skip("../shared/external is not here")
    doc = read_document(EXTERNAL / "docs" / "senat-2000-equipement-sanitaire-frf.txt")
    [table] = extract_tables(doc)
    assert table.unit == "MF"
    got = cell_texts(table)
    assert len(got) == 14
    assert got[("Total des CP", "1999 / LFI")] == "115,58"
    assert got[("Total des AP", "2000")] == "0"
    assert got[("Total des AP", "1998 / Reports et modifications")] == "103,58"


def test_line_break_inside_a_header_cell(tmp_path):
    text = ("|\nCrédits\nouverts |\nCrédits\nconsommés |\n|\nArticle 10 |\n1 200 |\n1 100 |\n"
            "Article 20 |\n300 |\n250 |\n")
    doc = doc_of(tmp_path, text)
    [table] = pipes.find_tables(doc)
    assert [c.label for c in table.columns] == ["Crédits ouverts", "Crédits consommés"]
    got = cell_texts(table)
    assert got[("Article 20", "Crédits consommés")] == "250"


def test_well_formed_without_outer_pipes(tmp_path):
    """Read by markdown-it-py's table rule: rows without outer pipes, an escaped pipe."""
    text = ("Crédits (en euros)\n\nRégion | Base | Mesure\n---|---:|---\nAlsace | 1 200 | 3\n"
            "Corse \\| Sud | 500 | \nTotal | 1 700 | 3\n\nTexte.\n")
    doc = doc_of(tmp_path, text)
    [table] = extract_tables(doc)
    got = cell_texts(table)
    assert got == {("Alsace", "Base"): "1 200", ("Alsace", "Mesure"): "3", ("Corse | Sud", "Base"): "500",
                   ("Total", "Base"): "1 700", ("Total", "Mesure"): "3"}
    for cell in table.cells:
        assert doc.text[cell.evidence.start:cell.evidence.end] == cell.text
    assert table.unit == "€" and check_records(table)["failed"] == 0
