"""Money amounts written in running text and headings (`5,1 M€`, `150 millions
d'euros`, `1 500 000 F`), normalised by numbers.find_money: value with its scale applied,
in the stated currency, and in euros. Table cells are table facts, not prose amounts:
they carry no currency sign and are left to extractors/tables."""
from __future__ import annotations

import re

from extractors.numbers import find_money


def find_amounts(text: str) -> list[tuple[int, int, dict]]:
    """(start, end, norm) of every amount in repaired `text`."""
    found = []
    for money in find_money(text):
        if re.search(r"\d[.,]$", text[max(0, money.start - 2):money.start]):
            continue          # the tail of a number find_money cannot read (`1.500 €`)
        start, value, value_eur = money.start, money.value, money.value_eur
        dash = re.match(r"[-\u2212\u2013][\s\u00a0\u202f]+", money.text)
        if dash:              # `- 7,3 M€` in a list, `– 200 K€`: a dash, not a minus sign
            start, value, value_eur = start + dash.end(), -value, -value_eur
        norm = {"value": value, "currency": money.currency, "value_eur": value_eur}
        if money.per:
            norm["per"] = money.per
        found.append((start, money.end, norm))
    return found
