"""HTML <table>s inside text and in .html files, on small documents written for the test:
th/td, <br/> and <p> in cells, colspan/rowspan, two header rows, empty cells, the unit
from a line above, evidence on the exact number string; then the Légifrance annexes of
../shared/external (skipped when that folder is absent)."""
from decimal import Decimal
from pathlib import Path

import pytest

from extractors.readers import read_document
from extractors.tables import cell_records, check_records, extract_tables, html
from table_records import cell_texts, doc_of

EXTERNAL = Path(__file__).resolve().parents[2] / "shared" / "external"

DOC = """# Article 3

Répartition des crédits par région.

(en milliers d'euros)

<table>
<tr><th rowspan="2">RÉGIONS</th><th colspan="2">MIGAC<br/>2012</th><th rowspan="2">Total</th></tr>
<tr><th>MIG</th><th><p>AC</p></th></tr>
<tr><td>Alsace <br/></td><td>1 200,50</td><td>300,00</td><td>1 500,50</td></tr>
<tr><td>Bretagne</td><td/><td>250,00</td><td>250,00</td></tr>
<tr><td colspan="4">Outre-mer</td></tr>
<tr><td>Guadeloupe (1)</td>
<td>100,00<br/>
</td><td>0,00</td><td>100,00</td></tr>
<tr><td>Total</td><td>1 300,50</td><td>550,00</td><td>1 850,50</td></tr>
</table>

Texte qui suit.
"""




def test_cells_headers_and_spans(tmp_path):
    doc = doc_of(tmp_path, DOC, "essai.md")
    [table] = html.find_tables(doc)
    assert [c.label for c in table.columns] == ["MIGAC 2012 / MIG", "MIGAC 2012 / AC", "Total"]
    assert table.unit == "k€"
    got = cell_texts(table)
    assert got[("Alsace", "MIGAC 2012 / MIG")] == "1 200,50"
    assert got[("Guadeloupe", "MIGAC 2012 / AC")] == "0,00"
    assert ("Bretagne", "MIGAC 2012 / MIG") not in got          # an empty cell is no cell
    assert "Outre-mer" not in {r for r, _ in got}                # a spanning heading is no row
    assert len(got) == 11


def test_evidence_quotes_the_number(tmp_path):
    doc = doc_of(tmp_path, DOC, "essai.md")
    [table] = html.find_tables(doc)
    for cell in table.cells:
        assert doc.text[cell.evidence.start:cell.evidence.end] == cell.text
    total = [c for c in table.cells if c.text == "1 850,50"][0]
    assert total.evidence.line == 16


def test_totals_checked(tmp_path):
    doc = doc_of(tmp_path, DOC, "essai.md")
    [table] = extract_tables(doc)
    record = check_records(table)
    assert record["checked"] >= 6 and record["failed"] == 0


def test_html_file(tmp_path):
    page = ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>\n"
            "<p>Montants (en euros)</p>\n<table><tr><th>Région</th><th>Montant</th></tr>\n"
            "<tr><td>Corse</td><td>1&nbsp;234</td></tr>\n<tr><td>Bretagne</td><td>56</td></tr>\n"
            "<tr><td>Total</td><td>1&nbsp;290</td></tr></table></body></html>\n")
    doc = doc_of(tmp_path, page, "page.html")
    assert doc.format == "html"
    [table] = extract_tables(doc)
    got = {(r["row"], r["value"]) for r in cell_records(table)}
    assert got == {("Corse", Decimal(1234)), ("Bretagne", Decimal(56)), ("Total", Decimal(1290))}
    assert table.unit == "€"
    assert check_records(table)["failed"] == 0


def test_text_column_of_a_nomenclature(tmp_path):
    text = ("<table>\n<tr><th>CODE</th><th>LIBELLÉ</th><th>ANNÉE DE CRÉATION</th></tr>\n"
            "<tr><td colspan=\"3\">Au titre de l'article D. 162-6 :</td></tr>\n"
            "<tr><td>A01</td><td>Les centres de référence</td><td>\n<br/>2008</td></tr>\n"
            "<tr><td>B</td><td colspan=\"2\">Au titre de la recherche</td></tr>\n"
            "<tr><td>B02</td><td>Les équipes mobiles</td><td>2011</td></tr>\n</table>\n")
    doc = doc_of(tmp_path, text, "essai.md")
    [table] = html.find_tables(doc)
    assert table.kind == "nomenclature"
    got = {(r["row"], r["column"]): (r["text"], r["value"]) for r in cell_records(table)}
    assert got == {("A01", "LIBELLÉ"): ("Les centres de référence", None),
                   ("A01", "ANNÉE DE CRÉATION"): ("2008", Decimal(2008)),
                   ("B02", "LIBELLÉ"): ("Les équipes mobiles", None),
                   ("B02", "ANNÉE DE CRÉATION"): ("2011", Decimal(2011))}


