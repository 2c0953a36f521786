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
from kg.query import (XSD, QueryError, bind_text, format_results, is_update, load_query, parse_params,
                      parse_query, run, short, syntax_message, value_key, WELL_KNOWN)

HEADER = '''# fr: Combien ?
# en: How much?
# param ?code (string): the code
# accepts ?code: ?m a ckg:MigCode ; skos:notation ?code
# param ?year (year): the year
PREFIX ckg: <https://circulaires-kg.example.org/ontology#>
SELECT ?x WHERE {
  VALUES ?code { "F21" }   # VALUES ?year { "1999" } in a comment is no default
  ?x ckg:p ?code ; ckg:q "VALUES ?year { 2000 }"
}
'''


def test_header_declares_questions_and_parameters_and_the_text_their_defaults():
    q = parse_query(HEADER, name="h")
    assert (q.fr, q.en) == ("Combien ?", "How much?")
    assert [(p.name, p.type, p.default, p.accepts) for p in q.params] == [
        ("code", "string", "F21", "?m a ckg:MigCode ; skos:notation ?code"), ("year", "year", None, None)]
    with pytest.raises(QueryError, match="unknown type"):
        parse_query("# param ?x (colour): no\nSELECT * {}")
    with pytest.raises(QueryError, match=r"h: parameter \?x: a default lives in the query text, as a line "
                                         r"`VALUES \?x \{ \"a\" \}` in its WHERE group"):
        parse_query('# param ?x (string, default "a"): no\nSELECT * {}', name="h")
    with pytest.raises(QueryError, match="for undeclared parameter"):
        parse_query("# accepts ?x: ?s ?p ?x\nSELECT * {}")


def test_a_given_value_replaces_the_default_block_and_an_empty_one_removes_it():
    q = parse_query(HEADER, name="h")
    code, year = ox.Variable("code"), ox.Variable("year")
    replaced = bind_text(q.text, {code: [ox.Literal("V10"), ox.Literal("V11")]})
    assert '  VALUES ?code { "V10" "V11" }   # VALUES ?year { "1999" } in a comment' in replaced
    assert "F21" not in replaced
    unbound = bind_text(q.text, {code: []})
    assert "VALUES ?code" not in unbound and unbound.count("VALUES") == 2     # the comment's and the string's
    added = bind_text(q.text, {year: ox.Literal("2024", datatype=ox.NamedNode(XSD + "gYear"))})
    assert 'WHERE { VALUES ?year { "2024"^^<http://www.w3.org/2001/XMLSchema#gYear> }\n  VALUES ?code { "F21" }' in added


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


@pytest.mark.parametrize("text, message", [
    ("SELECT * WHERE { ?s foo:p ?o }", "prefix foo: is not declared (line 1, column 21)"),
    ("SELECT * WHERE {\n  ?s ?p \"é\" .\n  ?s éfoo:p ?o }", "prefix éfoo: is not declared (line 3, column 6)"),
    ("SELECT * WHERE { ?s :p ?o }", "prefix : is not declared (line 1, column 21)"),
    ("SELECT ?o WHERE { ?o a qb:Observation ; ckg:campaignYear 2024 ",
     "unexpected end of query: a `}` is missing (line 1, column 63)"),
    ("SELECT * WHERE { ?s ?p ?o . FILTER(?o > 3 }", "unexpected end of query: a `)` is missing (line 1, column 44)"),
    ('SELECT * WHERE { ?s ?p "abc }', "unexpected end of query: a string is not closed (line 1, column 30)"),
    ("SELECT (COUNT(?s) AS ?n) ?s WHERE { ?s ?p ?o }",
     "the SELECT contains a variable that is unbound (line 1, column 47)"),
    ("SELEC * WHERE { ?s ?p ?o }", "unexpected `WHERE` (line 1, column 10); expected one of CONSTRUCT"),
    ("SELECT * WHERE { ?s ?p ?o } ORDER BY", "unexpected end of query (line 1, column 37); expected one of $, (, :, <, ?"),
    ("# nothing\n", "the query is empty"),
])
def test_syntax_errors_name_the_problem_in_one_line(text, message):
    with pytest.raises(SyntaxError) as exc:
        ox.Store().query(text, prefixes={"ckg": WELL_KNOWN["ckg"], "qb": WELL_KNOWN["qb"]})
    assert syntax_message(text, str(exc.value)) == message


