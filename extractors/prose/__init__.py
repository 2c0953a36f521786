"""Typed, normalised mentions in the prose of circulars: legal references, MIG codes,
establishments, amounts, regions and funding measures.

Each document's text is repaired first (repair.py) and run through the spaCy pipeline
(pipeline.py) in one `nlp.pipe` batch; rule matches found in the repaired text map back
to the ORIGINAL text, so every mention's text is exactly `doc.text[start:end]`. Table
headers, nomenclature lines and establishment tables are read line by line on the
original text. The line ranges of the document's tables (read once, by the caller) tell
which numbers and names are table facts rather than prose."""
from __future__ import annotations

import re

from extractors.facts import Evidence, Mention, make_mention
from extractors.prose import establishments, measures, migcodes
from extractors.prose.repair import breaks, repair
from extractors.sections import section_path

TYPES = ("legal_ref", "mig_code", "establishment", "amount", "region", "measure")


def extract_mentions(docs: list, tables: list[list]) -> list[list[Mention]]:
    """One list of typed mentions per document, in document order, given each document's
    tables: the documents are repaired, then run through the pipeline together (`nlp.pipe`),
    a long one in pieces cut at its paragraph ends."""
    from extractors.prose.pipeline import annotate

    repaired = [repair(doc.text) for doc in docs]
    contexts = [{"breaks": breaks(rep, doc.text), "lines_between": _lines_between(doc, rep)}
                for doc, rep in zip(docs, repaired)]       # the rule component reads the repair context
    spacy_docs = annotate([rep.text for rep in repaired],
                          [_paragraph_ends(doc, rep, c["breaks"]) for doc, rep, c in zip(docs, repaired, contexts)],
                          contexts)
    return [_mentions(doc, rep, spacy_doc._.mentions, [(t.first_line, t.last_line) for t in doc_tables])
            for doc, rep, spacy_doc, doc_tables in zip(docs, repaired, spacy_docs, tables)]


def _paragraph_ends(doc, rep, line_breaks: frozenset[int]) -> list[int]:
    """Repaired offsets just after a character that stands for a blank line of the
    original (a paragraph end): where a long text is cut into pieces for the model."""
    return [i + 1 for i in sorted(line_breaks) if doc.text.count("\n", rep.starts[i], rep.ends[i]) >= 2]


def _lines_between(doc, rep):
    def count(a: int, b: int) -> int:
        return doc.text.count("\n", rep.starts[a], rep.starts[min(b, len(rep.starts) - 1)])
    return count


def _mentions(doc, rep, found, tables: list[tuple[int, int]]) -> list[Mention]:
    spans: list[tuple[str, int, int, dict]] = []
    for kind, start, end, norm in found:
        ostart, oend = rep.original(start, end)
        line = doc.line_at(ostart)
        if kind in ("amount", "region") and (_table_row(line.text) or any(
                first <= line.number <= last for first, last in tables)):
            continue                   # a table cell or row label is a table fact
        spans.append((kind, ostart, oend, norm))
    spans += [("mig_code", s, e, n) for s, e, n in migcodes.from_lines(doc)]
    known = [(s, e) for k, s, e, _ in spans if k == "establishment"]
    spans += [("establishment", f.start, f.end, f.norm) for f in establishments.table_rows(doc, known)]
    spans += [("measure", s, e, n) for s, e, n in measures.find_measures(doc, tables)]
    row_regions = establishments.table_regions(doc)
    mentions = []
    for kind, start, end, norm in _dedupe(spans):
        start, end = _trim(doc.text, start, end)
        evidence = Evidence.of(doc, start, end)
        if kind == "establishment" and not norm.get("region") and evidence.line in row_regions:
            norm = {**norm, "region": row_regions[evidence.line]}
        path = section_path(doc, evidence.line)
        where = path[-1].line if path else None
        if kind == "measure":          # a measure heading sits in the sections above it
            path = [s for s in path if s.line != evidence.line]
        mentions.append(make_mention(kind, evidence.quote, evidence, norm, section_line=where,
                                     section=[_section_name(s) for s in path]))
    return mentions


def _table_row(text: str) -> bool:
    """A line that is a row of a table the table engine may not have read: tab cells,
    pipe cells (`| Alsace | 1 234 |`, or one cell per line ending in ` |`), HTML cells, or
    several numbers set apart by runs of spaces (a whitespace table)."""
    return ("\t" in text or bool(re.match(r"^\s*\|.*\|\s*$", text)) or bool(re.search(r"\S\s\|\s*$", text))
            or bool(re.search(r"(?i)</?t[dh]\b", text))
            or len(re.findall(r"[\d€%F](?:[ \u00a0]{3,})(?=[-\d])", text)) >= 2)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _dedupe(spans):
    """One mention per stretch of text and type: a longer match wins over one it holds
    (`hôpital Necker (AP-HP)` over `AP-HP`); identical duplicates collapse; establishments
    never overlap. In start order every span kept so far starts at or before this one, so
    the furthest end kept per type tells whether one holds it (linear, not pairwise)."""
    spans = sorted(spans, key=lambda s: (s[1], -(s[2] - s[1]), TYPES.index(s[0])))
    kept = []
    reach: dict[str, int] = {}
    for span in spans:
        kind, start, end, _ = span
        furthest = reach.get(kind, -1)
        if furthest >= end or (kind == "establishment" and furthest > start):
            continue
        kept.append(span)
        reach[kind] = max(furthest, end)
    return sorted(kept, key=lambda s: (s[1], s[2], TYPES.index(s[0])))


def _section_name(section) -> str:
    if section.kind == "annex":
        return f"Annexe {section.label}" + (f" - {section.title}" if section.title else "")
    return f"{section.label}. {section.title}" if section.label else section.title


def mention_record(doc, mention: Mention) -> dict:
    """The plain record `kg extract entities` prints for a mention."""
    ev = mention.evidence
    return {"document": doc.name, "type": mention.type, "text": mention.text, "line": ev.line,
            "start": ev.start, "end": ev.end, "page": ev.page, "norm": mention.norm,
            "section": mention.section}
