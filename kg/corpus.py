"""Build a set of input documents into a store: read, extract (extractors.extract) and
build (kg/build.py) each document, then replace its named graph and rebuild the reference
graph of shared terms. The CLI, the tests and the benchmarks all build through
`build_corpus`.

Documents are streamed (one at a time per worker), so memory does not grow with the
archive; with `workers` > 1 a process pool extracts and builds (each worker loads the
spaCy model once) while this process writes to the store. A document whose sha256 and
software version are those of its stored graph is skipped unless `force`."""
from __future__ import annotations

import contextlib
import itertools
import multiprocessing
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from extractors import __version__
from extractors.extract import extract, timed
from extractors.readers import ReadError, iter_inputs, read_document
from kg.build import DEFAULT_BASE, document_graph, ontology_graph
from kg.iri import Minter
from kg.store import (StoreError, bump_generation, open_store, refresh_reference, replace_document, replace_graph,
                      split)
from kg.vocab import CKG, PROV


@dataclass
class BuildReport:
    """What a build did: one summary per document built, the documents left as they were,
    one line per document that failed, and, when asked, the seconds of each stage."""
    built: list[dict] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    timings: dict[str, float] | None = None
    cells: int = 0                 # table cells read, over the documents built
    mentions: int = 0              # prose mentions read


@dataclass
class _Built:
    """One document's graph, made in a worker, serialised for the store: its own triples
    and what it says of shared terms (sorted), both N-Triples."""
    name: str
    graph: str
    own: bytes
    shared: bytes
    quads: int
    cells: int
    mentions: int
    timings: dict | None


def _build_one(doc, base: str, timings: bool) -> _Built:
    stages = {} if timings else None
    facts = extract(doc, stages)
    with timed(stages, "build"):
        graph, quads = document_graph(facts, base)
        own, shared = split(graph, quads)
    return _Built(doc.name, graph.value, own, shared, len(quads), sum(len(t.cells) for t in facts.tables),
                  len(facts.mentions), stages)


def _safe_build(doc, base: str, timings: bool) -> _Built | str:
    try:
        return _build_one(doc, base, timings)
    except Exception as exc:  # an extractor failing on one document must not stop the rest
        return f"{doc.path}: extraction failed ({type(exc).__name__}: {exc})"


def _load_model() -> None:
    from extractors.prose.pipeline import nlp
    nlp()


def stored_versions(store: ox.Store) -> dict[str, tuple[str, str]]:
    """Graph IRI → (document sha256, software agent IRI) of every document graph stored."""
    rows = store.query(f"""SELECT ?g ?sha ?agent WHERE {{ GRAPH ?g {{ ?d a <{CKG.SourceDocument}> ; <{CKG.sha256}> ?sha .
        ?a <{PROV.used}> ?d ; <{PROV.wasAssociatedWith}> ?agent }} }}""")
    return {r["g"].value: (r["sha"].value, r["agent"].value) for r in rows}


def build_corpus(inputs, store_path, base: str = DEFAULT_BASE, *, workers: int = 1, force: bool = False,
                 executor=None, on_document=None, timings: bool = False) -> BuildReport:
    """Build every document of `inputs` (files, folders, or Documents already read) into the
    store folder: the ontology graph, one named graph per document (each replaced only once
    fully built), then the reference graph. A document that cannot be read or extracted is
    reported in `failed` ("path: reason") and the others still build. `executor` (any
    concurrent.futures executor, e.g. a Dask cluster's `client.get_executor()`) extracts
    the documents instead of local workers. `on_document(name)` is called as each document
    is done (progress)."""
    report = BuildReport(timings={} if timings else None)
    minter = Minter(base)
    docs = []
    for item in _items(inputs):
        try:
            docs.append(read_document(item) if isinstance(item, Path) else item)
        except ReadError as exc:
            report.failed.append(str(exc))
    if not docs:                   # nothing readable: no store is created or touched
        return report
    store = open_store(store_path)
    try:
        with _storing("the ontology graph"):
            replace_graph(store, *ontology_graph())
        stored = {} if force else stored_versions(store)
        todo = []
        for doc in docs:
            if stored.get(minter.graph(doc.name)) == (doc.sha256, minter.agent(__version__)):
                report.unchanged.append(doc.name)
                if on_document:
                    on_document(doc.name)
                continue
            todo.append(doc)
        with contextlib.closing(_results(todo, base, workers, timings, executor)) as results:
            for result in results:
                if on_document:
                    on_document(result if isinstance(result, str) else result.name)
                if isinstance(result, str):
                    report.failed.append(result)
                    continue
                with timed(report.timings, "store"), _storing(result.name):
                    replace_document(store, store_path, ox.NamedNode(result.graph), result.own, result.shared,
                                     minter.reference_graph())
                    bump_generation(store_path)      # readers (kg serve) reopen between documents
                for stage, seconds in (result.timings or {}).items():
                    report.timings[stage] = report.timings.get(stage, 0.0) + seconds
                report.cells += result.cells
                report.mentions += result.mentions
                report.built.append({"document": result.name, "graph": result.graph, "quads": result.quads})
        with timed(report.timings, "store"), _storing("the reference graph"):
            refresh_reference(store, store_path)
            store.flush()
            bump_generation(store_path)
    except StoreError as exc:   # the disk full, say: the documents stored so far are kept, whole
        report.failed.append(str(exc))
    return report


@contextlib.contextmanager
def _storing(what: str):
    """A write to the store failing (disk full, I/O error) as a StoreError naming `what`; the
    build stops there, since each graph is replaced in one commit the store stays whole."""
    try:
        yield
    except (OSError, RuntimeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise StoreError(f"{what}: not stored, the build stops here ({reason})") from exc


def _items(inputs) -> list:
    """Documents given as read, then the files of the given paths (folders expanded)."""
    items = [x for x in inputs if not isinstance(x, (str, Path))]
    return items + list(iter_inputs([x for x in inputs if isinstance(x, (str, Path))]))


def _results(docs: list, base: str, workers: int, timings: bool, executor=None):
    """Each document's graph (or its one-line failure), in input order, as soon as it is
    made. Local workers get the documents two at a time each, so results wait in memory only
    for the few documents ahead of the one being stored, and a build stopped early (a store
    error) waits only for the documents in hand, not for the rest of the archive."""
    if executor is not None:
        yield from executor.map(_safe_build, docs, [base] * len(docs), [timings] * len(docs))
        return
    if workers <= 1 or len(docs) <= 1:
        for doc in docs:
            yield _safe_build(doc, base, timings)
        return
    context = multiprocessing.get_context("spawn")     # no state shared with this process's store
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_load_model)
    todo, pending = iter(docs), deque()
    try:
        for doc in itertools.islice(todo, 2 * workers):
            pending.append(pool.submit(_safe_build, doc, base, timings))
        while pending:
            result = pending.popleft().result()
            for doc in itertools.islice(todo, 1):
                pending.append(pool.submit(_safe_build, doc, base, timings))
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