# ---------------------------------------------------------------- external documents

def external(name):
    if not (EXTERNAL / "docs").is_dir():
        pytest.skip("../shared/external is not here")
    return read_document(EXTERNAL / "docs" / f"{name}.txt")


def one(records, row, column_start):
    found = [r for r in records if r["row"] == row and r["column"].startswith(column_start)]
    assert len(found) == 1, found
    return found[0]


def test_jorf_migac_annex():
    doc = external("jorf-2009-migac-daf-usld-html")
    records = [r for t in extract_tables(doc) for r in cell_records(t)]
    assert len(records) == 69
    cell = one(records, "Alsace", "MONTANT de la dotation MIGAC")
    assert (cell["text"], cell["value"], cell["line"], cell["unit"]) == ("205 953,73", Decimal("205953.73"), 25, "k€")
    assert one(records, "Ile-de-France (hors AP-HP)", "MONTANT DE LA DOTATION DAF")["line"] > 0


def test_mig_list():
    doc = external("mig-liste-2015-html")
    [table] = extract_tables(doc)
    records = cell_records(table)
    assert table.kind == "nomenclature" and len(records) == 50
    assert one(records, "D21", "ANNÉE")["value"] == Decimal(2014)
    assert one(records, "E02", "LIBELLÉ")["text"] == "Le financement des études médicales"


def test_ondam_table():
    doc = external("lfrss-2014-ondam-html")
    [table] = extract_tables(doc)
    records = cell_records(table)
    assert table.unit == "Md€"
    total = one(records, "Total", "OBJECTIF")
    assert total["value"] == Decimal("178.3") and total["is_total"]
    assert check_records(table)["failed"] == 0        # 178,4 against 178,3: within rounding


def test_year_columns_head_the_table(tmp_path):
    text = ("<table>\n<tr><td>Régions</td><td>2012</td><td>2013</td></tr>\n"
            "<tr><td>Alsace</td><td>1 250,5</td><td>1 300</td></tr>\n"
            "<tr><td>Corse</td><td>80</td><td>95,25</td></tr>\n</table>\n")
    [table] = html.find_tables(doc_of(tmp_path, text, "essai.md"))
    got = cell_texts(table)
    assert got == {("Alsace", "2012"): "1 250,5", ("Alsace", "2013"): "1 300",
                   ("Corse", "2012"): "80", ("Corse", "2013"): "95,25"}


def test_group_over_rows_is_the_parent(tmp_path):
    """A region printed once over its establishments (rowspan): the establishment labels
    the row, the region is its parent; FINESS numbers are identifiers, not amounts."""
    text = ("<table>\n<tr><th>ARS</th><th>ÉTABLISSEMENT</th><th>FINESS</th><th>MONTANT</th></tr>\n"
            "<tr><td rowspan=\"2\">ARS Bretagne</td><td>CHU de Rennes</td><td>350005179</td><td>1 200</td></tr>\n"
            "<tr><td>CH de Vannes</td><td>560023210</td><td>300</td></tr>\n"
            "<tr><td>ARS Centre</td><td>CHU de Tours</td><td>70000481</td><td>450</td></tr>\n</table>\n")
    [table] = html.find_tables(doc_of(tmp_path, text, "essai.md"))
    got = {(r["row"], r["parent"], r["column"]): (r["text"], r["value"]) for r in cell_records(table)}
    assert got[("CH de Vannes", "ARS Bretagne", "MONTANT")] == ("300", Decimal(300))
    assert got[("CHU de Tours", "ARS Centre", "FINESS")] == ("70000481", None)
    assert got[("CHU de Rennes", "ARS Bretagne", "FINESS")] == ("350005179", None)


