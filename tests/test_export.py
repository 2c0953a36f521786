"""kg/export.py (graph formats, tidy CSV, offline HTML) and kg/plot.py, on the corpus graph."""
from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter

import networkx as nx
import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.export import ExportError, export, property_graph, triples_of
from kg.plot import PlotError, plot_measure, plot_region
from kg.query import load_query, parse_query, run, select_records


TABLE = parse_query("""PREFIX qb: <http://purl.org/linked-data/cube#>
CONSTRUCT { ?o ?p ?v } WHERE {
  ?o qb:dataSet <https://circulaires-kg.example.org/id/dataset/000_e5e150b2e5b19c7b/t1> ; ?p ?v }""", name="table")


def bytes_of(graph, fmt, query=None) -> bytes:
    buf = io.BytesIO()
    export(graph, fmt, buf, load_query(query) if isinstance(query, str) else query)
    return buf.getvalue()


def test_property_graph_of_the_measures_subgraph(graph):
    g = property_graph(triples_of(graph, load_query("measure_graph")))
    measures = [n for n, a in g.nodes(data=True) if "ckg:Measure" in a["type"].split()]
    assert measures and all(g.nodes[m]["label"] for m in measures)
    assert any(d["label"] == "ckg_fundedBy" for _, _, d in g.edges(data=True))


def test_graphml_and_gexf_open_with_labels_types_and_amounts(graph, tmp_path):
    data = bytes_of(graph, "graphml", TABLE)
    path = tmp_path / "g.graphml"
    path.write_bytes(data)
    g = nx.read_graphml(path)
    cell = g.nodes["https://circulaires-kg.example.org/id/dataset/000_e5e150b2e5b19c7b/t1/obs/13-4"]
    assert cell["amount"] == 5085000.0 and cell["type"] == "qb:Observation" and cell["ckg_printedValue"] == "5 085,0"
    gexf = bytes_of(graph, "gexf", "measure_graph")
    assert gexf == bytes_of(graph, "gexf", "measure_graph")          # deterministic
    root = ET.fromstring(gexf)
    ns = {"g": root.tag[1:].split("}")[0]}
    labels = [n.get("label") for n in root.iter(f"{{{ns['g']}}}node")]
    assert labels and all(labels)


def test_cytoscape_json(graph):
    doc = json.loads(bytes_of(graph, "cytoscape", "measure_graph"))
    nodes, edges = doc["elements"]["nodes"], doc["elements"]["edges"]
    ids = {n["data"]["id"] for n in nodes}
    assert nodes and edges and all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in edges)


def test_tidy_csv_one_row_per_cell_with_provenance(graph):
    rows = list(csv.DictReader(io.StringIO(bytes_of(graph, "csv").decode())))
    cells = sum(r["cells"] for r in select_records(run(graph, load_query("documents"))))
    assert len({r["observation"] for r in rows}) == cells
    r = next(r for r in rows if r["observation"].endswith("/000_e5e150b2e5b19c7b/t1/obs/13-4"))
    assert (r["file"], r["page"], r["line"], r["quote"], r["amountEUR"], r["row"]) == (
        "000_e5e150b2e5b19c7b.txt", "1", "93", "5 085,0", "5085000", "France métropolitaine")


def test_html_view_is_standalone(graph):
    raw = bytes_of(graph, "html", "measure_graph")
    assert raw == bytes_of(graph, "html", "measure_graph")          # deterministic
    page = raw.decode()
    assert "<script src" not in page and "http://" not in re.sub(r'"(https?://[^"]*)"', '""', page.split("<script>")[1])
    data = json.loads(re.search(r'<script id="graph-data" type="application/json">(.*?)</script>', page, re.S).group(1))
    assert data["nodes"] and data["edges"]


def test_wrong_query_kind_is_refused(graph):
    with pytest.raises(ExportError, match="CONSTRUCT"):
        bytes_of(graph, "html", "documents")
    with pytest.raises(ExportError, match="SELECT"):
        bytes_of(graph, "csv", "measure_graph")


