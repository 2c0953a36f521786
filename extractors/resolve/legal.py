"""Legal references ↔ the texts they designate: one identity per text or code article,
whichever way it is cited. A law cited by its name, its date or its number resolves to
its entry of ontology/legal_texts.jsonl (one number, one date); a text known only by its
date keeps its full title; each text gets one French label made from its identity, so
that every citation of it gives the same label."""
from __future__ import annotations

import re
from datetime import date

from extractors.dates import MONTHS
from extractors.facts import LegalIdentity, LegalReference
from ontology import legal_texts

_ACT_TITLE = {"lfss": "de financement de la sécurité sociale pour {year}", "lf": "de finances pour {year}"}
_ACT_WORDS = {"lfss": re.compile(r"(?i)financement\s+de\s+la\s+s[ée]curit[ée]\s+sociale"),
              "lf": re.compile(r"(?i)\bde\s+finances\b")}
_MONTH_NAMES = {n: name for name, n in reversed(list(MONTHS.items()))}   # the accented spelling
_KIND_LABEL = {"loi": "Loi", "loi_organique": "Loi organique", "ordonnance": "Ordonnance", "decret": "Décret",
               "arrete": "Arrêté", "circulaire": "Circulaire", "instruction": "Instruction",
               "note_information": "Note d'information", "decision": "Décision", "deliberation": "Délibération",
               "avis": "Avis"}


def french_date(iso: str) -> str:
    """`2015-12-21` → `21 décembre 2015`."""
    y, m, d = (int(x) for x in iso.split("-"))
    return f"{'1er' if d == 1 else d} {_MONTH_NAMES[m]} {y}"


def known_text(kind: str | None, number: str | None = None, date: str | None = None, act: str | None = None,
               year: int | None = None, title_printed: str | None = None) -> dict | None:
    """The reference-table entry a citation designates: by act and year, by number, or by
    date alone (only when one entry has that date and a printed title does not say otherwise)."""
    if kind not in ("loi", None):
        return None
    texts = legal_texts.texts()
    if act and year:
        return next((d for d in texts if d["act"] == act and d["year"] == year), None)
    if number:
        return next((d for d in texts if d["number"] == number), None)
    if date:
        same = [d for d in texts if d["date"] == date]
        if len(same) == 1 and (not title_printed or _ACT_WORDS[same[0]["act"]].search(title_printed)):
            return same[0]
    return None


def _valid(day: str | None) -> bool:
    """An ISO date that exists (a misread `2021-02-30` is printed without its date)."""
    try:
        return bool(day) and date.fromisoformat(day) is not None
    except ValueError:
        return False


def identity(ref: LegalReference) -> LegalIdentity | None:
    """The identity of the text or code article a reference designates (None when it names
    neither a code article, nor a number, nor a date). The article of a text (`article 33
    de la loi …`) stays on the mention: the identity is the text's."""
    if ref.kind == "code_article" or (ref.code and ref.article):
        label = f"{ref.code} {ref.article}" + (f" à {ref.article_end}" if ref.article_end else "")
        code = legal_texts.codes().get(ref.code)
        return LegalIdentity(ref.kind or "code_article", label, code=ref.code, article=ref.article,
                             article_end=ref.article_end, uri=ref.uri, code_name=code["name"] if code else ref.code)
    number, day = ref.number or ref.known_number, ref.date or ref.known_date
    kind = "loi" if ref.kind == "loi_organique" else ref.kind     # one numbering for lois and lois organiques
    known = known_text(kind, number=number, date=day, act=ref.act, year=ref.year, title_printed=ref.title)
    legal_kind = ref.kind or "texte"
    if known:
        kind = legal_kind = known["kind"]
        number, day = known["number"], known["date"]
    if not number and not day:
        return None
    name = _KIND_LABEL.get(legal_kind, legal_kind.replace("_", " ").capitalize())
    if known:
        label = (f"Loi n° {known['number']} du {french_date(known['date'])} "
                 + _ACT_TITLE[known["act"]].format(year=known["year"]))
    elif number:
        label = f"{name} n° {number}"
    else:
        label = f"{name} du {french_date(day)}" if _valid(day) else name
        if ref.title and _valid(day):
            label += " " + re.sub(r"\s+", " ", ref.title.replace("’", "'")).strip()
    return LegalIdentity(legal_kind, label, iri_kind=kind or "texte", number=number, date=day,
                         title=None if number else ref.title, uri=ref.uri or ref.known_uri)


def legal_identities(mentions: list) -> dict[int, LegalIdentity]:
    """Mention index → identity, for the legal references that designate a text or article."""
    out = {}
    for i, m in enumerate(mentions):
        if m.type == "legal_ref" and (found := identity(m)) is not None:
            out[i] = found
    return out
