"""kg/server.py: the SPARQL 1.1 Protocol endpoint and the pages, through App.handle
(no socket), through `kg serve --get`, and through a real socket with urllib."""
from __future__ import annotations

import csv
import io
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.query import load_query, run, saved_queries, select_records
from kg.server import App, make_server

COUNT_DOCS = ("PREFIX ckg: <https://circulaires-kg.example.org/ontology#> "
              "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a ckg:SourceDocument }")


@pytest.fixture(scope="module")
def store(graph):
    return graph


@pytest.fixture(scope="module")
def app(corpus_store):
    app = App(corpus_store, timeout=10)
    yield app
    app.close()


def get(app, path, accept=None):
    return app.handle("GET", path, {"Accept": accept} if accept else {})


def q(text, **extra):
    return "/sparql?" + urllib.parse.urlencode({"query": text, **extra})


def test_select_in_every_results_format(app):
    js = get(app, q(COUNT_DOCS), "application/sparql-results+json")
    assert js.status == 200 and js.content_type.startswith("application/sparql-results+json")
    assert json.loads(js.body)["results"]["bindings"][0]["n"]["value"] == "5"
    xml = get(app, q(COUNT_DOCS), "application/sparql-results+xml")
    assert xml.content_type.startswith("application/sparql-results+xml")
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert ET.fromstring(xml.body).find(".//r:binding[@name='n']/r:literal", ns).text == "5"
    assert get(app, q(COUNT_DOCS), "text/csv").body == b"n\r\n5\r\n"
    assert get(app, q(COUNT_DOCS), "text/tab-separated-values").body == \
        b'?n\n"5"^^<http://www.w3.org/2001/XMLSchema#integer>\n'


def test_accept_q_values_and_format_override(app):
    r = get(app, q(COUNT_DOCS), "application/sparql-results+json;q=0.5, text/csv;q=0.9")
    assert r.content_type.startswith("text/csv")
    r = get(app, q(COUNT_DOCS, format="tsv"), "application/sparql-results+json")
    assert r.content_type.startswith("text/tab-separated-values")
    assert get(app, q(COUNT_DOCS)).content_type.startswith("application/sparql-results+json")
    assert get(app, q(COUNT_DOCS), "image/png").status == 406


def test_post_forms_and_ask_and_construct(app):
    body = urllib.parse.urlencode({"query": COUNT_DOCS}).encode()
    r = app.handle("POST", "/sparql", {"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/csv"}, body)
    assert r.body == b"n\r\n5\r\n"
    r = app.handle("POST", "/sparql", {"Content-Type": "application/sparql-query", "Accept": "text/csv"},
                   COUNT_DOCS.encode())
    assert r.body == b"n\r\n5\r\n"
    ask = get(app, q("ASK { ?s ?p ?o }"))
    assert json.loads(ask.body) == {"head": {}, "boolean": True}
    construct = get(app, q("PREFIX ckg: <https://circulaires-kg.example.org/ontology#> "
                           "CONSTRUCT { ?d a ckg:SourceDocument } WHERE { ?d a ckg:SourceDocument }"),
                    "application/n-triples")
    assert construct.content_type.startswith("application/n-triples")
    assert len(construct.body.decode().strip().splitlines()) == 5
    turtle = get(app, q("CONSTRUCT { ?d a ?t } WHERE { ?d a ?t } LIMIT 1"))
    assert turtle.status == 200 and turtle.content_type.startswith("text/turtle")
    assert get(app, q("CONSTRUCT { ?d a ?t } WHERE { ?d a ?t } LIMIT 1", format="csv")).status == 406


def test_updates_are_refused(app, store):
    before = len(store)
    assert get(app, "/sparql?" + urllib.parse.urlencode({"update": "CLEAR ALL"})).status == 403
    assert get(app, q("PREFIX x: <http://x/> INSERT DATA { x:a x:b x:c }")).status == 403
    r = app.handle("POST", "/sparql", {"Content-Type": "application/sparql-update"}, b"CLEAR ALL")
    assert r.status == 403
    r = app.handle("POST", "/sparql", {"Content-Type": "application/x-www-form-urlencoded"},
                   b"update=DROP%20ALL")
    assert r.status == 403
    assert len(store) == before


