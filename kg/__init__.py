"""The knowledge-graph side: RDF building, the embedded store, query, serve, export.
Only this package knows RDF."""
from extractors import __version__

__all__ = ["__version__"]
