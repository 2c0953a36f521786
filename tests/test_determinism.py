"""Same input, same graph, byte for byte once sorted; every minted IRI under the base."""
from __future__ import annotations

import gc

from conftest import build_store
from kg.build import DEFAULT_BASE
from kg.store import open_store, sorted_nquads

BASE = "https://example.org/kg/"


def build(path, docs, base):
    build_store(path, docs, base)
    store = open_store(path, read_only=True)
    text = sorted_nquads(store)
    del store
    gc.collect()
    return text


def test_building_twice_gives_identical_sorted_nquads(corpus_docs, graph, tmp_path):
    """A fresh build of two documents equals, quad for quad, their graphs in the session
    store (built earlier, in another order, through the CLI)."""
    names = ["004_5a668c0349ee34c2.txt", "000_e5e150b2e5b19c7b.txt"]
    fresh = build(tmp_path / "a", [corpus_docs[n] for n in names], DEFAULT_BASE)
    graphs = {f"<{DEFAULT_BASE}graph/{n}>" for n in names} | {"<https://circulaires-kg.example.org/ontology>"}
    session = sorted(str(q) + " ." for q in graph if str(q.graph_name) in graphs)
    assert [x for x in fresh.splitlines() if x.rsplit(" ", 2)[-2] in graphs] == session
    assert fresh == build(tmp_path / "b", [corpus_docs[n] for n in reversed(names)], DEFAULT_BASE)


def test_minted_iris_follow_the_base_and_no_blank_nodes(corpus_docs, tmp_path):
    """Every subject and graph of a document graph is minted under the base, except the
    shared code lists (regions, MIG codes), whose IRIs do not depend on a build."""
    import pyoxigraph as ox

    text = build(tmp_path / "c", [corpus_docs["001_18c743be9dc09e1e.txt"]], BASE)
    quads = [q for q in ox.parse(text.encode(), format=ox.RdfFormat.N_QUADS)
             if q.graph_name.value != "https://circulaires-kg.example.org/ontology"]
    assert quads and {q.graph_name.value for q in quads} == {BASE + "graph/001_18c743be9dc09e1e.txt", BASE + "reference"}
    assert not any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object))
    code = "https://circulaires-kg.example.org/code/"
    assert all(q.subject.value.startswith((BASE, code)) for q in quads)
    assert not any(DEFAULT_BASE in str(q) for q in quads)
