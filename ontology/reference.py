"""The reference code lists of the package's Turtle files as plain Python data, so that
the extractors read envelopes, activity fields, renewals and regions from the one place
the graph also loads them from, without handling RDF terms. Each file is parsed once."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox

import ontology

_SKOS = "http://www.w3.org/2004/02/skos/core#"
_CKG = "https://circulaires-kg.example.org/ontology#"


@dataclass(frozen=True)
class Concept:
    notation: str
    pref_label: str                 # the French one
    alt_labels: tuple[str, ...]     # as the Turtle lists them
    broader: str | None             # notation of the broader concept


@dataclass(frozen=True)
class RegionConcept:
    notation: str                   # "84", "42-2015" (a former region), "FRM" (an aggregate)
    insee_code: str | None          # None for aggregates
    pref_label: str
    alt_labels: tuple[str, ...]
    today: str | None               # notation of ckg:todayRegion; None for aggregates
    groups: tuple[str, ...]         # notations an aggregate groups


@lru_cache(maxsize=None)
def _subjects(name: str) -> dict[str, dict[str, list]]:
    """subject IRI → predicate IRI → objects, in the order the file writes them."""
    out: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for t in ox.parse(ontology.read(name), format=ox.RdfFormat.TURTLE):
        if isinstance(t.subject, ox.NamedNode):
            out[t.subject.value][t.predicate.value].append(t.object)
    return {s: dict(props) for s, props in out.items()}


def _in_scheme(name: str, scheme: str) -> list[tuple[str, dict[str, list]]]:
    """(IRI, properties) of the concepts of `scheme` (`envelopes`, `regions`…), file order."""
    return [(s, props) for s, props in _subjects(name).items()
            if any(o.value.rsplit("/", 1)[-1] == scheme for o in props.get(_SKOS + "inScheme", ()))]


def _one(props, predicate: str, lang: str | None = None) -> str | None:
    return next((o.value for o in props.get(predicate, ())
                 if lang is None or getattr(o, "language", None) == lang), None)


def _notation(name: str, iri: str | None) -> str | None:
    return _one(_subjects(name).get(iri, {}), _SKOS + "notation") if iri else None


@lru_cache(maxsize=None)
def concepts(scheme: str) -> tuple[Concept, ...]:
    """The concepts of a scheme of codes.ttl: `envelopes`, `activity-fields`, `renewals`."""
    return tuple(
        Concept(_one(p, _SKOS + "notation"), _one(p, _SKOS + "prefLabel", "fr"),
                tuple(o.value for o in p.get(_SKOS + "altLabel", ())),
                _notation("codes.ttl", _one(p, _SKOS + "broader")))
        for _, p in _in_scheme("codes.ttl", scheme))


@lru_cache(maxsize=None)
def regions() -> tuple[RegionConcept, ...]:
    """Today's regions, former ones and aggregates of regions.ttl, in file order."""
    return tuple(
        RegionConcept(_one(p, _SKOS + "notation"), _one(p, _CKG + "inseeCode"),
                      _one(p, _SKOS + "prefLabel", "fr"),
                      tuple(o.value for o in p.get(_SKOS + "altLabel", ())),
                      _notation("regions.ttl", _one(p, _CKG + "todayRegion")),
                      tuple(_notation("regions.ttl", o.value) for o in p.get(_CKG + "groups", ())))
        for _, p in _in_scheme("regions.ttl", "regions"))
