"""Readers and extractors: files in, plain facts out. Nothing here knows RDF."""
__version__ = "0.3.0"
