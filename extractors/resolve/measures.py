"""Measures of the prose ↔ the table columns funding them: by MIG code first (the
column's code printed in the heading), then by label similarity when a measure and a
column are each other's best match."""
from __future__ import annotations

import re

from extractors.facts import MENTION_LEVEL, Measure, MeasureLink, Table
from extractors.textnorm import fold

# words that say nothing about which measure a label names
STOPWORDS = set("""de des du la le les l d et en a au aux pour par dans sur avec sans un une
    mig ac mco jpe nr r dotation dotations credits financement finance mesure mesures prise prises charge
    etablissements etablissement sante national nationale nationaux plan""".split())
MIN_OVERLAP = 0.6     # share of the shorter label's words found in the other
NOT_MEASURES = ("base", "total", "final", "count", "year", "label")   # column roles


def find_measures(sections: list, tables: list[Table], mentions: list) -> list[Measure]:
    """Headings (and `measure` mentions outside them) that may name a funded measure,
    with the MIG codes printed in them."""
    code_mentions: dict[int, set] = {}
    for m in mentions:
        if m.type == "mig_code" and m.code:
            code_mentions.setdefault(m.evidence.line, set()).add(m.code.upper())
    table_codes = {col.code.upper() for t in tables if t.kind != "nomenclature" for col in t.columns if col.code}
    headings = {}
    for s in sections:
        if s.kind != "heading":
            continue
        codes = set(code_mentions.get(s.line, set()))
        codes |= {c for c in table_codes if re.search(rf"\b{c}\b", s.title)}
        headings[s.line] = Measure(s.title, codes, s.line, s.end_line, s.level, heading_line=s.line)
    out = list(headings.values())
    for i, m in enumerate(mentions):
        if m.type != "measure":
            continue
        codes = {m.code.upper()} if m.code else set()
        if m.evidence.line in headings:        # the heading itself: one measure, not two
            headings[m.evidence.line].codes |= codes
            continue
        out.append(Measure(m.heading or m.text, codes, m.evidence.line, m.evidence.line, MENTION_LEVEL, mention=i))
    return out


def _words(text: str) -> set:
    return {w for w in fold(text).split() if len(w) > 2 and w not in STOPWORDS and not w.isdigit()}


def similarity(a: str, b: str) -> float:
    """Overlap of content words (accents, case folded): |A ∩ B| / min(|A|, |B|), 0 when
    fewer than two words are shared."""
    wa, wb = _words(a), _words(b)
    common = wa & wb
    if len(common) < 2 or not wa or not wb:
        return 0.0
    return len(common) / min(len(wa), len(wb))


def measure_columns(measures: list[Measure], tables: list[Table]) -> list[MeasureLink]:
    """The columns of each measure. By MIG code first; then a measure and a column pair by
    label when each is the other's best match (ties kept); a heading over linked measures
    is not itself linked by label."""
    columns = [(t.id, c) for t in tables if t.kind != "nomenclature" for c in t.columns
               if not c.is_total and c.role not in NOT_MEASURES]
    links: dict[int, list] = {}
    methods: dict[int, str] = {}
    for k, m in enumerate(measures):
        found = [(tid, c.index) for tid, c in columns if c.code and c.code.upper() in m.codes]
        if found:
            links[k], methods[k] = found, "mig_code"
    scores = {}
    for k, m in enumerate(measures):
        if k in links:
            continue
        for tid, c in columns:
            if c.code and m.codes:       # both carry a code, and not the same one
                continue
            score = similarity(m.label, c.label)
            if score >= MIN_OVERLAP:
                scores[(k, (tid, c.index))] = score
    best_measure, best_column = {}, {}
    for (k, col), score in scores.items():
        best_measure[k] = max(best_measure.get(k, 0.0), score)
        best_column[col] = max(best_column.get(col, 0.0), score)
    for (k, col), score in scores.items():
        if score == best_measure[k] == best_column[col]:
            links.setdefault(k, []).append(col)
            methods[k] = "label"
    coded_or_labelled = set(links)
    for k, m in enumerate(measures):
        if methods.get(k) == "label" and any(
                j in coded_or_labelled and j != k and m.first_line <= x.first_line <= m.last_line
                for j, x in enumerate(measures)):
            del links[k]
    return [MeasureLink(measures[k], cols, methods[k]) for k, cols in sorted(links.items())]
