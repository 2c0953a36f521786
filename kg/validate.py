"""SHACL validation of the whole store against ontology/shapes.ttl (pyshacl): the named
graphs are merged (the ontology graph brings the class hierarchy `sh:class` needs) and
every violation comes back with its focus node, path, value and message."""
from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

import ontology


@dataclass
class Violation:
    focus: str
    path: str | None
    value: str | None
    message: str
    shape: str


@dataclass
class Report:
    conforms: bool
    triples: int
    violations: list[Violation] = field(default_factory=list)


def _rdflib_graph(store: ox.Store):
    """All the store's quads as one rdflib Graph (graph names dropped)."""
    import rdflib
    triples = (ox.Triple(q.subject, q.predicate, q.object) for q in store)
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return rdflib.Graph().parse(data=data.decode("utf-8"), format="nt")


def validate_store(store: ox.Store) -> Report:
    import pyshacl
    import rdflib
    from rdflib.namespace import RDF, SH

    data = _rdflib_graph(store)
    shapes = rdflib.Graph().parse(data=ontology.read(ontology.SHAPES), format="turtle")
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                            allow_warnings=True, advanced=False)
    violations = []
    for r in sorted(results.subjects(RDF.type, SH.ValidationResult), key=str):
        def one(p):
            v = results.value(r, p)
            return None if v is None else str(v)
        if results.value(r, SH.resultSeverity) != SH.Violation:
            continue
        violations.append(Violation(one(SH.focusNode), one(SH.resultPath), one(SH.value),
                                    one(SH.resultMessage) or "", one(SH.sourceShape) or ""))
    violations.sort(key=lambda v: (v.focus, v.path or "", v.value or "", v.message))
    return Report(bool(conforms) or not violations, len(data), violations)
