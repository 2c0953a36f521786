"""The code lists of ontology/codes.ttl for the extractors, as plain strings: which
envelope or activity field a printed nature or title names, which renewal nature a
marker is, and the acronyms tables and headings print, so that no module keeps its own
list of `MIG|AC|DAF…` or `JPE|NR|R`."""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from extractors.textnorm import fold
from ontology.reference import concepts

SCHEMES = {"envelope": "envelopes", "activity": "activity-fields", "renewal": "renewals"}


@lru_cache(maxsize=None)
def _labels(kind: str) -> tuple[tuple[str, str], ...]:
    """(folded notation or alt label, notation), longest label first."""
    pairs = {(fold(label), c.notation) for c in concepts(SCHEMES[kind]) for label in (c.notation, *c.alt_labels)}
    return tuple(sorted(pairs, key=lambda x: (-len(x[0]), x)))


def classify(text: str | None, kind: str) -> str | None:
    """The notation of the envelope (kind `envelope`) or activity field (`activity`) a
    printed nature or title names first (`Dotations régionales des DAF` → `DAF`), else None."""
    if not text:
        return None
    folded = f" {fold(text)} "
    best = None
    for label, notation in _labels(kind):
        at = folded.find(f" {label} ")
        if at >= 0 and (best is None or at < best[0]):
            best = (at, notation)
    return best[1] if best else None


def renewal(text: str | None) -> str | None:
    """The renewal nature (`JPE`, `R`, `NR`) the text prints first as a word of its own,
    in any case (`MIG F21 JPE` → `JPE`, `(nr)` → `NR`), else None."""
    return next((w.upper() for w in re.findall(r"\w+", text or "") if w.upper() in acronyms("renewal")), None)


@lru_cache(maxsize=None)
def acronyms(kind: str, under: str | None = None) -> frozenset[str]:
    """The acronyms printed for a code list: notations and alt labels written as one
    upper-case word (`MIGAC`, `SSR`). `under`: only that concept and its narrower ones."""
    chosen = [c for c in concepts(SCHEMES[kind]) if under is None or under in (c.notation, c.broader)]
    return frozenset(label for c in chosen for label in (c.notation, *c.alt_labels)
                     if re.fullmatch(r"[A-Z]+", label))


def pattern(words: Iterable[str]) -> str:
    """A non-capturing regex alternation of `words`, longest first (`(?:MIGAC|MIG|AC)`)."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))) + ")"