def test_amounts_printed_with_their_unit(tmp_path):
    text = ("<table>\n<tr><th>Mesure</th><th>Montant</th><th>Part</th></tr>\n"
            "<tr><td>Urgences</td><td>1 234 €</td><td>12,5 %</td></tr>\n"
            "<tr><td>Psychiatrie</td><td>5,1 M€</td><td>87,5 %</td></tr>\n</table>\n")
    doc = doc_of(tmp_path, text, "essai.md")
    [table] = extract_tables(doc)
    got = {(r["row"], r["column"]): (r["value"], r["unit"]) for r in cell_records(table)}
    assert got[("Urgences", "Part")] == (Decimal("12.5"), None)
    assert got[("Urgences", "Montant")][0] == Decimal(1234)
    assert got[("Psychiatrie", "Montant")][0] == Decimal("5.1")
    assert any("several units" in issue for issue in table.issues)
    for cell in table.cells:
        assert doc.text[cell.evidence.start:cell.evidence.end] == cell.text


def test_group_on_its_first_row_only(tmp_path):
    text = ("<table>\n<tr><th>ARS</th><th>ÉTABLISSEMENT</th><th>MONTANT</th></tr>\n"
            "<tr><td>ARS Bretagne</td><td>CHU de Rennes</td><td>1 200</td></tr>\n"
            "<tr><td></td><td>CH de Vannes</td><td>300</td></tr>\n</table>\n")
    [table] = html.find_tables(doc_of(tmp_path, text, "essai.md"))
    got = {(r["row"], r["parent"], r["column"]): r["value"] for r in cell_records(table)}
    assert got == {("CHU de Rennes", "ARS Bretagne", "MONTANT"): Decimal(1200),
                   ("CH de Vannes", "ARS Bretagne", "MONTANT"): Decimal(300)}


def test_folders_list_html_pages(tmp_path):
    from extractors.readers import iter_inputs
    for name in ("a.html", "b.htm", "c.txt", "d.csv"):
        (tmp_path / name).write_text("<table></table>\n", encoding="utf-8")
    assert [p.name for p in iter_inputs([tmp_path])] == ["a.html", "b.htm", "c.txt"]


def test_a_column_of_codes_before_the_names(tmp_path):
    # départements led by their code (`01`, `2A`, `67`); the total row prints no code:
    # the names label the rows, no code is an amount or a parent
    rows = [("01", "Ain", "1 234 567", "1 000", "1 235 567"), ("02", "Aisne", "2 000 000", "500", "2 000 500"),
            ("2A", "Corse-du-Sud", "300 000", "", "300 000"), ("67", "Bas-Rhin", "4 000 000", "2 500", "4 002 500"),
            ("", "Total", "7 534 567", "4 000", "7 538 567")]
    body = "\n".join("<tr>" + "".join(f"<td>{x}</td>" for x in r) + "</tr>" for r in rows)
    text = ("<p>ANNEXE - Dotations départementales 2012</p>\n<p>(en euros)</p>\n<table>\n<tr><th>Code</th>"
            "<th>Département</th><th>Dotation 2012</th><th>Mesures nouvelles</th><th>Total</th></tr>\n"
            + body + "\n</table>\n")
    (table,) = extract_tables(doc_of(tmp_path, text, "dep.html"))
    assert [c.label for c in table.columns] == ["Dotation 2012", "Mesures nouvelles", "Total"]
    assert [(r.label, r.parent) for r in table.rows] == [
        ("Ain", None), ("Aisne", None), ("Corse-du-Sud", None), ("Bas-Rhin", None), ("Total", None)]
    assert (check_records(table)["checked"], check_records(table)["failed"]) == (8, 0)


def test_a_footnote_call_after_a_number_is_not_its_last_group(tmp_path):
    text = ("<p>(en euros)</p>\n<table>\n<tr><th>Région</th><th>Dotation</th><th>Total</th></tr>\n"
            "<tr><td>Corse</td><td>300 000 (*)</td><td>300 000</td></tr>\n"
            "<tr><td>Bretagne</td><td>19 034 11 (*)</td><td>19 034</td></tr>\n"
            "<tr><td>Total</td><td>319 034</td><td>319 034</td></tr>\n</table>\n")
    (table,) = extract_tables(doc_of(tmp_path, text, "notes.html"))
    assert [(r["row"], r["value"]) for r in cell_records(table) if r["column"] == "Dotation"] == [
        ("Corse", 300000), ("Bretagne", 19034), ("Total", 319034)]
