"""Writing the store out: one writer per format, chosen through `WRITERS`, each taking the
store, a binary file and optionally a saved query. N-Quads keeps the named graphs (one per
document) and is sorted, so the same graph gives the same bytes; Turtle merges the graphs
with readable prefixes.

For people who look at graphs: GraphML and GEXF (Gephi), Cytoscape.js JSON, and a
standalone HTML view that works offline (script and data inline, no CDN), of the whole
store or of a CONSTRUCT query's subgraph. RDF becomes a property graph: every IRI or
blank node linking to another resource is a node; literal values become node attributes
(label, types, amount…); resource-to-resource triples become edges named by their
predicate. Nodes and edges are added in sorted order, so output is deterministic.
For spreadsheets: a tidy CSV of every allocation with its provenance."""
from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from kg.query import WELL_KNOWN, format_delimited, load_query, run, short, table_of
from kg.store import sorted_nquads
from kg.vocab import PREFIXES as TTL_PREFIXES

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABELS = ("http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2000/01/rdf-schema#label",
          "http://purl.org/dc/terms/title", "http://data.europa.eu/eli/ontology#title",
          "https://schema.org/name", "http://www.w3.org/2004/02/skos/core#notation",
          "http://www.w3.org/ns/oa#exact")
AMOUNT = "https://circulaires-kg.example.org/ontology#amountEUR"
PREFIXES = WELL_KNOWN
WEB = Path(__file__).resolve().parent / "web"


class ExportError(Exception):
    pass


def write_nquads(store: ox.Store, out, query=None) -> None:
    if query is not None:
        raise ExportError("--query does not apply to nquads (the whole store, graph by graph)")
    out.write(sorted_nquads(store).encode("utf-8"))


def write_turtle(store: ox.Store, out, query=None) -> None:
    triples = sorted(set(triples_of(store, query)), key=str)
    out.write(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=TTL_PREFIXES))


def _key(term) -> str:
    return term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"


def _local(iri: str) -> str:
    """An attribute name for a predicate: its prefixed form with ':' made safe for GraphML/GEXF."""
    return short(ox.NamedNode(iri), PREFIXES).replace(":", "_").strip("<>")


def _label_rank(literal: ox.Literal) -> int:
    return {"fr": 0, None: 1, "": 1}.get(literal.language, 2)


def property_graph(triples) -> nx.MultiDiGraph:
    """Triples → a MultiDiGraph with label/type/amount attributes, in sorted order."""
    triples = sorted(set(triples), key=str)
    literals: dict[str, dict[str, list]] = {}
    types: dict[str, list[str]] = {}
    labels: dict[str, tuple[int, int, str]] = {}
    edges = []
    nodes = set()
    for t in triples:
        s, p, o = _key(t.subject), t.predicate.value, t.object
        nodes.add(s)
        if isinstance(o, ox.Literal):
            literals.setdefault(s, {}).setdefault(p, []).append(o)
            if p in LABELS:
                rank = (LABELS.index(p), _label_rank(o), o.value)
                if s not in labels or rank < labels[s]:
                    labels[s] = rank
        elif p == RDF_TYPE:
            types.setdefault(s, []).append(short(o, PREFIXES))
        else:
            nodes.add(_key(o))
            edges.append((s, _key(o), p))
    g = nx.MultiDiGraph()
    for n in sorted(nodes):
        attrs = {"iri": n, "label": labels[n][2] if n in labels else short(ox.NamedNode(n), PREFIXES)
                 if not n.startswith("_:") else n,
                 "type": " ".join(sorted(types.get(n, [])))}
        for p, values in sorted(literals.get(n, {}).items()):
            if p == AMOUNT:
                try:
                    attrs["amount"] = float(Decimal(values[0].value))
                except InvalidOperation:
                    pass
            attrs[_local(p)] = " | ".join(sorted(v.value for v in values))
        g.add_node(n, **attrs)
    for s, o, p in edges:
        g.add_edge(s, o, key=_local(p), predicate=p, label=_local(p))
    return g


def write_graphml(store, out, query=None) -> None:
    """GraphML for Gephi, yEd, Cytoscape desktop: labels, types, amounts as attributes."""
    nx.write_graphml(property_graph(triples_of(store, query)), out, encoding="utf-8", prettyprint=True)


def write_gexf(store, out, query=None) -> None:
    """GEXF for Gephi (the node `label` attribute becomes Gephi's label)."""
    nx.write_gexf(property_graph(triples_of(store, query)), out, encoding="utf-8", prettyprint=True)


def cytoscape(g: nx.MultiDiGraph) -> dict:
    """Cytoscape.js elements JSON (loads with `cy.add(data.elements)` or Cytoscape desktop)."""
    nodes = [{"data": {"id": n, **{k: v for k, v in a.items()}}} for n, a in g.nodes(data=True)]
    edges = [{"data": {"id": f"e{i}", "source": s, "target": o, **a}}
             for i, (s, o, a) in enumerate(g.edges(data=True))]
    return {"format_version": "1.0", "generated_by": "circulaires-kg",
            "elements": {"nodes": nodes, "edges": edges}}


def write_cytoscape(store, out, query=None) -> None:
    g = property_graph(triples_of(store, query))
    out.write((json.dumps(cytoscape(g), ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def html_view(g: nx.MultiDiGraph, title: str = "circulaires-kg graph") -> str:
    """One self-contained HTML file: data, script and style inline."""
    index = {n: i for i, n in enumerate(g.nodes)}
    data = {"nodes": [{"id": n, "label": a.get("label", n), "type": a.get("type", ""),
                       "attrs": {k: v for k, v in a.items() if k not in ("label",)}}
                      for n, a in g.nodes(data=True)],
            "edges": [[index[s], index[o], a["label"]] for s, o, a in g.edges(data=True)]}
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    template = (WEB / "graph.html").read_text(encoding="utf-8")
    script = (WEB / "graph.js").read_text(encoding="utf-8")
    return (template.replace("{{title}}", title.replace("<", "&lt;"))
            .replace("{{data}}", payload).replace("{{script}}", script))


def write_html(store, out, query=None) -> None:
    title = f"circulaires-kg — {query.name}" if query else "circulaires-kg graph"
    out.write(html_view(property_graph(triples_of(store, query)), title).encode("utf-8"))


def write_csv(store, out, query=None) -> None:
    """A tidy CSV: one row per result (by default the saved query `allocations` over every
    table, its `table` parameter unset: one row per table cell with its provenance columns)."""
    results = run(store, query, {}) if query else run(store, load_query("allocations"), {"table": ""})
    if not isinstance(results, ox.QuerySolutions):
        raise ExportError("--format csv needs a SELECT query")
    out.write(format_delimited(*table_of(results), ",").encode("utf-8"))


def triples_of(store, query=None) -> list:
    """The whole store's triples (graphs merged), or a CONSTRUCT query's answer."""
    if query is None:
        return [q.triple for q in store]
    results = run(store, query)
    if not isinstance(results, ox.QueryTriples):
        raise ExportError(f"{query.name}: graph formats need a CONSTRUCT query")
    return list(results)


WRITERS = {"nquads": write_nquads, "turtle": write_turtle, "graphml": write_graphml, "gexf": write_gexf,
           "cytoscape": write_cytoscape, "csv": write_csv, "html": write_html}


def export(store: ox.Store, fmt: str, out, query=None) -> None:
    """Write the store (or a query's answer) to the binary file `out` in format `fmt`."""
    try:
        writer = WRITERS[fmt]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(sorted(WRITERS))}") from None
    writer(store, out, query)
