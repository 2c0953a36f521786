"""Facts → RDF quads for one document, in that document's named graph."""
from __future__ import annotations

import pyoxigraph as ox

DEFAULT_BASE = "https://circulaires-kg.example.org/id/"


def document_graph(doc, base: str = DEFAULT_BASE):
    """(graph IRI, quads) for a document: its graph is named after its sha256."""
    graph = ox.NamedNode(f"{base}graph/{doc.sha256[:16]}")
    subject = ox.NamedNode(f"{base}document/{doc.sha256[:16]}")
    dct = "http://purl.org/dc/terms/"
    quads = [
        ox.Quad(subject, ox.NamedNode(dct + "identifier"), ox.Literal(doc.sha256), graph),
        ox.Quad(subject, ox.NamedNode(dct + "source"), ox.Literal(doc.name), graph),
        ox.Quad(subject, ox.NamedNode(dct + "format"), ox.Literal(doc.format), graph),
    ]
    if doc.title:
        quads.append(ox.Quad(subject, ox.NamedNode(dct + "title"), ox.Literal(doc.title, language="fr"), graph))
    return graph, quads
