"""Every saved query in queries/ run on the corpus graph, with its exact answer."""
from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from kg.query import QUERIES_DIR, load_query, run, saved_queries, select_records

D = Decimal


def answer(graph, name, **params):
    return select_records(run(graph, load_query(name), params))


def cols(rows, *names):
    return [tuple(r[n] for n in names) for r in rows]


def test_every_saved_query_says_its_question_in_french_and_english():
    qs = saved_queries()
    assert len(qs) >= 12
    assert (QUERIES_DIR / "documents.rq").exists()
    for q in qs:
        assert q.fr and q.en, q.name
        first = q.text.lstrip().splitlines()[:2]
        assert first[0].startswith("# fr:") and first[1].startswith("# en:"), q.name
        assert any(line.startswith(("# param ?", "# params: none")) for line in q.text.splitlines()), q.name


def test_documents(graph):
    rows = answer(graph, "documents")
    assert cols(rows, "file", "circular", "year", "tables", "cells") == [
        ("000_e5e150b2e5b19c7b.txt", "DGOS/FIP1/2024/166", 2024, 6, 1559),
        ("001_18c743be9dc09e1e.txt", None, 2024, 0, 0),
        ("002_9f9b17e8f055c11f.txt", None, 2017, 0, 0),
        ("003_eb69c40a305daa31.txt", "2005-473", 2005, 4, 1445),
        ("004_5a668c0349ee34c2.txt", "2001-465", 2001, 10, 1381),
    ]
    assert all(r["mentions"] > 0 for r in rows)
    assert rows[3]["title"].startswith("Circulaire DHOS/F 2/DSS/1 A no 2005-473 du 18 octobre 2005")


def test_amounts_by_region_for_f21_in_2024(graph):
    rows = answer(graph, "amounts_by_region", code="F21", year="2024")
    assert {r["measureLabel"] for r in rows} == {"Plateformes d'expertise"}
    assert {r["renewal"] for r in rows} == {"JPE"}
    assert cols(rows, "regionLabel", "amount") == [
        ("Île-de-France", D("1469000")), ("Occitanie", D("565000")),
        ("Nouvelle-Aquitaine", D("452000")), ("Provence-Alpes-Côte d'Azur", D("452000")),
        ("Auvergne-Rhône-Alpes", D("339000")), ("Grand Est", D("339000")),
        ("Hauts-de-France", D("339000")), ("Pays de la Loire", D("339000")),
        ("Bourgogne-Franche-Comté", D("226000")), ("Bretagne", D("226000")),
        ("Normandie", D("226000")), ("Centre-Val de Loire", D("113000")),
    ]
    # the regional amounts add up to the printed France métropolitaine total (5 085,0 k€)
    assert sum(r["amount"] for r in rows) == D("5085000")


def test_amounts_by_region_defaults_are_f21_2024(graph):
    assert answer(graph, "amounts_by_region") == answer(graph, "amounts_by_region", code="F21", year="2024")
    assert answer(graph, "amounts_by_region", code="F21", year="2005") == []


def test_measure_history_of_v10(graph):
    rows = answer(graph, "measure_history", code="V10")
    assert cols(rows, "year", "circular", "source", "measureLabel", "envelope", "renewal", "regions", "amount") == [
        (2017, None, "nomenclature (creation year)", "Hyperspécialisation", None, None, 0, None),
        (2024, "DGOS/FIP1/2024/166", "allocation table", "Hyperspécialisation", "MIG", "JPE", 17, D("7991400")),
    ]
    # V10 is defined in two document graphs (2017 nomenclature, 2024 tables): counted once
    assert cols(answer(graph, "measure_history", code="F21"), "year", "regions", "amount") == [(2024, 12, D("5085000"))]


def test_allocations_by_envelope_and_renewal_for_2024(graph):
    rows = answer(graph, "allocations_by_envelope", year="2024")
    assert {r["circular"] for r in rows} == {"DGOS/FIP1/2024/166"}
    got = {(r["envelope"], r["activity"], r["renewal"]): (r["cells"], r["amount"]) for r in rows}
    assert len(got) == 22
    assert got[("AC", "MCO", "NR")] == (146, D("180242300"))
    assert got[("MIG", "MCO", "JPE")] == (214, D("384917300"))
    assert got[("PSY", None, "R")] == (27, D("9223600"))
    assert got[("USLD", "USLD", "R")] == (36, D("101100"))
    assert got[("MIGAC", None, "NR")] == (10, D("-62091100"))


