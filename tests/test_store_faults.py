"""The store under faults (issue 15): a document's graph is replaced in one commit, so a
build killed at any moment leaves every stored document whole (its old or its new graph),
and readers opened during a build always open and always see every document."""
from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.store import SHARED, open_store

ROOT = Path(__file__).resolve().parent.parent
MARK = "<urn:ckg-test:version> <urn:ckg-test:is> \"B\" ."

# Rewrites every document graph of the store in turn, version B then version A, and adds
# each round one new document (a copy of one, as graph `IRI#copyN`, A's triples), forever,
# through replace_document as a build does; prints "ready" once the store is open and
# "stored" after each replacement commits, so a test can kill it at a known point.
WRITER = """
import sys
from pathlib import Path
import pyoxigraph as ox
from kg.store import open_store, replace_document
store_dir, parts = Path(sys.argv[1]), Path(sys.argv[2])
store = open_store(store_dir)
docs = [(p.stem, (parts / (p.stem + '.iri')).read_text(), (parts / (p.stem + '.shared')).read_bytes())
        for p in sorted(parts.glob('*.iri'))]
print('ready', flush=True)
copies = 0
while True:
    for version in 'ba':
        for stem, iri, shared in docs:
            replace_document(store, store_dir, ox.NamedNode(iri), (parts / f'{stem}.{version}.nt').read_bytes(),
                             shared, sys.argv[3])
            print('stored', flush=True)
            copies += 1
            replace_document(store, store_dir, ox.NamedNode(f'{iri}#copy{copies}'),
                             (parts / f'{stem}.a.nt').read_bytes(), shared, sys.argv[3])
            print('stored', flush=True)
"""


@pytest.fixture()
def versions(corpus_store, tmp_path):
    """A copy of the corpus store, and for each document graph two versions of its triples:
    A (as built) and B (two triples fewer, one marker more): {graph IRI: (A lines, B lines)}."""
    store_dir, parts = tmp_path / "store", tmp_path / "parts"
    shutil.copytree(corpus_store, store_dir)
    parts.mkdir()
    store = open_store(store_dir, read_only=True)
    out, reference = {}, None
    for k, record in enumerate(sorted((store_dir / SHARED).glob("*.nt"))):
        head, ref, shared = record.read_bytes().split(b"\n", 2)
        iri, reference = head.decode()[2:], ref.decode()[len("# reference "):]
        a = sorted(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(iri)).decode().splitlines())
        b = sorted(a[2:] + [MARK])
        (parts / f"{k}.iri").write_text(iri)
        (parts / f"{k}.shared").write_bytes(shared)
        (parts / f"{k}.a.nt").write_text("\n".join(a) + "\n")
        (parts / f"{k}.b.nt").write_text("\n".join(b) + "\n")
        out[iri] = (a, b)
    del store
    assert len(out) == 5
    return store_dir, parts, reference, out


def start_writer(store_dir: Path, parts: Path, reference: str) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(store_dir), str(parts), reference],
                            cwd=ROOT, stdout=subprocess.PIPE, text=True, env={"PYTHONPATH": str(ROOT)})
    assert proc.stdout.readline().strip() == "ready"
    return proc


def graph_lines(store: ox.Store, iri: str) -> list[str]:
    return sorted(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(iri)).decode().splitlines())


def test_a_build_killed_at_any_moment_leaves_every_document_whole(versions):
    """SIGKILL at random moments while documents are being replaced and added: reopened, the
    store holds every document, each exactly as version A or version B (never none, never a
    mix), and each new document whole."""
    store_dir, parts, reference, expected = versions
    rng = random.Random(15)
    seen = set()
    # kill after a number of commits (10 per round of versions: 5 documents and 5 copies),
    # then a random delay into the next write: some kills leave a round half done, so
    # both versions are seen whatever the machine's speed
    for commits in rng.sample([2, 5, 9, 12, 15, 19, 23, 27], 8):
        writer = start_writer(store_dir, parts, reference)
        for _ in range(commits):
            assert writer.stdout.readline().strip() == "stored"
        time.sleep(rng.uniform(0.0, 0.5))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        store = open_store(store_dir)
        for iri, (a, b) in expected.items():
            got = graph_lines(store, iri)
            assert got in (a, b), f"{iri}: {len(got)} triples, neither version ({len(a)} or {len(b)})"
            seen.add(got == b)
        for graph in store.named_graphs():
            if "#copy" in graph.value:
                assert graph_lines(store, graph.value) == expected[graph.value.split("#")[0]][0], graph.value
        del store
    assert seen == {True, False}     # the kills did land between versions


def test_readers_opened_during_a_build_open_and_see_every_document(versions):
    """A reader loop opening the store read-only while a writer replaces its documents:
    every opening succeeds, every document graph is there with A's or B's triple count, and
    every new document is there whole or not yet."""
    store_dir, parts, reference, expected = versions
    counts = {iri: {len(a), len(b)} for iri, (a, b) in expected.items()}
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    writer = start_writer(store_dir, parts, reference)
    try:
        opened = 0
        deadline = time.monotonic() + 12
        while time.monotonic() < deadline:
            store = open_store(store_dir, read_only=True)
            got = {r["g"].value: int(r["n"].value) for r in store.query(query)}
            for iri, allowed in counts.items():
                assert got.get(iri) in allowed, f"reader {opened}: {iri} has {got.get(iri)} triples"
            for iri, n in got.items():
                if "#copy" in iri:
                    assert n == len(expected[iri.split("#")[0]][0]), f"reader {opened}: {iri} has {n} triples"
            del store
            opened += 1
        assert writer.poll() is None, "the writer stopped"
        assert opened >= 10
    finally:
        writer.kill()
        writer.wait()


def test_a_full_disk_stops_the_build_with_one_line_and_keeps_the_documents_done(corpus_store, tmp_path):
    """`kg build` into a tmpfs of 60 % of the corpus store's size, which holds the first corpus
    documents but not all: one line naming the document that did not fit and the reason,
    exit 1, and the store reopens with the documents done before it, each whole (as in the
    corpus store). The size follows the store, so the test holds as the graph grows."""
    small = tmp_path / "small"
    small.mkdir()
    size = sum(p.stat().st_size for p in Path(corpus_store).rglob("*") if p.is_file()) * 6 // 10
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(small)],
                             capture_output=True, text=True)
    if mounted.returncode:
        pytest.skip(f"no small tmpfs to fill: mount failed ({mounted.stderr.strip()})")
    try:
        run = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(ROOT / "corpus"), "--store",
                              str(small / "s"), "--workers", "1"], cwd=ROOT, capture_output=True, text=True,
                             env={"PYTHONPATH": str(ROOT)})
        assert run.returncode == 1
        assert len(run.stderr.splitlines()) == 1 and "No space left on device" in run.stderr
        failed = run.stderr.removeprefix("kg: ").split(": not stored, the build stops here (")[0]
        names = sorted(p.name for p in (ROOT / "corpus").iterdir())
        done = [line.split(":")[0] for line in run.stdout.splitlines() if " quads in " in line]
        assert done == names[:names.index(failed)] and len(done) >= 1
        store, reference = open_store(small / "s", read_only=True), open_store(corpus_store, read_only=True)
        graphs = sorted(g.value for g in store.named_graphs() if "/graph/" in g.value)
        assert [g.rsplit("/", 1)[1] for g in graphs] == done
        for iri in graphs:
            assert graph_lines(store, iri) == graph_lines(reference, iri)
        del store
    finally:
        subprocess.run(["umount", str(small)], check=True)