def test_export_and_plot_commands(corpus_store, tmp_path):
    out = tmp_path / "m.html"
    r = CliRunner().invoke(cli, ["export", "--store", str(corpus_store), "--format", "html", "-o", str(out),
                                 "--query", "queries/measure_graph.rq"])
    assert r.exit_code == 0 and out.read_text().startswith("<!doctype html>")
    png = tmp_path / "f21.png"
    r = CliRunner().invoke(cli, ["plot", "measure", "F21", "-o", str(png), "--store", str(corpus_store)])
    assert r.exit_code == 0, r.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = tmp_path / "hdf.svg"
    r = CliRunner().invoke(cli, ["plot", "region", "Hauts-de-France", "-o", str(svg), "--store", str(corpus_store)])
    assert r.exit_code == 0, r.output
    assert "<svg" in svg.read_text()


def test_plots_are_deterministic_and_fail_clearly(graph, tmp_path):
    a, b = tmp_path / "a.svg", tmp_path / "b.svg"
    assert plot_measure(graph, "F21", a) == 12
    plot_measure(graph, "F21", b)
    assert a.read_bytes() == b.read_bytes()
    with pytest.raises(PlotError, match="unknown value 'Z99' for code; 42 accepted values"):
        plot_measure(graph, "Z99", tmp_path / "z.png")
    with pytest.raises(PlotError, match="unknown value 'Atlantide' for region"):
        plot_region(graph, "Atlantide", tmp_path / "z.png")
    with pytest.raises(PlotError, match="unknown picture format"):
        plot_measure(graph, "F21", tmp_path / "z.gif")


OBS = "https://circulaires-kg.example.org/id/dataset/000_e5e150b2e5b19c7b/t1/obs/13-4"
KINDS = {"observation": 4326, "measure": 292, "legal_text": 127, "establishment": 95, "mig_code": 42,
         "region": 37, "table": 20, "circular": 5}


def read_back(graph, fmt, tmp_path):
    """An export of the default (analysis) graph, read back by networkx."""
    data = bytes_of(graph, fmt)
    if fmt == "cytoscape":
        return nx.cytoscape_graph(json.loads(data))
    path = tmp_path / f"g.{fmt}"
    path.write_bytes(data)
    return nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "cytoscape"])
def test_default_export_is_the_graph_people_analyse(graph, fmt, tmp_path):
    g = read_back(graph, fmt, tmp_path)
    kinds = Counter(a["type"] for _, a in g.nodes(data=True))
    assert kinds == KINDS                                        # one primary type per node, no selector, no term
    assert not any("#position" in n or "#quote" in n or "/ontology#" in n for n in g.nodes)
    cell = g.nodes[OBS]
    assert (cell["label"], cell["amount"], cell["year"], cell["page"], cell["line"], cell["printed"]) == (
        "France métropolitaine × Plateformes d'expertise (2024)", 5085000.0, 2024, 1, 93, "5 085,0")
    assert isinstance(cell["amount"], float) and all(isinstance(cell[k], int) for k in ("year", "page", "line"))
    assert all(isinstance(a["amount"], float) for _, a in g.nodes(data=True) if a["type"] == "observation")
    assert g.nodes["https://circulaires-kg.example.org/code/region/44"]["label"] == "Grand Est"


def test_full_export_is_the_whole_rdf_graph(graph, tmp_path):
    data = io.BytesIO()
    export(graph, "graphml", data, full=True)
    path = tmp_path / "full.graphml"
    path.write_bytes(data.getvalue())
    g = nx.read_graphml(path)
    assert any(n.endswith("#position") for n in g.nodes) and g.number_of_nodes() > 20000
    with pytest.raises(ExportError, match="--full applies to"):
        export(graph, "csv", io.BytesIO(), full=True)


def test_export_command_default_and_full(corpus_store, tmp_path):
    out = tmp_path / "g.gexf"
    r = CliRunner().invoke(cli, ["export", "--store", str(corpus_store), "--format", "gexf", "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert Counter(a["type"] for _, a in nx.read_gexf(out).nodes(data=True)) == KINDS
    r = CliRunner().invoke(cli, ["export", "--store", str(corpus_store), "--format", "csv", "--full",
                                 "-o", str(tmp_path / "x.csv")])
    assert r.exit_code == 1 and "--full applies to graphml, gexf, cytoscape, html" in r.output