def test_legal_basis_of_measures(graph):
    rows = answer(graph, "legal_basis")
    assert [(r["measureLabel"][:40], r["legalLabel"], r["kind"]) for r in rows] == [
        ("3 Les actes de biologie, les actes d'ana", "CSS L162-1-7", "code_article"),
        ("3 Les actes de biologie, les actes d'ana", "Circulaire n° DGOS/FIP1/2024/95", "circulaire"),
        ("4 Centres nationaux d'appels d'urgence (", "Arrêté du 10 mai 1995", "arrete"),
        ("I Revalorisation de l'indemnité de résid", "CCH D304-1", "code_article"),
        ("II.7 Les missions d'appui conseil dans l", "Circulaire du 13 juillet 2001", "circulaire"),
        # texts known by their name (`loi Elan`, `décret tertiaire`) are nodes of their number
        ("IX Conseillers en transition énergétique", "Décret n° 2019-771", "decret"),
        ("IX Conseillers en transition énergétique", "Loi n° 2018-1021", "loi"),
        ("V Traitements coûteux hors liste en sus ", "Instruction n° DGOS/R4/2020/149", "instruction"),
    ]


def test_most_cited_legal_texts(graph):
    rows = answer(graph, "most_cited_legal_texts")
    assert len(rows) == 125 == len({r["legalText"] for r in rows})    # one row per text: one label each
    assert cols(rows[:3], "label", "kind", "citations", "documents") == [
        ("CSS L162-22-6", "code_article", 7, 4),
        ("CSS L174-1-1", "code_article", 7, 3),
        ("CSS L162-22-13", "code_article", 4, 2),
    ]
    laws = answer(graph, "most_cited_legal_texts", limit_kind="arrete")
    assert laws and {r["kind"] for r in laws} == {"arrete"}
    assert laws[0]["label"] == "Arrêté du 26 février 2001" and laws[0]["citations"] == 4


def test_establishments_named_per_region(graph):
    rows = answer(graph, "establishments_by_region")
    assert Counter(r["regionLabel"] for r in rows) == Counter({
        "Grand Est": 11, "Île-de-France": 10, "Provence-Alpes-Côte d'Azur": 10, "Auvergne-Rhône-Alpes": 10,
        "Nouvelle-Aquitaine": 8, "Hauts-de-France": 8, "(région inconnue)": 8, "Occitanie": 7,
        "Bourgogne-Franche-Comté": 7, "Normandie": 6, "Centre-Val de Loire": 4, "Pays de la Loire": 3,
        "Bretagne": 2, "Mayotte": 1})
    idf = answer(graph, "establishments_by_region", region_name="Île-de-France")
    assert cols(idf, "name", "occurrences") == [
        ("Assistance Publique-Hôpitaux de Paris", 5), ("CASH Nanterre", 2), ("CH d'Aulnay", 2), ("CH de Créteil", 2),
        ("CH de Pontoise", 2), ("Centre René Huguenin", 4), ("Hôpital Necker (AP-HP)", 1), ("Hôpital Tenon (AP-HP)", 2),
        ("Institut Curie", 4), ("Institut Gustave Roussy", 4)]


def test_region_total_per_year_on_todays_regions(graph):
    rows = answer(graph, "region_per_year", region="Hauts-de-France")
    assert cols(rows, "year", "envelope", "rows", "amount") == [
        (2001, "DG", 2, D("3926721000")),          # Nord-Pas-de-Calais + Picardie
        (2005, "DAC", 2, D("2008742350")),
        (2005, "DAF", 2, D("1208680830")),
        (2005, "MIGAC", 2, D("369193600")),      # Picardie's values are ambiguous, its total counts
        (2024, "MIGAC", 1, D("639585100")),
        (2024, "PSY", 1, D("917398000")),
        (2024, "SMR", 1, D("511400000")),
        (2024, "USLD", 1, D("122747600")),
    ]
    assert answer(graph, "region_per_year", region="32") == rows     # by INSEE code too
    bretagne = answer(graph, "region_per_year", region="Bretagne")
    assert cols(bretagne, "year", "envelope", "amount")[:2] == [
        (2001, "DG", D("1128324000")), (2005, "DAC", D("1026221860"))]


def test_prose_amounts_with_their_table_counterpart(graph):
    rows = answer(graph, "prose_vs_table")
    assert len(rows) == 35
    assert {r["document"] for r in rows} == {"000_e5e150b2e5b19c7b.txt"}
    five = [r for r in rows if r["line"] == 651]
    assert cols(five, "proseText", "stated", "computed", "gap", "reconciled") == [
        ("5,1 M€", D("5100000"), D("5085000"), D("15000"), "true")]
    assert all(r["gap"] == r["stated"] - r["computed"] for r in rows)
    assert sorted(r["line"] for r in rows if r["reconciled"] == "false") == [563, 625, 659, 810]


