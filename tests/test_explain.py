"""kg/explain.py and `kg explain`: the provenance of an amount, found by IRI or by its
printed text, from the graph alone."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.explain import ExplainError, context_lines, explain, find_amount

CELL = "https://circulaires-kg.example.org/id/dataset/000_e5e150b2e5b19c7b/t1/obs/13-4"


def test_find_a_printed_amount(graph):
    found = find_amount(graph, "5 085,0")
    assert CELL in found and len(found) == 2
    assert find_amount(graph, "5 085,0", "000_e5e") == found
    assert find_amount(graph, "5 085,0", "003_") == []


def test_explain_a_table_cell(graph):
    rec = explain(graph, CELL)
    assert rec["types"] == ["table cell (qb:Observation)"]
    assert (rec["value"], rec["printed"], rec["unit"]) == ("5 085 000 €", "5 085,0", "k€")
    assert (rec["table"], rec["rowLabel"], rec["colLabel"]) == ("Annexe I - MIGAC", "France métropolitaine",
                                                                "Plateformes d'expertise")
    assert rec["annex"].startswith("annexe I")
    assert rec["document"]["name"] == "000_e5e150b2e5b19c7b.txt"
    assert rec["document"]["sha256"].startswith("ac6f5d9b9133b2bf")
    assert (rec["page"], rec["line"], rec["quote"]) == (1, 93, "5 085,0")
    hit = [c for c in rec["context"] if c["hit"]]
    assert [c["match"] for c in hit] == ["5 085,0"] and hit[0]["line"] == 93
    assert rec["activity"]["extractor"] == "extractors.tables"
    assert rec["reconciliation"] and {c["ok"] for c in rec["reconciliation"]} <= {True, False, None}


def test_explain_a_prose_amount_shows_its_check(graph):
    [mention] = graph.query(
        "PREFIX ckg: <https://circulaires-kg.example.org/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#> "
        "SELECT ?m WHERE { ?c ckg:proseAmount ?m . ?m prov:wasDerivedFrom/ckg:line 651 }",
        use_default_graph_as_union=True)
    rec = explain(graph, mention["m"].value)
    assert rec["quote"] == "5,1 M€" and rec["line"] == 651
    assert [c["ok"] for c in rec["reconciliation"]] == [True]
    assert "5 100 000 €" in rec["reconciliation"][0]["summary"] and "5 085 000 €" in rec["reconciliation"][0]["summary"]


def test_unknown_iri_is_a_clear_error(graph):
    with pytest.raises(ExplainError, match="nothing in the store"):
        explain(graph, "https://example.org/none")


def test_context_lines_cut_the_quote_into_source_lines():
    lines = context_lines("abc\nde", "FG", "h\nij", 10, 2)
    assert [(c["line"], c["hit"]) for c in lines] == [(9, False), (10, True), (11, False)]
    assert (lines[1]["before"], lines[1]["match"], lines[1]["after"]) == ("de", "FG", "h")


def test_kg_explain_command(corpus_store):
    r = CliRunner().invoke(cli, ["explain", "--amount", "5 085,0", "--document", "000_e5e150b2e5b19c7b",
                                 "--store", str(corpus_store)])
    assert r.exit_code == 0, r.output
    assert "page 1, line 93" in r.output and "[[5 085,0]]" in r.output and "extractors.tables" in r.output
    r = CliRunner().invoke(cli, ["explain", CELL, "--json", "--store", str(corpus_store)])
    assert json.loads(r.output)["line"] == 93
    r = CliRunner().invoke(cli, ["explain", "--amount", "1 234 567,8", "--store", str(corpus_store)])
    assert r.exit_code == 1 and "no amount printed" in r.output


def test_whole_source_lines_when_the_file_is_unchanged(graph, tmp_path):
    corpus = Path(__file__).resolve().parent.parent / "corpus"
    rec = explain(graph, CELL, [corpus])
    assert rec["context_from"].endswith("000_e5e150b2e5b19c7b.txt")
    assert [c["line"] for c in rec["context"]] == [91, 92, 93, 94, 95]
    [hit] = [c for c in rec["context"] if c["hit"]]
    assert hit["match"] == "5 085,0" and hit["before"] + hit["match"] + hit["after"] == hit["text"]
    assert hit["text"].startswith("<b>France métropolitaine</b>\t<b>7 348 659,7</b>")
    changed = tmp_path / "000_e5e150b2e5b19c7b.txt"
    changed.write_text((corpus / changed.name).read_text(encoding="utf-8") + "\nchanged\n", encoding="utf-8")
    rec = explain(graph, CELL, [tmp_path])          # a different file must not be quoted
    assert rec["context_from"].startswith("graph")
    assert find_amount(graph, "5,1 M€") == find_amount(graph, "5,1 M€", "000_")
    assert len(find_amount(graph, "5,1 M€")) == 1


def test_explain_pages_html_and_json(corpus_store):
    from urllib.parse import quote

    from kg.server import App
    app = App(corpus_store, sources=[Path(__file__).resolve().parent.parent / "corpus"], max_running=1)
    try:
        page = app.handle("GET", "/explain?iri=" + quote(CELL, safe=""))
        assert page.status == 200 and b"<mark>5 085,0</mark>" in page.body
        twin = json.loads(app.handle("GET", "/explain.json?iri=" + quote(CELL, safe="")).body)
        assert twin["results"][0]["line"] == 93
        found = json.loads(app.handle("GET", "/explain.json?amount=" + quote("5 085,0")).body)
        assert [r["line"] for r in found["results"]] == [93, 100]
        assert app.handle("GET", "/explain.json?iri=" + quote("https://example.org/none", safe="")).status == 404
    finally:
        app.close()
