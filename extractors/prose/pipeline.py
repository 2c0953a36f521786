"""The spaCy pipeline: `fr_core_news_sm`'s statistical NER (organisation names) plus
named rule components — `mig_ruler` (a SpanRuler fed from migcodes.jsonl) and
`prose_rules` (legal references, amounts, establishments, regions: patterns kept as data
beside their modules). Only the components used run; the model loads once per process.
A text longer than spaCy's `max_length` goes through the model in pieces, joined back
into one Doc before the rules read it (`annotate`)."""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

import spacy
import srsly
from spacy.language import Language
from spacy.tokens import Doc

from extractors import regions
from extractors.prose import amounts, establishments, legal, migcodes

MODEL = "fr_core_news_sm"
UNUSED = ["tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer"]
# characters per piece of a text over `max_length`: the NER's working memory is about
# 3.5 KB per character, so a piece costs ~350 MB whatever the length of the text
PIECE = 100_000

if not Doc.has_extension("mentions"):
    Doc.set_extension("mentions", default=None)
if not Doc.has_extension("breaks"):
    Doc.set_extension("breaks", default=frozenset())
if not Doc.has_extension("lines_between"):
    Doc.set_extension("lines_between", default=None)

# an organisation the statistical model finds whose name says it is a hospital
_HOSPITAL_ORG = re.compile(r"(?i)^(?:l['’]\s*)?(?:hôpital|hôpitaux|hospices?|clinique|polyclinique|institut)\b.*[A-ZÉ]")
_NOT_HOSPITAL = re.compile(r"(?i)\b(?:national|nationale|agence|ministère|université|école|haute autorité)\b")
# a region name; bare `Centre` or `Réunion` only where a region is meant
_REGION = re.compile(rf"(?<![\w-])(?:{regions.name_pattern()})(?![\w-])")
_AMBIGUOUS_REGION = re.compile(r"^(?:Centre|Réunion)$")


@Language.factory("prose_rules")
def make_prose_rules(nlp: Language, name: str):
    return ProseRules()


class ProseRules:
    """Rule matches on the (repaired) text, collected as (type, start, end, norm) in
    `doc._.mentions`; identities that must be exact come from rules, not from the model."""

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        found: list[tuple[str, int, int, dict]] = []
        for ref in legal.find_legal_refs(text, doc._.breaks, doc._.lines_between):
            found.append(("legal_ref", ref.start, ref.end, ref.norm))
        for start, end, norm in migcodes.from_spans(doc):
            found.append(("mig_code", start, end, norm))
        for start, end, norm in amounts.find_amounts(text):
            found.append(("amount", start, end, norm))
        rule_spans = []
        for est in establishments.find_establishments(text):
            found.append(("establishment", est.start, est.end, est.norm))
            rule_spans.append((est.start, est.end))
        for ent in doc.ents:
            if ent.label_ != "ORG" or not _HOSPITAL_ORG.match(ent.text) or _NOT_HOSPITAL.search(ent.text):
                continue
            if any(s < ent.end_char and ent.start_char < e for s, e in rule_spans):
                continue
            found.append(("establishment", ent.start_char, ent.end_char,
                          {"name": ent.text, "kind": "other", "city": None, "region": None, "source": "ner"}))
        places = {(e.start_char, e.end_char) for e in doc.ents if e.label_ == "LOC"}
        for m in _REGION.finditer(text):
            if _row_label(text, m, doc._.breaks):
                continue          # a table row label: a table fact
            if _AMBIGUOUS_REGION.match(m.group(0)) and (m.start(), m.end()) not in places and not re.search(
                    r"(?i)(?:région|ARS|ARH|en|\()\s*$", text[max(0, m.start() - 10):m.start()]):
                continue          # `Centre` is a region where the model reads a place
            if _AMBIGUOUS_REGION.match(m.group(0)) and re.match(r"\s+(?:[A-ZÉ]|de\b|d['’]|du\b|des\b)", text[m.end():]):
                continue          # … but not `Centre Hospitalier`, `Centre de …`
            region = regions.find_region(m.group(0))
            if region is None or region.aggregate:
                continue
            norm = {"code": region.today, "name": regions.BY_CODE[region.today].name}
            if not region.current:
                norm["former"] = region.code
                norm["former_name"] = region.name
            found.append(("region", m.start(), m.end(), norm))
        doc._.mentions = found
        return doc


def _row_label(text: str, m, breaks: frozenset) -> bool:
    """A region name that opens a source line holding numbers, or sits on a tab row."""
    line_start = text.rfind("\n", 0, m.start()) + 1
    line_end = text.find("\n", m.end())
    if "\t" in text[line_start:line_end if line_end >= 0 else len(text)]:
        return True
    i = m.start() - 1
    while i >= 0 and text[i] in " \u00a0" and i not in breaks:
        i -= 1
    if i >= 0 and i not in breaks and text[i] != "\n":
        return False
    j = m.end()
    while j < len(text) and j not in breaks and text[j] != "\n":
        j += 1
    return bool(re.search(r"\d", text[m.end():j]))


@lru_cache(maxsize=1)
def nlp() -> Language:
    """The pipeline, built once: NER from the model, then the rule components."""
    model = spacy.load(MODEL, exclude=UNUSED)
    ruler = model.add_pipe("span_ruler", name="mig_ruler", config={"spans_key": "mig_ruler"})
    ruler.add_patterns(list(srsly.read_jsonl(migcodes.PATTERNS)))
    model.add_pipe("prose_rules", last=True)
    return model


def annotate(texts: list[str], cuts: list[list[int]], contexts: list[dict]) -> list[Doc]:
    """Run every text through the model's components (those within `max_length` in one
    `nlp.pipe` batch), then the rules with each text's `contexts` (extension name → value)
    set. A longer text goes through in pieces of at most PIECE characters, one at a time
    (the model's working memory grows with the batch), ending at one of its `cuts` (sorted
    offsets, e.g. paragraph ends) where they can; the pieces are joined back into one Doc
    whose text is exactly the text, so every offset the rules give stays right."""
    model = nlp()
    with model.select_pipes(disable=["prose_rules"]):
        short = model.pipe(text for text in texts if len(text) <= model.max_length)
        docs = [next(short) if len(text) <= model.max_length else
                Doc.from_docs(list(model.pipe((text[a:b] for a, b in pieces(text, text_cuts, PIECE)), batch_size=1)),
                              ensure_whitespace=False, exclude=["tensor"])
                for text, text_cuts in zip(texts, cuts)]
    rules = model.get_pipe("prose_rules")
    for doc, context in zip(docs, contexts):
        for name, value in context.items():
            setattr(doc._, name, value)
        rules(doc)
    return docs


def pieces(text: str, cuts: list[int], size: int) -> list[tuple[int, int]]:
    """[start, end) ranges of at most `size` characters covering `text`, each ending at
    the last of `cuts` that fits, else after the last white space that fits, else at
    `size` (a text of one unbroken word)."""
    ranges, start = [], 0
    while len(text) - start > size:
        limit = start + size
        i = bisect_right(cuts, limit) - 1
        if i >= 0 and cuts[i] > start:
            end = cuts[i]
        else:
            space = max(text.rfind(" ", start, limit), text.rfind("\n", start, limit))
            end = space + 1 if space >= start else limit
        ranges.append((start, end))
        start = end
    ranges.append((start, len(text)))
    return ranges
