"""The 2005 space-separated layout on small documents written for the test: no-break
thousands separators and empty markers, labels over two lines, values wrapped to the next
line, a label glued after a row's values, spurious empty markers dropped as the totals
say, two horizontal parts kept as one table."""
from decimal import Decimal


from extractors.tables import cell_records, check_records, spaced
from table_records import cell_texts, doc_of

NB = "\u00a0"
HEADER = """ANNEXE{nb}{nb}I
DOTATIONS D'ESSAI

(Les montants sont en milliers d’euros.)

RÉGIONS
BASE
au 01/01/05

MESURE
urgences (NR)
SITUATION
PSPH (R)
TOTAL
mesures
"""



def grid(table):
    return cell_texts(table)


def test_cells_labels_and_totals(tmp_path):
    body = (f"Alsace 1{NB}000,00 10,00 20,00 30,00\n"
            "Languedoc-\nRoussillon\n"
            f"2{NB}000,50 {NB} - 5,00 -5,00\n"
            f"France\nmétropolitaine\n3{NB}000,50 10,00 15,00 25,00\n")
    (table,) = spaced.find_tables(doc_of(tmp_path, HEADER.format(nb=NB) + body))
    assert [c.label for c in table.columns] == [
        "BASE au 01/01/05", "MESURE urgences (NR)", "SITUATION PSPH (R)", "TOTAL mesures"]
    assert [c.renewal for c in table.columns] == [None, "NR", "R", None]
    assert [r.label for r in table.rows] == ["Alsace", "Languedoc-Roussillon", "France métropolitaine"]
    assert table.rows[2].is_total and table.unit == "k€" and table.title == "ANNEXE I - DOTATIONS D'ESSAI"
    g = grid(table)
    assert g[("Alsace", "BASE au 01/01/05")] == f"1{NB}000,00"
    assert ("Languedoc-Roussillon", "MESURE urgences (NR)") not in g        # a lone no-break space: empty
    assert g[("Languedoc-Roussillon", "SITUATION PSPH (R)")] == "- 5,00"
    values = {(r["row"], r["column"]): r["value"] for r in cell_records(table)}
    assert values[("Languedoc-Roussillon", "TOTAL mesures")] == Decimal("-5.00")
    report = check_records(table)
    # 4 column totals, and TOTAL mesures = MESURE + SITUATION on the 3 rows (found by the numbers)
    assert (report["checked"], report["reconciled"], report["failed"]) == (7, 7, 0)
    row_checks = [c for c in table.checks if c.kind == "row"]
    assert [p[1] for p in row_checks[0].parts] == [1, 2]


def test_label_glued_after_values_starts_the_next_row(tmp_path):
    body = (f"CH de Carcassonne 1 21,00 1 {NB} {NB}CH de Créteil\n"
            f"1 21,00 {NB} {NB} {NB}\n"
            "Total 2 42,00 1 0 0,00\n")
    text = HEADER.format(nb=NB).replace("RÉGIONS", "ÉTABLISSEMENTS") + "\n"
    text = text.replace("TOTAL\nmesures\n", "NOMBRE\nnouveaux\nMONTANT\n2005\n")
    (table,) = spaced.find_tables(doc_of(tmp_path, text + body))
    assert [r.label for r in table.rows] == ["CH de Carcassonne", "CH de Créteil", "Total"]
    g = grid(table)
    assert g[("CH de Créteil", "BASE au 01/01/05")] == "1"
    assert g[("CH de Créteil", "MESURE urgences (NR)")] == "21,00"
    assert table.columns[3].role == "count"
    assert check_records(table)["failed"] == 0


def test_spurious_empty_marker_is_the_one_the_totals_reject(tmp_path):
    # Corse prints 5 cells for 4 columns: 7,00 belongs to SITUATION (the totals say so)
    body = (f"Alsace 1{NB}000,00 10,00 20,00 30,00\n"
            f"Corse 500,00 {NB} 7,00 {NB} 7,00\n"
            f"France métropolitaine 1{NB}500,00 10,00 27,00 37,00\n")
    (table,) = spaced.find_tables(doc_of(tmp_path, HEADER.format(nb=NB) + body))
    g = grid(table)
    assert g[("Corse", "SITUATION PSPH (R)")] == "7,00"
    assert ("Corse", "MESURE urgences (NR)") not in g
    assert not table.rows[1].ambiguous
    assert any("Corse: 5 cells printed for 4 columns" in i for i in table.issues)
    assert check_records(table)["failed"] == 0


def test_two_horizontal_parts_are_one_table(tmp_path):
    part1 = HEADER.format(nb=NB) + (f"Alsace 1{NB}000,00 10,00 20,00 30,00\n"
                                    f"France métropolitaine 1{NB}000,00 10,00 20,00 30,00\n\n")
    part2 = ("RÉGIONS AUTRES\nmesures\nDOTATIONS\nrégionales\n"
             f"Alsace 5,00 1{NB}035,00\nFrance métropolitaine 5,00 1{NB}035,00\n")
    (table,) = spaced.find_tables(doc_of(tmp_path, part1 + part2))
    assert len(table.columns) == 6 and len(table.rows) == 2
    assert table.columns[-1].label == "DOTATIONS régionales" and table.columns[-1].is_total
    assert grid(table)[("Alsace", "DOTATIONS régionales")] == f"1{NB}035,00"
    # DOTATIONS = BASE + TOTAL mesures + AUTRES, found by the numbers across the two parts
    final = [c for c in table.checks if c.kind == "row" and c.total[1] == 5]
    assert final and sorted(c for _, c in final[0].parts) == [0, 3, 4]


def test_a_row_repeating_another_rows_values_is_reported(tmp_path):
    body = (f"Alsace 1{NB}000,00 11,00 22,00 33,00\n"
            f"Corse 1{NB}000,00 11,00 22,00 33,00\n"
            f"France métropolitaine 2{NB}000,00 22,00 44,00 66,00\n")
    (table,) = spaced.find_tables(doc_of(tmp_path, HEADER.format(nb=NB) + body))
    assert any("Corse prints the values of line" in i and "(Alsace)" in i for i in table.issues)


def test_a_blank_line_inside_the_rows_does_not_end_the_table(tmp_path):
    body = (f"Alsace 1{NB}000,00 10,00 20,00 30,00\n\n\n"
            f"Corse 500,00 {NB} 7,00 7,00\n"
            f"France métropolitaine 1{NB}500,00 10,00 27,00 37,00\n\n"
            "Les montants sont notifiés par arrêté.\n")
    (table,) = spaced.find_tables(doc_of(tmp_path, HEADER.format(nb=NB) + body))
    assert [r.label for r in table.rows] == ["Alsace", "Corse", "France métropolitaine"]
    assert check_records(table)["failed"] == 0


def test_cells_are_kept_when_the_header_has_fewer_columns(tmp_path):
    text = ("(Les montants sont en milliers d’euros.)\n\nRÉGIONS montants\n"
            "Alsace 1,00 2,00\nCorse 3,00 4,00\nFrance métropolitaine 4,00 6,00\n")
    (table,) = spaced.find_tables(doc_of(tmp_path, text))
    assert [c.label for c in table.columns] == ["montants", "(column 2: no header found)"]
    assert check_records(table)["reconciled"] == 2
