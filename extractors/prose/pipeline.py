"""The spaCy pipeline: `fr_core_news_sm`'s statistical NER (organisation names) plus
named rule components — `mig_ruler` (a SpanRuler fed from migcodes.jsonl) and
`prose_rules` (legal references, amounts, establishments, regions: patterns kept as data
beside their modules). Only the components used run; the model loads once per process."""
from __future__ import annotations

import re
from functools import lru_cache

import spacy
import srsly
from spacy.language import Language
from spacy.tokens import Doc

from extractors import regions
from extractors.prose import amounts, establishments, legal, migcodes

MODEL = "fr_core_news_sm"
UNUSED = ["tok2vec", "morphologizer", "parser", "attribute_ruler", "lemmatizer"]

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
        for m in _REGION.finditer(text):
            if "\t" in text[text.rfind("\n", 0, m.start()) + 1:text.find("\n", m.end()) % (len(text) + 1)]:
                continue          # a table row label: a table fact
            if _AMBIGUOUS_REGION.match(m.group(0)) and not re.search(
                    r"(?i)(?:région|ARS|ARH|en|\()\s*$", text[max(0, m.start() - 10):m.start()]):
                continue
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


@lru_cache(maxsize=1)
def nlp() -> Language:
    """The pipeline, built once: NER from the model, then the rule components."""
    model = spacy.load(MODEL, exclude=UNUSED)
    ruler = model.add_pipe("span_ruler", name="mig_ruler", config={"spans_key": "mig_ruler"})
    ruler.add_patterns(list(srsly.read_jsonl(migcodes.PATTERNS)))
    model.add_pipe("prose_rules", last=True)
    return model
