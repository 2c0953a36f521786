"""The vocabulary the query page completes: prefixes declared for every query, and the
classes and properties of the graph (the ontology's own, with their labels and comments,
and those actually in use), each as a prefixed name the editor can insert."""
from __future__ import annotations

import pyoxigraph as ox

from kg.query import DECLARED, WELL_KNOWN, short

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SAMPLE = 50   # instances of each class whose predicates are listed (DISTINCT ?p over the graph takes 11 s on the corpus)
ONTOLOGY_TERMS = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?t ?kind (SAMPLE(?l) AS ?label) (SAMPLE(?c) AS ?comment) WHERE {
  VALUES (?type ?kind) { (owl:Class "class") (owl:ObjectProperty "property") (owl:DatatypeProperty "property")
                         (qb:DimensionProperty "property") (qb:AttributeProperty "property") (qb:MeasureProperty "property") }
  ?t a ?type .
  OPTIONAL { ?t rdfs:label ?l FILTER(LANGMATCHES(LANG(?l), "en")) }
  OPTIONAL { ?t rdfs:comment ?c FILTER(LANGMATCHES(LANG(?c), "en")) }
} GROUP BY ?t ?kind"""


def vocabulary(store: ox.Store) -> dict:
    """{"declared": prefixes every query has, "prefixes": those the page shortens IRIs with,
    "terms": [{"short", "iri", "kind": class|property, "label"?, "comment"?}] sorted}."""
    terms: dict[str, dict] = {}

    def add(node: ox.NamedNode, kind: str, label=None, comment=None):
        name = short(node, DECLARED)
        if name.startswith("<"):
            return   # not writable with a declared prefix: nothing to complete
        rec = terms.setdefault(name, {"short": name, "iri": node.value, "kind": kind})
        if label is not None:
            rec["label"] = label.value
        if comment is not None:
            rec["comment"] = comment.value

    for sol in store.query(ONTOLOGY_TERMS, use_default_graph_as_union=True):
        add(sol["t"], sol["kind"].value, sol["label"], sol["comment"])
    classes = {q.object for q in store.quads_for_pattern(None, RDF_TYPE, None) if isinstance(q.object, ox.NamedNode)}
    for cls in sorted(classes, key=str):
        add(cls, "class")
        subjects = []
        for q in store.quads_for_pattern(None, RDF_TYPE, cls):
            if q.subject not in subjects:
                subjects.append(q.subject)
            if len(subjects) == SAMPLE:
                break
        for s in subjects:
            for q in store.quads_for_pattern(s, None, None):
                add(q.predicate, "property")
    return {"declared": DECLARED, "prefixes": WELL_KNOWN, "terms": sorted(terms.values(), key=lambda t: t["short"])}