def test_cli_and_endpoint_say_the_same_one_line_error(graph, corpus_store, app):
    text = "SELECT * WHERE { ?s foo:p ?o }"
    with pytest.raises(QueryError) as exc:
        run(graph, text)
    assert str(exc.value) == "query: SPARQL syntax error: prefix foo: is not declared (line 1, column 21)"
    r = CliRunner().invoke(cli, ["query", "--sparql", text, "--store", str(corpus_store)])
    assert (r.exit_code, r.output) == (1, "kg: --sparql: SPARQL syntax error: prefix foo: is not declared "
                                          "(line 1, column 21)\n")
    resp = app.handle("GET", "/sparql?query=" + text.replace(" ", "%20"))
    assert resp.status == 400
    assert json.loads(resp.body)["error"] == str(exc.value)


def test_value_keys_ignore_case_accents_and_every_kind_of_space():
    assert value_key("Île-de-France") == value_key("ile de france") == "iledefrance"
    assert value_key("154\u00a0432,77") == value_key("154 432,77") == value_key("154\u202f432,77") == "154432,77"
    assert value_key("décret") == value_key("DECRET")


def test_parameter_values_are_matched_to_the_accepted_ones(graph):
    def rows(name, **params):
        return [tuple(map(str, r)) for r in
                (list(s) for s in run(graph, load_query(name), params))]
    # printed with a no-break space in the table, asked with a plain one (as kg explain --amount finds it)
    cells = list(run(graph, load_query("amount_provenance"), {"printed": "154 432,77"}))
    assert [(c["file"].value, c["line"].value, c["quote"].value) for c in cells] == [
        ("003_eb69c40a305daa31.txt", "278", "154\u00a0432,77")]
    kinds = {s["kind"].value for s in run(graph, load_query("most_cited_legal_texts"), {"limit_kind": "Décret"})}
    assert kinds == {"decret"}
    assert len(list(run(graph, load_query("most_cited_legal_texts"), {"limit_kind": "Décret"}))) == 9
    bretagne = [(s["regionLabel"].value, s["year"].value) for s in
                run(graph, load_query("region_per_year"), {"region": "bretagne"})]
    assert bretagne[0] == ("Bretagne", "2001") and len(bretagne) == 9
    assert len(list(run(graph, load_query("amounts_by_region"), {"code": "f21", "year": "2024"}))) == 12
    with pytest.raises(QueryError) as exc:
        run(graph, load_query("most_cited_legal_texts"), {"limit_kind": "décrets"})
    assert str(exc.value) == ("most_cited_legal_texts: unknown value 'décrets' for limit_kind; accepted: arrete, "
                              "circulaire, code, code_article, decret, instruction, loi, note_information")
    with pytest.raises(QueryError, match=r"unknown value 'bretagn' for region; nearest accepted: Bretagne; "
                                         r"73 accepted values"):
        run(graph, load_query("region_per_year"), {"region": "bretagn"})
    with pytest.raises(QueryError, match=r"unknown value '2023' for year; accepted: 2001, 2005, 2017, 2024$"):
        run(graph, load_query("allocations_by_envelope"), {"year": "2023"})


def test_print_shows_the_bound_query_and_unknown_names_get_the_nearest(corpus_store):
    r = CliRunner().invoke(cli, ["query", "region_per_year", "--print"])
    assert r.exit_code == 0 and r.output == load_query("region_per_year").text
    r = CliRunner().invoke(cli, ["query", "region_per_year", "--print", "--param", "region=ile de france",
                                 "--store", str(corpus_store)])
    assert r.exit_code == 0
    assert '  VALUES ?region { "Île-de-France" }    # the default;' in r.output and "Hauts" not in r.output
    r = CliRunner().invoke(cli, ["query", "region_per_yer", "--store", str(corpus_store)])
    assert r.exit_code == 1
    assert r.output.startswith("kg: region_per_yer: no saved query of this name and no such file "
                               "(did you mean region_per_year? saved queries: allocations, ")
