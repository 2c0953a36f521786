"""The description of one resource, as plain data (the /resource page and its JSON twin).

What a researcher who clicks an IRI wants first: its label, its types, what it says
(properties), what points to it (incoming links), and, when it was read from a source
span (a table cell, a prose amount, a check of one), the provenance `kg explain` gives."""
from __future__ import annotations

import pyoxigraph as ox

from kg.explain import explain, span_of
from kg.query import WELL_KNOWN, short, term_record

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
# the predicates that name a thing, most specific first
LABELS = ("http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2000/01/rdf-schema#label",
          "http://purl.org/dc/terms/title", "https://schema.org/name")
LANGUAGES = ("fr", "", "en")   # the corpus is French; an untagged label next, English last
MAX_PROPERTIES = 500
MAX_INCOMING = 200


class ResourceError(Exception):
    """A resource that cannot be described: `status` is 400 for a bad request, 404 for an IRI the store lacks."""

    def __init__(self, message: str, status: int = 404):
        super().__init__(message)
        self.status = status


def _rank(term) -> tuple:
    lang = term.language or "" if isinstance(term, ox.Literal) else ""
    return (LANGUAGES.index(lang) if lang in LANGUAGES else len(LANGUAGES), term.value)


def label_of(store: ox.Store, iri: str) -> str | None:
    """The resource's name for a person (skos:prefLabel, rdfs:label, dcterms:title, schema:name)."""
    node = ox.NamedNode(iri)
    for predicate in LABELS:
        found = [q.object for q in store.quads_for_pattern(node, ox.NamedNode(predicate), None)
                 if isinstance(q.object, ox.Literal)]
        if found:
            return min(found, key=_rank).value
    return None


def _node(store, term, cache: dict) -> dict:
    """A term as in SPARQL JSON results, with its short form, and its label for an IRI."""
    rec = term_record(term)
    if isinstance(term, ox.NamedNode):
        if term.value not in cache:
            cache[term.value] = label_of(store, term.value)
        rec["short"] = short(term, WELL_KNOWN)
        if cache[term.value] is not None:
            rec["label"] = cache[term.value]
    return rec


def describe(store: ox.Store, iri: str, sources=()) -> dict:
    """Label, types, properties, incoming links (each capped, with its full count) and, for
    a fact read from a source span, its provenance (kg.explain)."""
    if not iri.strip():
        raise ResourceError("give ?iri=… (the IRI of a resource)", 400)
    try:
        node = ox.NamedNode(iri)
    except ValueError as exc:
        raise ResourceError(f"{iri}: not an IRI ({exc})", 400) from exc
    cache: dict = {}
    outgoing = sorted({(q.predicate, q.object) for q in store.quads_for_pattern(node, None, None)},
                      key=lambda po: (po[0].value, str(po[1])))
    incoming, n_in = [], 0
    seen = set()
    for q in store.quads_for_pattern(None, None, node):
        if (q.subject, q.predicate) in seen:
            continue
        seen.add((q.subject, q.predicate))
        n_in += 1
        if len(incoming) < MAX_INCOMING:
            incoming.append((q.subject, q.predicate))
    if not outgoing and not incoming:
        raise ResourceError(f"{iri}: nothing in the store has this IRI as subject or object")
    incoming.sort(key=lambda sp: (sp[1].value, str(sp[0])))
    types = [o for p, o in outgoing if p.value == RDF_TYPE]
    rec = {
        "iri": iri,
        "short": short(node, WELL_KNOWN),
        "label": label_of(store, iri),
        "types": [_node(store, t, cache) for t in types],
        "properties": [{"predicate": _node(store, p, cache), "object": _node(store, o, cache)}
                       for p, o in outgoing[:MAX_PROPERTIES] if p.value != RDF_TYPE],
        "propertyCount": len(outgoing) - len(types),
        "incoming": [{"subject": _node(store, s, cache), "predicate": _node(store, p, cache)} for s, p in incoming],
        "incomingCount": n_in,
    }
    if outgoing and span_of(store, iri):
        rec["provenance"] = explain(store, iri, sources)
        rec["label"] = rec["label"] or rec["provenance"].get("label")   # a cell is named by what is printed where
    return rec