def test_errors_are_json_with_a_status(app):
    bad = get(app, q("SELECT WHERE {"))
    assert bad.status == 400 and "syntax" in json.loads(bad.body)["error"].lower()
    assert get(app, "/sparql").status == 400
    assert get(app, "/nowhere").status == 404
    assert app.handle("DELETE", "/sparql").status == 405


def test_a_query_past_its_timeout_is_answered_503(corpus_store):
    slow = App(corpus_store, timeout=0.2, max_running=1)
    try:
        r = get(slow, q("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"))
        assert r.status == 503 and "timed out" in json.loads(r.body)["error"]
    finally:
        slow.close()


def test_every_html_page_has_a_json_twin(app):
    pages = ["/", "/queries", "/queries/documents"]
    for page in pages:
        html = get(app, page)
        assert html.status == 200 and html.content_type.startswith("text/html")
        twin = "/index.json" if page == "/" else page + ".json"
        assert f'href="{twin}"'.encode() in html.body
        assert get(app, twin).status == 200 and get(app, twin).content_type.startswith("application/json")


def test_index_json_lists_every_saved_query(app):
    doc = json.loads(get(app, "/index.json").body)
    assert doc["endpoint"] == "/sparql"
    assert [x["name"] for x in doc["queries"]] == [s.name for s in saved_queries()]
    assert all(x["en"] and x["fr"] for x in doc["queries"])


def test_saved_query_json_twin_equals_kg_query(app, store):
    doc = json.loads(get(app, "/queries/documents.json").body)
    direct = select_records(run(store, load_query("documents")))
    assert [{k: v["value"] for k, v in b.items()} for b in doc["results"]["bindings"]] == \
        [{k: str(v) for k, v in r.items() if v is not None} for r in direct]


def test_serve_get_answers_one_request_without_a_socket(corpus_store):
    r = CliRunner().invoke(cli, ["serve", "--store", str(corpus_store), "--get",
                                 q(COUNT_DOCS, format="csv")])
    assert r.exit_code == 0 and r.stdout_bytes == b"n\r\n5\r\n"
    r = CliRunner().invoke(cli, ["serve", "--store", str(corpus_store), "--get", "/nowhere"])
    assert r.exit_code == 1 and json.loads(r.output)["status"] == 404


@pytest.fixture(scope="module")
def live(app):
    server = make_server(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_protocol_over_a_real_socket(live):
    assert live.startswith("http://127.0.0.1:")
    req = urllib.request.Request(live + q(COUNT_DOCS), headers={"Accept": "text/csv"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        assert resp.status == 200 and resp.read() == b"n\r\n5\r\n"
    req = urllib.request.Request(live + "/sparql", data=COUNT_DOCS.encode(), method="POST",
                                 headers={"Content-Type": "application/sparql-query",
                                          "Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        assert json.load(resp)["results"]["bindings"][0]["n"]["value"] == "5"
    req = urllib.request.Request(live + "/sparql", data=b"CLEAR ALL", method="POST",
                                 headers={"Content-Type": "application/sparql-update"})
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req, timeout=10)
    assert err.value.code == 403


def test_csv_results_quote_commas_and_quotes(app):
    r = get(app, q('SELECT ?s WHERE { VALUES ?s { "a, \\"b\\"" } }'), "text/csv")
    assert list(csv.reader(io.StringIO(r.body.decode()))) == [["s"], ['a, "b"']]


def test_declared_parameters_over_the_protocol(app, graph):
    text = load_query("measure_history").text
    by_default = json.loads(get(app, q(text)).body)["results"]["bindings"]
    v10 = select_records(run(graph, load_query("measure_history"), {"code": "V10"}))
    assert [b["measureLabel"]["value"] for b in by_default] == [r["measureLabel"] for r in v10]
    f21 = json.loads(get(app, q(text, **{"param.code": "F21"})).body)["results"]["bindings"]
    assert {b["measureLabel"]["value"] for b in f21} == {"Plateformes d'expertise"}
    assert get(app, q(text, **{"param.colour": "red"})).status == 400
