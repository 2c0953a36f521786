"""One pass over a document: `extract(doc) -> DocumentFacts`. Each stage runs once (the
tables are read once and handed to the prose extractor), and the resolution of
extractors/resolve links the facts; kg/build.py only turns the result into quads."""
from __future__ import annotations

import time
from contextlib import contextmanager

from extractors.circular import extract_circular
from extractors.facts import CheckResult, DocumentFacts, Table
from extractors.resolve import resolve
from extractors.tables import extract_tables
from extractors.tables.reconcile import check_table


@contextmanager
def timed(timings: dict | None, stage: str):
    """Add the seconds the block takes to `timings[stage]` (nothing when timings is None)."""
    start = time.perf_counter()
    yield
    if timings is not None:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start


def table_facts(doc) -> tuple[list[Table], list[CheckResult]]:
    """The document's tables and every printed total recomputed (what `kg check` reports)."""
    tables = extract_tables(doc)
    return tables, checks_of(tables)


def checks_of(tables: list[Table]) -> list[CheckResult]:
    return [r for t in tables for r in check_table(t)]


def assemble(doc, tables: list[Table], mentions: list, checks: list[CheckResult] | None = None) -> DocumentFacts:
    """DocumentFacts from facts already read (by the extractors, or by hand in tests)."""
    checks = checks_of(tables) if checks is None else checks
    return DocumentFacts(doc, extract_circular(doc), tables, checks, mentions, resolve(doc, tables, mentions))


def extract_all(docs: list, timings: dict | None = None) -> list[DocumentFacts]:
    """DocumentFacts of several documents; their prose goes through spaCy in one batch.
    With `timings`, the seconds spent in each stage are added to it."""
    from extractors.prose import extract_mentions

    with timed(timings, "tables"):
        tables = [table_facts(doc) for doc in docs]
    with timed(timings, "entities"):
        mentions = extract_mentions(docs, [t for t, _ in tables])
    with timed(timings, "resolve"):
        return [assemble(doc, t, m, checks) for doc, (t, checks), m in zip(docs, tables, mentions)]


def extract(doc, timings: dict | None = None) -> DocumentFacts:
    """Everything read from one document."""
    return extract_all([doc], timings)[0]
