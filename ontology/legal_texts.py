"""Texts cited by their name, as data (`legal_texts.jsonl`): the lois de financement de
la sécurité sociale (`lfss`) and lois de finances (`lf`) by year, with their number and
date, and the codes with their Légifrance ids. A law cited by its name (`loi de
financement de la sécurité sociale pour 2016`), by its date (`loi du 21 décembre 2015`)
or by its number (`loi n° 2015-1702`) resolves to one entry, hence one identity
(extractors/resolve/legal.py). Data only: no resolution here."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def _data() -> tuple[dict, ...]:
    path = Path(__file__).with_name("legal_texts.jsonl")
    return tuple(json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def codes() -> dict[str, dict]:
    """{code: {"name", "legitext"}} for the codes the extractors know."""
    return {d["code"]: d for d in _data() if d["type"] == "code"}


def texts() -> list[dict]:
    """The laws known by name: {"kind", "act" (lfss | lf), "year", "number", "date"}."""
    return [d for d in _data() if d["type"] == "text"]
