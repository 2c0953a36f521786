"""Money amounts written in running text and headings (`5,1 M€`, `150 millions
d'euros`, `1 500 000 F`), normalised by numbers.find_money: value with its scale applied,
in the stated currency, and in euros. Table cells are table facts, not prose amounts:
they carry no currency sign and are left to extractors/tables.

Forms read here beyond numbers.find_money:
- a dot as the thousands separator (`274.720 millions de francs`, `1.500 €`): the dots
  of such a number are read as spaces (offsets unchanged);
- an amount in words (`un milliard d'euros`, `deux millions de francs`);
- a scale word before an abbreviated currency (`12 millions de F`, `2 Mds d'euros`);
- a scale word with the currency left implicit (`soit 33 millions de plus`): the
  currency is the one of the closest amount before it (euros when none);
- never a number inside an HTML `<table>` (a table cell)."""
from __future__ import annotations

import re
from decimal import Decimal

from extractors.numbers import NUMBER, SPACES, find_money, parse_number, to_eur

_SP = f"[{SPACES}]"
# `274.720`, `41.880,8`, `1.500`: groups of three digits after dots (not `0.7`, not a date)
_DOT_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d]|\.\d)")
_SCALE = {"million": Decimal(10) ** 6, "millions": Decimal(10) ** 6,
          "milliard": Decimal(10) ** 9, "milliards": Decimal(10) ** 9,
          "Md": Decimal(10) ** 9, "Mds": Decimal(10) ** 9, "Mrd": Decimal(10) ** 9, "Mrds": Decimal(10) ** 9}
_WORDS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7,
          "huit": 8, "neuf": 9, "dix": 10, "cent": 100}
# `un milliard d'euros`, `deux millions de francs`
_IN_WORDS = re.compile(
    rf"(?<![\w])(?P<n>(?i:{'|'.join(_WORDS)})){_SP}+(?P<scale>millions?|milliards?)"
    rf"{_SP}+(?:d['’]|de{_SP}+)(?P<cur>euros?|francs?)\b")
# `33 millions` with no currency: not `33 millions de personnes` (`de plus|de moins` is fine)
_IMPLICIT = re.compile(
    rf"(?P<num>{NUMBER}){_SP}+(?P<scale>millions?|milliards?)\b"
    rf"(?!{_SP}*(?:d['’]|de{_SP}+(?!plus\b|moins\b)|des{_SP}|€|EUR\b|[Ee]uros?\b|F\b|francs?\b))")
# `12 millions de F`, `3,5 milliards de FF`, `2 Mds d'euros`, `10 millions d'€`
_SCALED = re.compile(
    rf"(?P<num>{NUMBER}){_SP}+(?P<scale>millions?|milliards?|Mds?|Mrds?)"
    rf"{_SP}+(?:de{_SP}+(?P<f>FF|F)\b(?![\w'’])|d['’]{_SP}?(?P<e>€|euros?\b))")
_HTML_TABLE = re.compile(r"(?is)<table\b.*?</table>")


def _readable(text: str) -> str:
    """`text` with the dots of dot-grouped numbers read as spaces (same length)."""
    return _DOT_THOUSANDS.sub(lambda m: m.group(0).replace(".", "\u202f"), text)


def find_amounts(text: str) -> list[tuple[int, int, dict]]:
    """(start, end, norm) of every amount in repaired `text`."""
    found = []
    tables = [(m.start(), m.end()) for m in _HTML_TABLE.finditer(text)]
    readable = _readable(text)
    for money in find_money(readable):
        if re.search(r"\d[.,]$", readable[max(0, money.start - 2):money.start]):
            continue          # the tail of a number find_money cannot read
        start, value, value_eur = money.start, money.value, money.value_eur
        dash = re.match(r"[-\u2212\u2013][\s\u00a0\u202f]+", money.text)
        if dash:              # `- 7,3 M€` in a list, `– 200 K€`: a dash, not a minus sign
            start, value, value_eur = start + dash.end(), -value, -value_eur
        norm = {"value": value, "currency": money.currency, "value_eur": value_eur}
        if money.per:
            norm["per"] = money.per
        found.append((start, money.end, norm))
    for m in _IN_WORDS.finditer(text):
        value = _WORDS[m.group("n").lower()] * _SCALE[m.group("scale")]
        currency = "FRF" if m.group("cur").startswith("franc") else "EUR"
        found.append((m.start(), m.end(), {"value": value, "currency": currency,
                                           "value_eur": to_eur(value, currency)}))
    for m in _SCALED.finditer(readable):
        if any(s < m.end() and m.start() < e for s, e, _ in found):
            continue
        try:
            value = parse_number(m.group("num")) * _SCALE[m.group("scale")]
        except ValueError:
            continue
        value = value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
        currency = "FRF" if m.group("f") else "EUR"
        found.append((m.start(), m.end(), {"value": value, "currency": currency, "value_eur": to_eur(value, currency)}))
    for m in _IMPLICIT.finditer(readable):
        if any(s < m.end() and m.start() < e for s, e, _ in found):
            continue
        try:
            number = parse_number(m.group("num"))
        except ValueError:
            continue
        before = [n for s, e, n in found if e <= m.start()]
        currency = max(((e, n["currency"]) for s, e, n in found if e <= m.start()), default=(0, "EUR"))[1] \
            if before else "EUR"
        value = number * _SCALE[m.group("scale")]
        value = value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()
        found.append((m.start("num"), m.end(), {"value": value, "currency": currency,
                                                "value_eur": to_eur(value, currency), "currency_implicit": True}))
    found = [f for f in found if not any(s <= f[0] < e for s, e in tables)]
    return sorted(found, key=lambda f: (f[0], f[1]))
