"""Writing the store out: one writer per format, chosen through `WRITERS`, each taking the
store and a binary file. N-Quads keeps the named graphs (one per document) and is sorted,
so the same graph gives the same bytes; Turtle merges the graphs with readable prefixes."""
from __future__ import annotations

import pyoxigraph as ox

from kg.store import sorted_nquads
from kg.vocab import PREFIXES


def write_nquads(store: ox.Store, out) -> None:
    out.write(sorted_nquads(store).encode("utf-8"))


def write_turtle(store: ox.Store, out) -> None:
    triples = sorted({ox.Triple(q.subject, q.predicate, q.object) for q in store}, key=str)
    out.write(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES))


WRITERS = {"nquads": write_nquads, "turtle": write_turtle}


def export(store: ox.Store, fmt: str, out) -> None:
    """Write the whole store to the binary file `out` in format `fmt` (a key of WRITERS)."""
    try:
        writer = WRITERS[fmt]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(sorted(WRITERS))}") from None
    writer(store, out)
