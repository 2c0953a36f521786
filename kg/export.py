"""Writing the store out: one writer per format, chosen through `WRITERS`, each taking the
store, a binary file and optionally a saved query. N-Quads keeps the named graphs (one per
document) and is sorted, so the same graph gives the same bytes; Turtle merges the graphs
with readable prefixes.

For people who look at graphs: GraphML and GEXF (Gephi), Cytoscape.js JSON, and a
standalone HTML view that works offline (script and data inline, no CDN). By default they
draw the graph people analyse (`analysis_graph`: circulars, legal texts, tables, measures,
MIG codes, regions, establishments, observations, one type and a human label each, numbers
as numbers, no provenance selectors, no ontology terms). With `full` (or a CONSTRUCT
query) RDF becomes a property graph: every IRI or blank node linking to another resource
is a node; literal values become node attributes; resource-to-resource triples become
edges named by their predicate. Nodes and edges are added in sorted order, so output is
deterministic.
For spreadsheets: a tidy CSV of every allocation with its provenance."""
from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from kg.query import WELL_KNOWN, format_delimited, load_query, run, select_records, short, table_of
from kg.store import sorted_nquads
from kg.vocab import PREFIXES as TTL_PREFIXES
from kg.vocab import REGION

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


# ---------------------------------------------------------------- the graph people analyse

# Each kind of node, in order of precedence (a circular is also a legal text: it is a
# circular): one SELECT giving ?node, ?label and typed attributes (numbers stay numbers).
NODES = (
    ("circular", """SELECT ?node ?label ?year ?date WHERE { ?node a ckg:Circular ; rdfs:label ?label .
        OPTIONAL { ?node ckg:campaignYear ?y . BIND(xsd:integer(STR(?y)) AS ?year) }
        OPTIONAL { ?node eli:date_document ?d . BIND(STR(?d) AS ?date) } }"""),
    ("legal_text", """SELECT ?node ?label ?kind WHERE { ?node a eli:LegalResource ; rdfs:label ?label ;
        ckg:legalKind ?kind . FILTER NOT EXISTS { ?node a ckg:Circular } }"""),
    ("table", """SELECT ?node ?label ?year ?envelope WHERE { ?node qb:structure ckg:allocationStructure ; rdfs:label ?label ;
        ckg:circular/ckg:campaignYear ?y . BIND(xsd:integer(STR(?y)) AS ?year)
        OPTIONAL { ?node ckg:envelope/skos:notation ?envelope } }"""),
    ("measure", """SELECT ?node ?label ?envelope ?role WHERE { { ?node a ckg:TableColumn } UNION { ?node a ckg:Measure }
        ?node rdfs:label ?label . OPTIONAL { ?node ckg:envelope/skos:notation ?envelope }
        OPTIONAL { ?node ckg:role ?role } }"""),
    ("mig_code", """SELECT ?node ?label ?code WHERE { ?node a ckg:MigCode ; skos:notation ?code .
        OPTIONAL { ?node skos:prefLabel ?name } BIND(IF(BOUND(?name), CONCAT(?code, " ", ?name), ?code) AS ?label) }"""),
    ("region", f"""SELECT ?node ?label ?code WHERE {{ ?node a ckg:Region ; skos:prefLabel ?label ; skos:notation ?code .
        FILTER (LANG(?label) = "fr" && ?node NOT IN (<{REGION['none']}>, <{REGION['unknown']}>)) }}"""),
    ("establishment", """SELECT ?node ?label WHERE { ?node a schema:Hospital ; schema:name ?label }"""),
    ("observation", """SELECT ?node ?label ?amount ?printed ?year ?page ?line ?isTotal ?ambiguous WHERE {
        ?node a qb:Observation ; ckg:row/rdfs:label ?row ; ckg:column/rdfs:label ?col ; ckg:year ?year ;
            ckg:amountEUR ?amount ; ckg:printedValue ?printed ; ckg:isTotal ?isTotal ; ckg:ambiguous ?ambiguous ;
            prov:wasDerivedFrom ?span . ?span ckg:page ?page ; ckg:line ?line .
        BIND(CONCAT(?row, " × ", ?col, " (", STR(?year), ")") AS ?label) }"""),
)

