"""Texts cited by their name, as data (`legal_texts.jsonl`): the lois de financement de
la sécurité sociale (`lfss`) and lois de finances (`lf`) by year, with their number and
date, and the codes with their Légifrance ids. A law cited by its name (`loi de
financement de la sécurité sociale pour 2016`), by its date (`loi du 21 décembre 2015`)
or by its number (`loi n° 2015-1702`) resolves to one entry, hence one identity."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

_ACT_TITLE = {"lfss": "de financement de la sécurité sociale pour {year}", "lf": "de finances pour {year}"}
_ACT_WORDS = {"lfss": re.compile(r"(?i)financement\s+de\s+la\s+s[ée]curit[ée]\s+sociale"),
              "lf": re.compile(r"(?i)\bde\s+finances\b")}
_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre")


@lru_cache(maxsize=1)
def _data() -> tuple[dict, ...]:
    path = Path(__file__).with_name("legal_texts.jsonl")
    return tuple(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def codes() -> dict[str, dict]:
    """{code: {"name", "legitext"}} for the codes the extractors know."""
    return {d["code"]: d for d in _data() if d["type"] == "code"}


def french_date(iso: str) -> str:
    """`2015-12-21` → `21 décembre 2015`."""
    y, m, d = (int(x) for x in iso.split("-"))
    return f"{'1er' if d == 1 else d} {_MONTHS[m - 1]} {y}"


def title(entry: dict) -> str:
    """`Loi n° 2015-1702 du 21 décembre 2015 de financement de la sécurité sociale pour 2016`."""
    return (f"Loi n° {entry['number']} du {french_date(entry['date'])} "
            + _ACT_TITLE[entry["act"]].format(year=entry["year"]))


def known_text(kind: str | None, number: str | None = None, date: str | None = None, act: str | None = None,
               year: int | None = None, title_printed: str | None = None) -> dict | None:
    """The table entry a citation designates: by act and year, by number, or by date
    alone (only when one entry has that date and a printed title does not say otherwise)."""
    if kind not in ("loi", None):
        return None
    texts = [d for d in _data() if d["type"] == "text"]
    if act and year:
        return next((d for d in texts if d["act"] == act and d["year"] == year), None)
    if number:
        return next((d for d in texts if d["number"] == number), None)
    if date:
        same = [d for d in texts if d["date"] == date]
        if len(same) == 1 and (not title_printed or _ACT_WORDS[same[0]["act"]].search(title_printed)):
            return same[0]
    return None
