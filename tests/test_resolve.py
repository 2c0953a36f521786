"""Resolution as pure functions over small hand-made facts (extractors/resolve): rows ↔
regions and establishments, columns ↔ code lists, measures ↔ columns, prose amounts ↔
table totals, former regions ↔ today's."""
from __future__ import annotations

from decimal import Decimal

from extractors.facts import (AmountMention, Cell, Codes, Column, EstablishmentMention, Evidence, MeasureMention,
                              RegionMention, Row, Section, Table)
from extractors.resolve import resolve
from extractors.resolve.amounts import amount_checks, column_sums, grand_totals
from extractors.resolve.codes import column_codes, dataset_envelope
from extractors.resolve.measures import find_measures, measure_columns
from extractors.resolve.regions import mention_regions, region_id, today_id
from extractors.resolve.rows import row_entities


def ev(line: int, text: str = "1", start: int = 0) -> Evidence:
    return Evidence("hand.txt", "0" * 64, 1, line, start, start + len(text), text)


def table() -> Table:
    """Regions × two MIG measures (F21 coded, one by label) and a total column, k€."""
    cols = [Column(0, "Plateformes d'expertise maladies rares", code="F21", nature="MIG MCO", renewal="JPE",
                   role="measure"),
            Column(1, "Assistants spécialistes douleur", nature="AC", renewal="NR", role="measure"),
            Column(2, "Total", is_total=True, role="total")]
    rows = [Row(0, "Alsace", 20), Row(1, "Bretagne", 21), Row(2, "CHU de Rennes", 22, parent="Bretagne"),
            Row(3, "Centre", 23, ambiguous=True, candidates=["Centre", "Corse"]),
            Row(4, "France métropolitaine", 24, is_total=True), Row(5, "France entière", 25, is_total=True)]
    values = [(1000, 500), (2000, 400), (300, 100), (10, 20), (3000, 900), (3010, 920)]
    cells = [Cell(r, c, str(v), Decimal(v), ev(20 + r)) for r, pair in enumerate(values) for c, v in enumerate(pair)]
    return Table("hand/t1", "hand.txt", "Annexe II - Dotations MIGAC", "II", "k€", columns=cols, rows=rows,
                 cells=cells, first_line=19, last_line=25)


def test_rows_name_regions_and_establishments_but_not_ambiguous_rows():
    t = table()
    mention = EstablishmentMention("CHU de Rennes", ev(22, "CHU de Rennes"), name="CHU de Rennes", region="53")
    rows = row_entities(t, [mention])
    assert rows[("hand/t1", 0)].region == "42-2015"                 # Alsace, a former region
    assert rows[("hand/t1", 2)].establishment == "CHU de Rennes"
    assert (rows[("hand/t1", 2)].region, rows[("hand/t1", 2)].establishment_region) == ("53", "53")
    assert ("hand/t1", 3) not in rows                              # ambiguous: its candidates say it
    assert rows[("hand/t1", 5)].region == "FR"


def test_former_regions_map_to_today():
    assert (region_id("Alsace"), today_id("Alsace"), today_id("42")) == ("42-2015", "44", "44")
    assert (region_id("PACA"), today_id("France entière")) == ("93", None)
    found = mention_regions([RegionMention("Limousin", ev(3), code="75", former="74"),
                             RegionMention("Bretagne", ev(4), code="53")])
    assert found == {0: "74-2015", 1: "53"}


def test_columns_take_their_nature_else_the_table_title():
    t = table()
    envelope = dataset_envelope(t)
    codes = column_codes(t, envelope)
    assert envelope == "MIGAC"
    assert codes[("hand/t1", 0)] == Codes("MIG", "MCO", "JPE")
    assert codes[("hand/t1", 1)] == Codes("AC", None, "NR")
    assert codes[("hand/t1", 2)] == Codes("MIGAC", None, None)


def test_grand_totals_prefer_france_entiere():
    assert grand_totals([table()]) == {("hand/t1", 0): (5, Decimal("3010000")), ("hand/t1", 1): (5, Decimal("920000"))}


def test_column_sums_leave_out_total_rows_and_columns():
    """What each column allocates, in euros, outside its total rows (k€ × 1000)."""
    assert column_sums(table()) == {("hand/t1", 0): (4, Decimal("3310000")), ("hand/t1", 1): (4, Decimal("1020000"))}


def test_measures_link_by_code_then_by_label_and_amounts_check_against_totals():
    t = table()
    sections = [Section("heading", "1", "Maladies rares - MIG F21 JPE", 1, 10, 15, None),
                Section("heading", "2", "Assistants spécialistes douleur (AC NR)", 1, 16, 18, None)]
    mentions = [AmountMention("3 M€", ev(12, "3 M€"), value=Decimal("3000000"), currency="EUR",
                              value_eur=Decimal("3000000")),
                AmountMention("0,95 M€", ev(17, "0,95 M€"), value=Decimal("950000"), currency="EUR",
                              value_eur=Decimal("950000")),
                MeasureMention("Assistants spécialistes douleur (AC NR)", ev(16), title="Assistants spécialistes douleur",
                               heading="Assistants spécialistes douleur (AC NR)", envelope="AC", renewal="NR")]
    measures = find_measures(sections, [t], mentions)
    assert [(m.label, m.codes) for m in measures] == [("Maladies rares - MIG F21 JPE", {"F21"}),
                                                      ("Assistants spécialistes douleur (AC NR)", set())]
    links = measure_columns(measures, [t])
    assert [(link.measure.heading_line, link.columns, link.method) for link in links] == [
        (10, [("hand/t1", 0)], "mig_code"), (16, [("hand/t1", 1)], "label")]
    checks = amount_checks(measures, links, [t], mentions, grand_totals([t]))
    # innermost section first. 0,95 M€ is 30 000 € off 920 000 €: a discrepancy (within 10 %);
    # 3 M€ is 3 010 000 € printed to the million
    assert [(c.mention, c.totals, c.stated, c.computed, c.tolerance, c.reconciled) for c in checks] == [
        (1, [("hand/t1", 5, 1)], Decimal("950000"), Decimal("920000"), Decimal("5E+3"), False),
        (0, [("hand/t1", 5, 0)], Decimal("3000000"), Decimal("3010000"), Decimal("5E+5"), True)]


def test_resolve_gathers_every_link_of_a_document():
    class Doc:
        sections = []
    links = resolve(Doc(), [table()], [EstablishmentMention("CHU de Brest", ev(40), name="CHU de Brest", region="53")])
    assert links.datasets == {"hand/t1": "MIGAC"} and len(links.columns) == 3 and len(links.rows) == 5
    assert links.establishments[0].name == "CHU de Brest" and links.establishments[0].region == "53"