# Edges between kept nodes: name → SELECT ?s ?o.
EDGES = (
    ("in_table", "SELECT ?s ?o WHERE { ?s a qb:Observation ; qb:dataSet ?o }"),
    ("measure", "SELECT ?s ?o WHERE { ?s a qb:Observation ; ckg:column ?o }"),
    ("region", "SELECT ?s ?o WHERE { ?s a qb:Observation ; ckg:currentRegion ?o }"),
    ("establishment", "SELECT ?s ?o WHERE { ?s a qb:Observation ; ckg:establishment ?o }"),
    ("circular", "SELECT ?s ?o WHERE { ?s a qb:DataSet ; ckg:circular ?o }"),
    ("circular", "SELECT ?s ?o WHERE { ?s a ckg:TableColumn ; ckg:circular ?o }"),
    ("mig_code", "SELECT ?s ?o WHERE { ?s ckg:migCode ?o FILTER NOT EXISTS { ?s a qb:Observation } }"),
    ("funded_by", "SELECT ?s ?o WHERE { ?s ckg:fundedBy ?o }"),
    ("cites", "SELECT ?s ?o WHERE { ?s a ckg:Circular ; eli:cites ?o }"),
    ("part_of", "SELECT ?s ?o WHERE { ?s a eli:LegalResource ; eli:is_part_of ?o }"),
    ("today_region", "SELECT ?s ?o WHERE { ?s ckg:todayRegion ?o FILTER (?s != ?o) }"),
    ("region", "SELECT ?s ?o WHERE { ?s a schema:Hospital ; ckg:region ?o }"),
)


def _attribute(term):
    """A result term as a GraphML/GEXF attribute: integers as int, decimals as float,
    booleans as bool (by their datatype), anything else as its text."""
    if isinstance(term, ox.Literal):
        kind = term.datatype.value.rsplit("#", 1)[-1]
        if kind == "boolean":
            return term.value == "true"
        if kind == "integer":
            return int(term.value)
        if kind in ("decimal", "double", "float"):
            return float(term.value)
    return term.value


def analysis_graph(store) -> nx.MultiDiGraph:
    """The things people analyse (circulars, legal texts, tables, measures, MIG codes,
    regions, establishments, observations) as nodes with a human label, one `type` each
    and typed attributes; the links between them as edges. No provenance selector, no
    ontology term: `--full` gives the whole RDF graph."""
    kinds: dict[str, str] = {}
    attrs: dict[str, dict] = {}
    for kind, query in NODES:
        names, rows = table_of(run(store, query))
        for row in rows:
            r = dict(zip(names, row))
            node = r.pop("node").value
            if node in kinds:
                continue
            kinds[node] = kind
            attrs[node] = {"iri": node, "type": kind,
                           **{k: _attribute(v) for k, v in r.items() if v is not None}}
    g = nx.MultiDiGraph()
    for node in sorted(attrs):
        g.add_node(node, **attrs[node])
    edges = sorted({(r["s"], r["o"], name) for name, query in EDGES for r in select_records(run(store, query))
                    if r["s"] in kinds and r["o"] in kinds})
    for s, o, name in edges:
        g.add_edge(s, o, key=name, label=name)
    return g


def graph_of(store, query=None, full: bool = False) -> nx.MultiDiGraph:
    """What the graph formats draw: a CONSTRUCT's answer, the whole RDF graph (`full`),
    or by default the graph people analyse."""
    if query is not None or full:
        return property_graph(triples_of(store, query))
    return analysis_graph(store)


def write_graphml(store, out, query=None, full=False) -> None:
    """GraphML for Gephi, yEd, Cytoscape desktop: labels, types, numbers as numbers."""
    nx.write_graphml(graph_of(store, query, full), out, encoding="utf-8", prettyprint=True)


def write_gexf(store, out, query=None, full=False) -> None:
    """GEXF for Gephi (the node `label` attribute becomes Gephi's label)."""
    nx.write_gexf(graph_of(store, query, full), out, encoding="utf-8", prettyprint=True)


def cytoscape(g: nx.MultiDiGraph) -> dict:
    """Cytoscape.js elements JSON, as networkx writes it (`nx.cytoscape_graph` reads it
    back; `cy.add(data.elements)` or Cytoscape desktop load it)."""
    data = nx.cytoscape_data(g)
    for i, edge in enumerate(data["elements"]["edges"]):
        edge["data"]["id"] = f"e{i}"
    data["data"] = {"generated_by": "circulaires-kg"}
    return data


def write_cytoscape(store, out, query=None, full=False) -> None:
    g = graph_of(store, query, full)
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


def write_html(store, out, query=None, full=False) -> None:
    title = f"circulaires-kg — {query.name}" if query else "circulaires-kg graph"
    out.write(html_view(graph_of(store, query, full), title).encode("utf-8"))


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


GRAPH_FORMATS = ("graphml", "gexf", "cytoscape", "html")


def export(store: ox.Store, fmt: str, out, query=None, full: bool = False) -> None:
    """Write the store (or a query's answer) to the binary file `out` in format `fmt`;
    the graph formats draw the graph people analyse unless `full` or a query is given."""
    try:
        writer = WRITERS[fmt]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(sorted(WRITERS))}") from None
    if fmt not in GRAPH_FORMATS:
        if full:
            raise ExportError(f"--full applies to {', '.join(GRAPH_FORMATS)} ({fmt} is not a drawn graph)")
        writer(store, out, query)
    else:
        if full and query is not None:
            raise ExportError("give --full or --query, not both")
        writer(store, out, query, full)
