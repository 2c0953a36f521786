"""The ontology, its SHACL shapes and the reference code lists, as Turtle files shipped
inside the package, so that an installed `kg` finds them without a source checkout."""
from __future__ import annotations

from importlib import resources

ONTOLOGY = "ckg.ttl"           # classes, properties, the Data Cube structure, scheme headers
SHAPES = "shapes.ttl"          # SHACL shapes of a valid graph
REFERENCE = ("regions.ttl", "codes.ttl")   # SKOS code lists: regions, envelopes, renewals


def path(name: str):
    """A Traversable for one file of the package (`path("ckg.ttl").read_text()`)."""
    return resources.files(__name__).joinpath(name)


def read(name: str) -> str:
    return path(name).read_text(encoding="utf-8")


def graph_files() -> list[str]:
    """The files loaded into the store's ontology graph, in a fixed order."""
    return [ONTOLOGY, *REFERENCE]
