"""build_corpus (kg/corpus.py): parallel builds give the graph of a one-worker build,
unchanged documents are skipped, a changed one is rebuilt alone, shared terms are
described once in the reference graph."""
from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pyoxigraph as ox

from kg.build import DEFAULT_BASE
from kg.corpus import build_corpus
from kg.store import generation, open_store, sorted_nquads

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SMALL = ("001_18c743be9dc09e1e.txt", "002_9f9b17e8f055c11f.txt")   # the two shortest documents


def nquads(path: Path) -> str:
    store = open_store(path, read_only=True)
    text = sorted_nquads(store)
    del store
    gc.collect()
    return text


def test_two_workers_build_the_graph_of_one(tmp_path):
    paths = [CORPUS / n for n in SMALL]
    one = build_corpus(paths, tmp_path / "one", workers=1)
    two = build_corpus(paths, tmp_path / "two", workers=2)
    assert [b["document"] for b in two.built] == list(SMALL) and not two.failed
    assert one.built == two.built
    assert nquads(tmp_path / "one") == nquads(tmp_path / "two")


def test_unchanged_documents_are_skipped_and_a_changed_one_rebuilt_alone(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name in SMALL:
        shutil.copyfile(CORPUS / name, src / name)
    store = tmp_path / "s"
    first = build_corpus([src], store)
    assert [b["document"] for b in first.built] == list(SMALL)
    before = nquads(store)
    again = build_corpus([src], store)
    assert (again.built, again.unchanged) == ([], list(SMALL))
    assert nquads(store) == before
    changed = src / SMALL[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nUne ligne de plus.\n", encoding="utf-8")
    seen = generation(store)
    third = build_corpus([src], store)
    assert ([b["document"] for b in third.built], third.unchanged) == ([SMALL[0]], [SMALL[1]])
    assert generation(store) not in ("", seen)      # readers (kg serve) can tell the store changed
    forced = build_corpus([src], store, force=True)
    assert [b["document"] for b in forced.built] == list(SMALL)


def test_shared_terms_are_described_once(corpus_store):
    """Several documents cite CSS articles and the same MIG codes; the union of the graphs
    holds each shared triple once (the reference graph), not once per document."""
    store = open_store(corpus_store, read_only=True)
    reference = ox.NamedNode(DEFAULT_BASE + "reference")
    code = ox.NamedNode(DEFAULT_BASE + "legal/code/css")
    about = list(store.quads_for_pattern(code, None, None))
    assert about and {q.graph_name for q in about} == {reference}
    triples = [q.triple for q in store if q.graph_name != ox.NamedNode("https://circulaires-kg.example.org/ontology")]
    assert len(triples) == len(set(triples))


def test_a_dask_cluster_builds_the_graph_of_a_local_build(tmp_path):
    """The same per-document function on a local Dask cluster (one worker process, on the
    loopback): the same N-Quads as a one-process build."""
    from distributed import Client, LocalCluster

    paths = [CORPUS / SMALL[0]]
    local = build_corpus(paths, tmp_path / "local", workers=1)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster, Client(cluster) as client:
        remote = build_corpus(paths, tmp_path / "dask", executor=client.get_executor())
    assert remote.built == local.built and not remote.failed
    assert nquads(tmp_path / "dask") == nquads(tmp_path / "local")