def test_totals_that_do_not_reconcile(graph):
    """The failed ckg:TotalCheck nodes (what `kg check` reports) and the prose amounts off
    their table total."""
    rows = answer(graph, "unreconciled_totals")
    assert Counter((r["document"], r["kind"]) for r in rows) == Counter({
        ("000_e5e150b2e5b19c7b.txt", "table total"): 15, ("004_5a668c0349ee34c2.txt", "table total"): 12,
        ("003_eb69c40a305daa31.txt", "table total"): 15, ("000_e5e150b2e5b19c7b.txt", "prose amount"): 4})
    assert cols(rows[:1], "where", "detail") == [
        ("line 563: 8,5 M€", "stated 8500000 €, tables 8571000 € (gap -71000 €)")]
    assert cols([r for r in rows if r["kind"] == "table total"][:1], "where", "detail") == [
        ("Annexe I - DAF MCO — line 291: Nouvelle-Aquitaine × Total délégations",
         "printed 153.5, sum of parts 154.2 (gap -0.7, tolerance 0.1)")]


def test_provenance_of_one_amount(graph):
    rows = answer(graph, "amount_provenance", printed="5 085,0")
    assert cols(rows, "file", "annex", "table", "row", "column", "page", "line", "quote", "amountEUR", "extractor") == [
        ("000_e5e150b2e5b19c7b.txt", "I", "Annexe I - MIGAC", "France métropolitaine", "Plateformes d'expertise",
         1, 93, "5 085,0", D("5085000"), "extractors.tables"),
        ("000_e5e150b2e5b19c7b.txt", "I", "Annexe I - MIGAC", "Total dotations régionales", "Plateformes d'expertise",
         1, 100, "5 085,0", D("5085000"), "extractors.tables"),
    ]
    assert answer(graph, "amount_provenance", printed="5 085,0", file="003_eb69c40a305daa31.txt") == []


def test_measures_with_no_legal_reference(graph):
    rows = answer(graph, "measures_without_legal_basis")
    assert len(rows) == 37
    assert cols(rows[:1], "measureLabel", "file", "line") == [
        ("III Assistants spécialistes douleur – AC NR", "000_e5e150b2e5b19c7b.txt", 575)]
    cited = {r["measure"] for r in answer(graph, "legal_basis")}
    assert cited.isdisjoint(r["measure"] for r in rows)


def test_tidy_allocations_one_row_per_cell(graph):
    rows = answer(graph, "allocations", table="")              # every table
    cells = sum(r["cells"] for r in answer(graph, "documents"))
    # every numeric cell: 4 326 amounts and the 59 headcounts of 003 annex IV (unit `nombre`)
    assert len({r["observation"] for r in rows}) == cells == 4385
    assert sum(1 for r in rows if r["unit"] == "nombre" and r["amountEUR"] is None) == 59
    first = rows[0]
    assert (first["file"], first["line"], first["row"], first["column"], first["printed"], first["amountEUR"]) == \
        ("000_e5e150b2e5b19c7b.txt", 80, "Auvergne-Rhône-Alpes", "Bases 2024", "858 654,8", D("858654800"))


def test_allocations_of_one_table_by_default_and_on_request(graph):
    rows = answer(graph, "allocations")                         # the default written in the query: one table
    assert len(rows) == 90 and {r["table"] for r in rows} == {"000_e5e150b2e5b19c7b/t2"}
    first = rows[0]
    assert (first["line"], first["row"], first["column"], first["printed"], first["amountEUR"], first["year"],
            first["todayRegion"], first["envelope"], first["code"]) == \
        (258, "Auvergne-Rhône-Alpes", "BASE 2024", "11 327,4", D("11327400"), 2024,
         "Auvergne-Rhône-Alpes", "DAF", None)
    everything = answer(graph, "allocations", table="")
    assert [r for r in everything if r["table"] == "000_e5e150b2e5b19c7b/t6"] == \
        answer(graph, "allocations", table="000_E5E150B2E5B19C7B/T6")
    assert len(answer(graph, "allocations", table="000_e5e150b2e5b19c7b/t6")) == 46


def test_measure_graph_is_a_construct_of_measures(graph):
    import pyoxigraph as ox
    triples = list(run(graph, load_query("measure_graph")))
    measures = {t.subject for t in triples if t.predicate.value.endswith("#type") and t.object.value.endswith("#Measure")}
    assert len(measures) == len(list(graph.query(
        "SELECT DISTINCT ?m WHERE { ?m a <https://circulaires-kg.example.org/ontology#Measure> }",
        use_default_graph_as_union=True)))
    assert any(t.predicate == ox.NamedNode("http://data.europa.eu/eli/ontology#cites") for t in triples)


@pytest.mark.parametrize("q", [q.name for q in saved_queries()])
def test_every_saved_query_runs_with_its_defaults(graph, q):
    run(graph, load_query(q))
