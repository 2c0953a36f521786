"""The builder: facts made by hand become the expected quads (values, units, ambiguity,
provenance), a document's graph is named after its file and replaced alone, and the
corpus graph holds one observation per numeric cell the extractors read."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from extractors.document import Document, Line, Page
from extractors import __version__
from extractors.extract import assemble, extract
from extractors.facts import Cell, Column, Evidence, LegalReference, Row, Table
from extractors.numbers import UNITS
from extractors.tables import extract_tables
from kg.build import DEFAULT_BASE, document_graph, ontology_graph
from kg.cli import cli
from kg.store import open_store, refresh_reference, replace_document, replace_graph, split

TEXT = """Circulaire n° 2001-999 du 1er mars 2001 relative à la campagne budgétaire pour 2001
I. Les mesures nouvelles
Le financement repose sur l'article L. 162-22-13 du code de la sécurité sociale.
Région\tMesure F21\tTotal
Alsace\t1 000\t1 000
Lorraine\t500\t500
\t250\t250
France entière\t1 750\t1 750
"""


def make_doc(text: str, name: str = "hand.txt") -> Document:
    lines, pos = [], 0
    for n, t in enumerate(text.split("\n")[:-1], start=1):
        lines.append(Line(n, 1, pos, pos + len(t), t))
        pos += len(t) + 1
    return Document(name, name, "ab" * 32, "text", text, [Page(1, lines)])


def make_table(doc: Document) -> Table:
    """The table of TEXT as an extractor would give it: the 3rd row is unlabelled and
    could be Bretagne or Centre (an ambiguous row with its candidates)."""
    cols = [Column(0, "Mesure F21", code="F21", nature="MIG MCO", renewal="JPE", role="measure"),
            Column(1, "Total", is_total=True, role="total")]
    rows = [Row(0, "Alsace", 5, printed_label="Alsace"), Row(1, "Lorraine", 6, printed_label="Lorraine"),
            Row(2, "Bretagne", 7, ambiguous=True, candidates=["Bretagne", "Centre"]),
            Row(3, "France entière", 8, is_total=True, printed_label="France entière")]
    cells = []
    for row in rows:
        line = doc.line(row.line)
        parts = line.text.split("\t")[1:]
        at = line.start + len(line.text.split("\t")[0]) + 1
        for j, text in enumerate(parts):
            cells.append(Cell(row.index, j, text, Decimal(text.replace(" ", "")), Evidence.of(doc, at, at + len(text))))
            at += len(text) + 1
    return Table(doc.name.rsplit(".", 1)[0] + "/t1", doc.name, "Annexe I - MIGAC", "I", "kF", columns=cols, rows=rows, cells=cells,
                 first_line=4, last_line=8)


@pytest.fixture(scope="module")
def hand():
    doc = make_doc(TEXT)
    start = TEXT.index("L. 162-22-13")
    legal = LegalReference("L. 162-22-13", Evidence.of(doc, start, start + len("L. 162-22-13")),
                           section_line=2, kind="code_article", code="CSS", article="L162-22-13")
    graph, quads = document_graph(assemble(doc, [make_table(doc)], [legal]))
    store = ox.Store()
    store.extend(quads)
    return graph, quads, store


def ask_rows(store, query):
    from kg.vocab import PREFIXES
    head = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())
    result = store.query(head + query, use_default_graph_as_union=True)
    return [tuple(None if row[v.value] is None else row[v.value].value for v in result.variables) for row in result]


def test_graph_is_named_after_the_file_name(hand):
    graph, quads, _ = hand
    assert graph.value == DEFAULT_BASE + "graph/hand.txt"
    reference = ox.NamedNode(DEFAULT_BASE + "reference")
    assert {q.graph_name for q in quads} == {graph, reference}
    # shared terms (the code article, the MIG code, the numbered circular) are described in
    # the reference graph; the document's own resources in its graph
    shared = {q.subject.value for q in quads if q.graph_name == reference}
    assert shared == {DEFAULT_BASE + "legal/code/css/L162-22-13", DEFAULT_BASE + "legal/code/css",
                      "https://circulaires-kg.example.org/code/mig/F21", DEFAULT_BASE + "legal/circulaire/2001-999",
                      DEFAULT_BASE + "legal/circulaire/2001-999/annex/I",
                      DEFAULT_BASE + "agent/circulaires-kg/" + __version__}
    own = tuple(DEFAULT_BASE + k + "/hand" for k in ("doc", "dataset", "span", "mention", "check", "activity"))
    assert all(q.subject.value.startswith(own) for q in quads if q.graph_name == graph)
    assert quads == sorted(quads, key=str)


def test_each_numeric_cell_is_one_observation_in_euros(hand):
    _, _, store = hand
    rows = ask_rows(store, """SELECT ?label ?printed ?unit ?currency ?inUnit ?eur ?total WHERE {
        ?o a qb:Observation ; ckg:row/rdfs:label ?label ; ckg:printedValue ?printed ; ckg:unit ?unit ;
           ckg:currency ?currency ; ckg:valueInUnit ?inUnit ; ckg:amountEUR ?eur ; ckg:isTotal ?total ;
           ckg:column/ckg:columnIndex 0 } ORDER BY ?eur""")
    assert rows == [
        ("Bretagne", "250", "kF", "FRF", "250", "38112.25", "false"),
        ("Lorraine", "500", "kF", "FRF", "500", "76224.51", "false"),
        ("Alsace", "1 000", "kF", "FRF", "1000", "152449.02", "false"),
        ("France entière", "1 750", "kF", "FRF", "1750", "266785.78", "true"),
    ]
    assert UNITS["kF"].to_eur(Decimal(1000)) == Decimal("152449.02")
    assert len(ask_rows(store, "SELECT ?o WHERE { ?o a qb:Observation }")) == 8


def test_column_codes_become_concepts(hand):
    _, _, store = hand
    rows = ask_rows(store, """SELECT ?code ?env ?act ?ren WHERE { ?o ckg:row/rdfs:label "Alsace" ;
        ckg:column/ckg:columnIndex 0 ; ckg:migCode/skos:notation ?code ; ckg:envelope ?env ;
        ckg:activityField ?act ; ckg:renewal ?ren }""")
    code = "https://circulaires-kg.example.org/code/"
    assert rows == [("F21", code + "envelope/MIG", code + "activity/MCO", code + "renewal/JPE")]


def test_an_ambiguous_row_keeps_one_observation_and_its_candidates(hand):
    _, _, store = hand
    rows = ask_rows(store, """SELECT ?amb ?cand ?region WHERE { ?row ckg:ambiguous ?amb ; ckg:candidate ?cand .
        ?o ckg:row ?row ; ckg:column/ckg:columnIndex 0 . OPTIONAL { ?o ckg:region ?region } } ORDER BY ?cand""")
    assert rows == [("true", "Bretagne", None), ("true", "Centre", None)]


def test_every_observation_has_its_source_span_and_activity(hand):
    _, _, store = hand
    rows = ask_rows(store, """SELECT ?line ?page ?start ?end ?exact ?prefix ?extractor ?version WHERE {
        ?o ckg:row/rdfs:label "Alsace" ; ckg:column/ckg:columnIndex 0 ;
           prov:wasDerivedFrom ?span ; prov:wasGeneratedBy ?act .
        ?span oa:hasSource ?doc ; ckg:line ?line ; ckg:page ?page ;
              oa:hasSelector [ a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end ] ,
                             [ a oa:TextQuoteSelector ; oa:exact ?exact ; oa:prefix ?prefix ] .
        ?doc ckg:sha256 ?sha .
        ?act ckg:extractor ?extractor ; prov:wasAssociatedWith/schema:softwareVersion ?version }""")
    start = TEXT.index("Alsace\t") + len("Alsace\t")
    from extractors import __version__
    assert rows == [("5", "1", str(start), str(start + 5), "1 000", TEXT[start - 40:start], "extractors.tables",
                     __version__)]
    assert not ask_rows(store, """SELECT ?o WHERE { { ?o a qb:Observation } UNION { ?o a ckg:Mention }
        FILTER NOT EXISTS { ?o prov:wasDerivedFrom ?s ; prov:wasGeneratedBy ?a } }""")


def test_circular_and_its_citing_section(hand):
    _, _, store = hand
    rows = ask_rows(store, """SELECT ?c ?num ?date ?year ?section WHERE {
        ?c a ckg:Circular ; eli:id_local ?num ; eli:date_document ?date ; ckg:campaignYear ?year .
        ?section eli:is_part_of ?c ; eli:cites ?law . ?law ckg:legalCode "CSS" ; eli:id_local "L162-22-13" .
        ?c eli:cites ?law }""")
    assert rows == [(DEFAULT_BASE + "legal/circulaire/2001-999", "2001-999", "2001-03-01", "2001",
                     DEFAULT_BASE + "doc/hand/section/2")]


def test_rebuilding_a_document_replaces_only_its_graph(tmp_path):
    store = open_store(tmp_path / "s")
    reference = DEFAULT_BASE + "reference"

    def put(doc):
        graph, quads = document_graph(assemble(doc, [make_table(doc)], []))
        replace_document(store, tmp_path / "s", graph, *split(graph, quads), reference)
        return graph, quads
    for name in ("a.txt", "b.txt"):
        put(make_doc(TEXT, name))
    before_b = {q for q in store if q.graph_name.value.endswith("/b.txt")}
    graph, quads = put(make_doc(TEXT.replace("1 000\t1 000", "1 001\t1 001"), "a.txt"))
    assert {q for q in store if q.graph_name == graph} == {q for q in quads if q.graph_name == graph}
    assert {q for q in store if q.graph_name.value.endswith("/b.txt")} == before_b
    printed = {q.object.value for q in store.quads_for_pattern(None, ox.NamedNode(
        "https://circulaires-kg.example.org/ontology#printedValue"), None, graph)}
    assert "1 001" in printed and "1 000" not in printed
    # what both documents state of shared terms is described once, in the reference graph
    n = refresh_reference(store, tmp_path / "s")
    in_reference = [q.triple for q in store.quads_for_pattern(None, None, None, ox.NamedNode(reference))]
    assert len(in_reference) == len(set(in_reference)) == n
    assert {q.triple for q in quads if q.graph_name != graph} <= set(in_reference)
    assert sum(1 for t in in_reference if t.predicate.value.endswith("#sourceDocument")) == 2   # a and b


def test_ontology_graph_holds_the_reference_data():
    graph, quads = ontology_graph()
    assert graph.value == "https://circulaires-kg.example.org/ontology"
    subjects = {q.subject.value for q in quads}
    assert "https://circulaires-kg.example.org/code/region/42-2015" in subjects


def test_corpus_observations_are_the_numeric_cells(corpus_docs, sparql):
    """Per document: one observation per numeric cell, an amount of a column with a unit
    or a quantity (count, percentage)."""
    for name, doc in corpus_docs.items():
        expected = sum(1 for t in extract_tables(doc) if t.kind == "amounts"
                       for c in t.cells if c.value is not None
                       and (t.columns[c.column].role in ("count", "percent")
                            or t.columns[c.column].is_amount and t.unit_of(t.columns[c.column]) in UNITS))
        got = sparql(f"""SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{ GRAPH <{DEFAULT_BASE}graph/{name}> {{
            ?o a qb:Observation }} }}""")[0][0]
        assert got == expected, name


def test_mig_code_list_from_the_corpus(sparql):
    """The 2017 nomenclature table gives the V codes their labels and years; the 2024
    tables name the codes of their columns."""
    assert sparql("""SELECT DISTINCT ?label ?year ?line WHERE { mig:V01 skos:prefLabel ?label ;
        ckg:creationYear ?year ; prov:wasDerivedFrom/ckg:line ?line }""") == [
        ("Scolarisation des enfants hospitalisés en soins de suite et de réadaptation", "2016", 1080)]
    codes = [c for (c,) in sparql("""SELECT DISTINCT ?n WHERE { ?c skos:inScheme code:mig ; skos:notation ?n ;
        skos:prefLabel ?l } ORDER BY ?n""")]
    assert codes == [f"V{i:02d}" for i in range(1, 16)]
    assert sparql("SELECT DISTINCT ?l WHERE { mig:F21 skos:altLabel ?l }") == [("Plateformes d'expertise",)]


def test_corpus_validates_against_the_shapes(corpus_store):
    r = CliRunner().invoke(cli, ["validate", "--store", str(corpus_store)])
    assert r.exit_code == 0, r.output
    assert "conforms" in r.output


def test_export_nquads_writes_the_whole_store(corpus_store, graph, tmp_path):
    out = tmp_path / "all.nq"
    r = CliRunner().invoke(cli, ["export", "--format", "nquads", "-o", str(out), "--store", str(corpus_store)])
    assert r.exit_code == 0, r.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(graph) and lines == sorted(lines)
    graphs = {line.rsplit(" ", 2)[-2] for line in lines}
    assert f"<{DEFAULT_BASE}graph/004_5a668c0349ee34c2.txt>" in graphs
    ttl = tmp_path / "all.ttl"
    r = CliRunner().invoke(cli, ["export", "--format", "turtle", "-o", str(ttl), "--store", str(corpus_store)])
    assert r.exit_code == 0, r.output
    triples = list(ox.parse(ttl.read_bytes(), format=ox.RdfFormat.TURTLE))
    assert len(triples) == len({(q.subject, q.predicate, q.object) for q in graph})
    r = CliRunner().invoke(cli, ["export", "--format", "nope", "-o", str(out), "--store", str(corpus_store)])
    assert r.exit_code == 2 and "nquads" in r.output


def test_a_failing_extractor_does_not_stop_the_other_documents(tmp_path, monkeypatch):
    import extractors.extract
    import kg.corpus
    real = extractors.extract.extract_circular

    def broken(doc):
        if doc.name.startswith("001"):
            raise RuntimeError("boom")
        return real(doc)
    monkeypatch.setattr(extractors.extract, "extract_circular", broken)
    # keep this test light: no prose
    monkeypatch.setattr(kg.corpus, "extract", lambda doc, timings=None: extractors.extract.assemble(
        doc, *extractors.extract.table_facts(doc)[:1], []))
    src = tmp_path / "in"
    src.mkdir()
    corpus = Path(__file__).resolve().parent.parent / "corpus"
    for name in ("001_18c743be9dc09e1e.txt", "002_9f9b17e8f055c11f.txt"):
        (src / name).write_bytes((corpus / name).read_bytes())
    r = CliRunner().invoke(cli, ["build", str(src), "--store", str(tmp_path / "s"), "--workers", "1"])
    assert r.exit_code == 1
    assert "001_18c743be9dc09e1e.txt: extraction failed (RuntimeError: boom)" in r.output
    assert "002_9f9b17e8f055c11f.txt:" in r.output and "quads in" in r.output


def test_a_bad_base_is_refused():
    r = CliRunner().invoke(cli, ["build", "corpus", "--base", "not an iri"])
    assert r.exit_code == 2 and "base IRI" in r.output


def test_validate_exits_non_zero_on_a_violation(tmp_path):
    store = open_store(tmp_path / "bad")
    replace_graph(store, *ontology_graph())
    obs = ox.NamedNode("https://example.org/obs")
    store.add(ox.Quad(obs, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                      ox.NamedNode("http://purl.org/linked-data/cube#Observation"), ox.NamedNode("https://example.org/g")))
    store.flush()
    del store
    r = CliRunner().invoke(cli, ["validate", "--store", str(tmp_path / "bad")])
    assert r.exit_code == 1
    assert "https://example.org/obs" in r.output and "violations" in r.output


def test_a_pdf_span_keeps_its_page_box():
    """A cell read from a PDF carries its box: an RFC 3778 fragment `page=…&viewrect=…`."""
    doc = make_doc(TEXT, "boxed.txt")
    table = make_table(doc)
    ev = table.cells[0].evidence
    table.cells[0].evidence = Evidence(ev.document, ev.sha256, 2, ev.line, ev.start, ev.end, ev.quote,
                                       (100.0, 200.5, 130.25, 210.0))
    _, quads = document_graph(assemble(doc, [table], []))
    store = ox.Store()
    store.extend(quads)
    rows = ask_rows(store, """SELECT ?page ?value ?std WHERE { ?o ckg:row/rdfs:label "Alsace" ;
        ckg:column/ckg:columnIndex 0 ; prov:wasDerivedFrom ?span . ?span ckg:page ?page ;
        oa:hasSelector [ a oa:FragmentSelector ; rdf:value ?value ; dct:conformsTo ?std ] }""")
    assert rows == [("2", "page=2&viewrect=100.00,200.50,30.25,9.50", "http://tools.ietf.org/rfc/rfc3778")]


def test_a_circular_is_the_node_its_citations_name():
    """Its kind is spelt as the prose extractor spells the texts it cites."""
    from extractors.circular import text_kind
    assert text_kind("NOTE D'INFORMATION N° DGOS/PF1/2020/5 du 6 janvier 2020") == "note_information"
    assert text_kind("CIRCULAIRE N° DGOS/FIP1/2024/166 du 18 novembre 2024") == "circulaire"
    assert text_kind(None) == "circulaire"


def test_a_pdf_circular_builds_with_page_boxes_and_validates(tmp_path):
    """A PDF made here: its circular, its table cells as observations whose spans carry
    their page box, and a graph that meets the shapes."""
    import sys
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from pdf_factory import new_pdf, save, write_lines, write_table

    from extractors.readers import read_document
    from kg.validate import validate_store
    pdf = new_pdf()
    pdf.add_page()
    write_lines(pdf, ["Circulaire n° DGOS/R1/2019/12 du 3 mars 2019 relative à la campagne tarifaire 2019",
                      "NOR : SSAH1906512C", "Les montants sont en milliers d'euros"])
    write_table(pdf, [["Région", "Mesure", "Total"], ["Bretagne", "1 000,0", "1 000,0"],
                      ["Corse", "250,5", "250,5"], ["France entière", "1 250,5", "1 250,5"]], y=140)
    doc = read_document(save(pdf, tmp_path / "circ.pdf"))
    store = ox.Store()
    store.extend(ontology_graph()[1])
    store.extend(document_graph(extract(doc))[1])
    rows = ask_rows(store, """SELECT ?num ?nor ?eur ?box WHERE { ?c a ckg:Circular ; eli:id_local ?num ; ckg:nor ?nor .
        ?o ckg:region reg:94 ; ckg:amountEUR ?eur ; prov:wasDerivedFrom/oa:hasSelector ?sel .
        ?sel a oa:FragmentSelector ; rdf:value ?box } ORDER BY ?eur""")
    assert [r[:3] for r in rows] == [("DGOS/R1/2019/12", "SSAH1906512C", "250500")] * 2
    assert all(r[3].startswith("page=1&viewrect=") for r in rows)
    assert validate_store(store).conforms


def test_total_rows_are_not_establishments(sparql):
    assert not sparql("ASK { ?row a ckg:TableRow ; ckg:isTotal true ; ckg:establishment ?e }")
    # the 2005 radiophysicist rows are establishments, the label wrapped above its values included
    names = sparql("SELECT DISTINCT ?name WHERE { ?row a ckg:TableRow ; ckg:establishment ?e . "
                   "?e schema:name ?name } ORDER BY ?name")
    assert ("CH de Créteil",) in names and ("Total",) not in names


def test_failed_total_checks_in_the_graph_are_what_kg_check_reports(sparql, corpus_build):
    """One ckg:TotalCheck per printed total checked; the graph and `kg check` agree."""
    import json
    corpus = Path(__file__).resolve().parent.parent / "corpus"
    r = CliRunner().invoke(cli, ["check", *sorted(str(p) for p in corpus.glob("*.txt")), "--json"])
    records = [json.loads(line) for line in r.output.splitlines()]
    checked, failed = sum(x["checked"] for x in records), sum(x["failed"] for x in records)
    assert (checked, failed) == (1399, 42)
    assert sparql("SELECT (COUNT(*) AS ?n) WHERE { ?c a ckg:TotalCheck }") == [(checked,)]
    assert sparql("SELECT (COUNT(*) AS ?n) WHERE { ?c a ckg:TotalCheck ; ckg:reconciled false }") == [(failed,)]


def test_a_total_check_node_holds_both_numbers_and_its_cells(sparql):
    rows = sparql("""SELECT ?label ?kind ?stated ?computed ?tol ?amb (COUNT(?part) AS ?parts) ?printed WHERE {
        ?c a ckg:TotalCheck ; rdfs:label ?label ; ckg:checkKind ?kind ; ckg:stated ?stated ; ckg:computed ?computed ;
           ckg:tolerance ?tol ; ckg:ambiguous ?amb ; ckg:reconciled false ; ckg:addend ?part ;
           ckg:checkedTotal/ckg:printedValue ?printed ; prov:wasDerivedFrom/ckg:line 320 .
        FILTER (?label = "France métropolitaine × Bases dotation recherche psychiatrie") }
        GROUP BY ?label ?kind ?stated ?computed ?tol ?amb ?printed""")
    assert rows == [("France métropolitaine × Bases dotation recherche psychiatrie", "column", Decimal("10299.1"),
                     Decimal("5550.9"), Decimal("0.6"), False, 12, "10 299,1")]
