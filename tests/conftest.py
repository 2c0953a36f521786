"""Shared fixtures: the corpus documents, read once, and the corpus graph, built ONCE per
test session into a store folder that every graph test (and `kg serve`/`kg query` tests)
opens read-only."""
from __future__ import annotations

import gc
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="session")
def corpus_docs():
    """{file name: Document} for every corpus file."""
    from extractors.readers import read_document
    return {p.name: read_document(p) for p in sorted(CORPUS.glob("*.txt"))}


def build_store(path: Path, docs, base: str | None = None) -> dict:
    """Build `docs` into a store folder the way `kg build` does; {file name: quad count}.
    The store is closed on return, so that readers can open the folder."""
    from kg.build import DEFAULT_BASE
    from kg.corpus import build_corpus

    report = build_corpus(list(docs), path, base or DEFAULT_BASE)
    assert not report.failed, report.failed
    gc.collect()
    return {s["document"]: s["quads"] for s in report.built}


@pytest.fixture(scope="session")
def corpus_build(tmp_path_factory, corpus_docs):
    """(store folder, {file name: quads}) of the whole corpus, built once."""
    path = tmp_path_factory.mktemp("kg") / "store"
    counts = build_store(path, corpus_docs.values())
    return path, counts


@pytest.fixture(scope="session")
def corpus_store(corpus_build) -> Path:
    """The folder of the corpus store (open it read-only)."""
    return corpus_build[0]


@pytest.fixture(scope="session")
def graph(corpus_store):
    """The corpus store, opened read-only once for the SPARQL tests."""
    from kg.store import open_store
    return open_store(corpus_store, read_only=True)


@pytest.fixture(scope="session")
def app(corpus_store):
    """The server's application on the corpus store (its query workers stopped at the end)."""
    from kg.server import App
    application = App(corpus_store, sources=[Path(__file__).resolve().parent.parent / "corpus"])
    yield application
    application.close()


def _python(term):
    """A query result term as a plain Python value (Decimal, int, bool, str)."""
    from decimal import Decimal

    import pyoxigraph as ox
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        kind = term.datatype.value.rsplit("#", 1)[-1]
        if kind == "decimal":
            return Decimal(term.value)
        if kind == "integer":
            return int(term.value)
        if kind == "boolean":
            return term.value == "true"
    return term.value


@pytest.fixture(scope="session")
def sparql(graph):
    """run(query) over the union of the store's graphs, the project's prefixes declared:
    ASK → bool, SELECT → list of tuples of Python values, in the query's order."""
    import pyoxigraph as ox

    from kg.vocab import PREFIXES
    head = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())

    def run(query: str):
        result = graph.query(head + query, use_default_graph_as_union=True)
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        names = [v.value for v in result.variables]
        return [tuple(_python(row[n]) for n in names) for row in result]
    return run
