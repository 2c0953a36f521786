"""kg/query.py and `kg query`: the comment header, parameter binding, update refusal,
result formats, on the corpus graph."""
from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.query import (QueryError, bind_text, format_results, is_update, load_query, parse_params, parse_query,
                      run, short, WELL_KNOWN)

HEADER = '''# fr: Combien ?
# en: How much?
# param ?code (string, default "F21"): the code
# param ?year (year): the year
PREFIX ckg: <https://circulaires-kg.example.org/ontology#>
SELECT ?x WHERE { ?x ckg:p ?code }
'''


def test_header_declares_questions_and_parameters():
    q = parse_query(HEADER, name="h")
    assert (q.fr, q.en) == ("Combien ?", "How much?")
    assert [(p.name, p.type, p.default) for p in q.params] == [("code", "string", "F21"), ("year", "year", None)]
    with pytest.raises(QueryError, match="unknown type"):
        parse_query("# param ?x (colour): no\nSELECT * {}")


def test_parameters_are_bound_by_values_in_the_where_group():
    text = 'PREFIX a: <http://x/o#>  # WHERE { in a comment\nSELECT ?x WHERE { ?x a:p "WHERE {" }'
    bound = bind_text(text, {ox.Variable("y"): ox.Literal("F21")})
    assert bound.endswith('SELECT ?x WHERE { VALUES ?y { "F21" } ?x a:p "WHERE {" }')
    assert parse_params(["code=V10", "?year=2024"]) == {"code": "V10", "year": "2024"}
    with pytest.raises(QueryError, match="name=value"):
        parse_params(["code"])


def test_unknown_and_bad_parameters_are_refused(graph):
    q = load_query("amounts_by_region")
    with pytest.raises(QueryError, match="unknown parameter colour"):
        run(graph, q, {"colour": "red"})
    with pytest.raises(QueryError, match="not a valid year"):
        run(graph, q, {"year": "deux mille"})


def test_updates_are_refused_before_reaching_the_store(graph):
    assert is_update("PREFIX x: <http://x/>\n# comment\nINSERT DATA { x:a x:b x:c }")
    assert is_update("DROP ALL")
    assert not is_update("# DELETE in a comment\nSELECT * WHERE { ?s ?p ?o } LIMIT 1")
    with pytest.raises(QueryError, match="read-only"):
        run(graph, "CLEAR ALL")


def test_formats_on_a_real_answer(graph):
    q = load_query("amounts_by_region")
    table = format_results(run(graph, q), "table", numbers="fr")
    lines = table.splitlines()
    assert lines[0].split()[:2] == ["region", "regionLabel"]
    assert "Île-de-France" in lines[2] and lines[2].rstrip().endswith("1 469 000")
    assert lines[-1] == "(12 rows)"
    # aligned: every data line as wide as the header separator line (numbers right-aligned)
    assert len({len(l) for l in lines[1:-1]}) == 1
    rows = list(csv.reader(io.StringIO(format_results(run(graph, q), "csv"))))
    assert rows[0] == ["region", "regionLabel", "year", "measureLabel", "renewal", "amount"]
    assert rows[1][1:] == ["Île-de-France", "2024", "Plateformes d'expertise", "JPE", "1469000"]
    tsv = format_results(run(graph, q), "tsv").splitlines()
    assert tsv[1].split("\t")[1] == "Île-de-France"
    doc = json.loads(format_results(run(graph, q), "json"))
    assert doc["results"]["bindings"][0]["amount"] == {
        "type": "literal", "value": "1469000", "datatype": "http://www.w3.org/2001/XMLSchema#decimal"}
    assert format_results(run(graph, "ASK { ?s ?p ?o }"), "table") == "true\n"
    titles = format_results(run(graph, load_query("documents")), "table", max_width=20).splitlines()
    assert titles[2].split("  ")[0] == "000_e5e150b2e5b19c7…" and max(len(c) for c in titles[2].split("  ")) <= 20


def test_short_names_use_the_query_prefixes():
    assert short(ox.NamedNode("https://circulaires-kg.example.org/ontology#Measure"), WELL_KNOWN) == "ckg:Measure"
    assert short(ox.NamedNode("http://elsewhere.org/a/b"), WELL_KNOWN) == "<http://elsewhere.org/a/b>"


def test_kg_query_command(corpus_store):
    r = CliRunner().invoke(cli, ["query", "queries/amounts_by_region.rq", "--store", str(corpus_store),
                                 "--param", "code=F21", "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[1].split(",")[1] == "Île-de-France"
    r = CliRunner().invoke(cli, ["query", "--sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?d a "
                                 "<https://circulaires-kg.example.org/ontology#SourceDocument> }",
                                 "--store", str(corpus_store), "--format", "tsv"])
    assert r.output == "n\n5\n"
    r = CliRunner().invoke(cli, ["query", "documents", "--store", str(corpus_store)])
    assert r.exit_code == 0 and r.output.rstrip().endswith("(5 rows)")
    r = CliRunner().invoke(cli, ["query", "--list"])
    assert r.exit_code == 0 and "amounts_by_region" in r.output and "--param code=F21" in r.output
    r = CliRunner().invoke(cli, ["query", "queries/nope.rq", "--store", str(corpus_store)])
    assert r.exit_code == 1 and "cannot read the query" in r.output
    r = CliRunner().invoke(cli, ["query", "--sparql", "SELECT WHERE {", "--store", str(corpus_store)])
    assert r.exit_code == 1 and "syntax error" in r.output
