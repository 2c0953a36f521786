"""Build a set of input documents into a store: read, extract (extractors.extract) and
build (kg/build.py) each document, then replace its named graph. The CLI, the tests and
the benchmark all build through `build_corpus`."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from extractors.extract import extract, timed
from extractors.readers import ReadError, iter_inputs, read_document
from kg.build import DEFAULT_BASE, document_graph, ontology_graph
from kg.store import open_store, replace_graph


@dataclass
class BuildReport:
    """What a build did: one summary per document built, one line per document that failed,
    and, when asked, the seconds spent in each stage."""
    built: list[dict] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    timings: dict[str, float] | None = None
    cells: int = 0                 # table cells read, over all documents
    mentions: int = 0              # prose mentions read


def build_corpus(inputs, store_path, base: str = DEFAULT_BASE, *, on_document=None,
                 timings: bool = False) -> BuildReport:
    """Build every document of `inputs` (files, folders, or Documents already read) into the
    store folder: the ontology graph, then one named graph per document, each replaced only
    once fully built. A document that cannot be read or extracted is reported in
    `failed` ("path: reason") and the others still build. `on_document(item)` is called
    before each one (progress)."""
    report = BuildReport(timings={} if timings else None)
    items = [x for x in inputs if not isinstance(x, (str, Path))]
    items += list(iter_inputs([x for x in inputs if isinstance(x, (str, Path))]))
    store = open_store(store_path)
    replace_graph(store, *ontology_graph())
    for item in items:
        if on_document:
            on_document(item)
        try:
            doc = read_document(item) if isinstance(item, Path) else item
        except ReadError as exc:
            report.failed.append(str(exc))
            continue
        try:
            facts = extract(doc, report.timings)
            report.cells += sum(len(t.cells) for t in facts.tables)
            report.mentions += len(facts.mentions)
            with timed(report.timings, "build"):
                graph, quads = document_graph(facts, base)
        except Exception as exc:  # an extractor failing on one document must not stop the rest
            report.failed.append(f"{item}: extraction failed ({type(exc).__name__}: {exc})")
            continue
        with timed(report.timings, "store"):
            n = replace_graph(store, graph, quads)
        report.built.append({"document": doc.name, "graph": graph.value, "quads": n})
    store.flush()
    return report

