"""French numbers and money: `1 234,5`, `- 116,83`, `15,6K€`, `2,125 milliards de francs`,
`40,43 MEuro`, table units (`Les montants sont en milliers d'euros`). Decimals throughout,
so that printed digits survive exactly; francs convert to euros at the legal rate."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

FRF_PER_EUR = Decimal("6.55957")
SPACES = " \u00a0\u202f\u2009\u2007"          # space, no-break, narrow no-break, thin, figure
_SP = f"[{SPACES}]"
_MINUS = "-\u2212\u2013"
# digits before the comma of the largest amount read (under a billion billions): scaled
# by a milliard and turned into cents, it still fits the 28 digits Decimal computes with
MAX_DIGITS = 15

# A French number: optional sign (possibly followed by a space), digits grouped by 3 with
# spaces, optional decimal comma. Without grouping, any run of digits.
NUMBER = (rf"(?<![\d,])(?:[{_MINUS}]{_SP}?)?"
          rf"(?:\d{{1,3}}(?:{_SP}\d{{3}})+|\d+)(?:,\d+)?(?![\d])")
NUMBER_RE = re.compile(NUMBER)


class NumberError(ValueError):
    pass


def parse_number(text: str) -> Decimal:
    """`'- 1 234,50'` → Decimal('-1234.50'). Raises NumberError on anything else, and on
    a number of more than MAX_DIGITS digits before its comma (no amount is that large)."""
    s = text.strip()
    for ch in SPACES:
        s = s.replace(ch, "")
    s = s.replace("\u2212", "-").replace("\u2013", "-").replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", s):
        raise NumberError(f"not a French number: {text!r}")
    if len(s.lstrip("-").split(".")[0].lstrip("0")) > MAX_DIGITS:
        raise NumberError(f"not an amount: {text!r} has more than {MAX_DIGITS} digits before its comma")
    try:
        return Decimal(s)
    except InvalidOperation as exc:  # pragma: no cover - the regex already guards
        raise NumberError(f"not a French number: {text!r}") from exc


def decimals_of(text: str) -> int:
    """How many decimals a printed number shows (`'1 234,50'` → 2)."""
    return len(text.rsplit(",", 1)[1].strip()) if "," in text else 0


def rounding_tolerance(parts: int, decimals: int) -> Decimal:
    """How far a printed total may stray from the sum of `parts` printed numbers, each
    rounded to `decimals`: half a unit of the last digit per part, at least one part."""
    return max(parts, 1) * Decimal("0.5") * Decimal(10) ** -decimals


def format_number(value: Decimal, decimals: int | None = None, sep: str = "\u00a0") -> str:
    """French printing: no-break thousands separator, decimal comma."""
    q = value if decimals is None else value.quantize(Decimal(1).scaleb(-decimals))
    sign = "-" if q < 0 else ""
    digits = f"{abs(q):f}"
    whole, _, frac = digits.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + sep.join(groups) + ("," + frac if frac else "")


def to_eur(value: Decimal, currency: str) -> Decimal:
    """Euros from an amount in EUR or FRF (francs at 6,55957, rounded to the cent)."""
    if currency == "FRF":
        return (value / FRF_PER_EUR).quantize(Decimal("0.01"))
    return value


# ---------------------------------------------------------------- money in prose

_SCALES = {
    "k": Decimal(1000), "m": Decimal(10) ** 6, "md": Decimal(10) ** 9, "mds": Decimal(10) ** 9,
    "millier": Decimal(1000), "milliers": Decimal(1000),
    "million": Decimal(10) ** 6, "millions": Decimal(10) ** 6,
    "milliard": Decimal(10) ** 9, "milliards": Decimal(10) ** 9,
}

# unit part after the number; group names: scale letter(s) / word, currency
MONEY_RE = re.compile(
    rf"(?P<num>(?<![\d,.])\d+\.\d{{1,2}}(?![\d.])|{NUMBER})"         # 0.7M€: a stray decimal point
    rf"{_SP}?(?:"
    rf"(?P<sym_scale>Md|Mds|[kKM])?{_SP}?(?P<sym>€|EUR\b|Euros?\b|euros?\b)"      # 5,1 M€, 19,2 k€, 315 Euro, 40,43 MEuro
    rf"|(?P<word_scale>milliers?|millions?|milliards?){_SP}+(?:(?:d['’]|de{_SP}+)(?P<word>euros?|francs?)\b|(?P<wsym>€))"
    rf"|(?P<fr_scale>[kKM])F\b(?![\w'’])"                                       # 71 MF, 500 kF
    rf"|(?P<franc>F|FF|francs?)\b(?![\w'’])"                                   # 2 400 F, 50 000 francs
    rf")"
    rf"(?:{_SP}?/{_SP}?(?P<per>[a-zéèêà]+))?"
)


@dataclass(frozen=True)
class Money:
    text: str
    start: int
    end: int
    value: Decimal          # in `currency`, scale applied
    currency: str           # "EUR" | "FRF"
    per: str | None = None  # "place" in `60 000 €/place`

    @property
    def value_eur(self) -> Decimal:
        return to_eur(self.value, self.currency)


def find_money(text: str):
    """Every money amount written in `text`, with its offsets."""
    for m in MONEY_RE.finditer(text):
        try:
            number = parse_number(m.group("num"))
        except NumberError:
            continue
        if m.group("sym"):
            scale = _SCALES.get((m.group("sym_scale") or "").lower(), Decimal(1))
            currency = "EUR"
        elif m.group("word_scale"):
            scale = _SCALES[m.group("word_scale").lower()]
            currency = "FRF" if (m.group("word") or "").lower().startswith("franc") else "EUR"
        elif m.group("fr_scale"):
            scale, currency = _SCALES[m.group("fr_scale").lower()], "FRF"
        else:
            scale, currency = Decimal(1), "FRF"
        value = number * scale
        yield Money(m.group(0), m.start(), m.end(), _normal(value), currency, m.group("per"))


def parse_money(text: str) -> Money:
    """The single amount `text` is made of (`'1,2 M€'`); raises NumberError otherwise."""
    found = list(find_money(text.strip()))
    if len(found) != 1 or found[0].text != text.strip():
        raise NumberError(f"not a money amount: {text!r}")
    return found[0]


def _normal(value: Decimal) -> Decimal:
    """Drop the exponent a scale multiplication leaves (5.1E+6 → 5100000)."""
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


# ---------------------------------------------------------------- table units

@dataclass(frozen=True)
class Unit:
    symbol: str           # "k€", "kF", "€", "F", "M€"
    currency: str         # "EUR" | "FRF"
    factor: Decimal       # printed value × factor = amount in currency

    def to_eur(self, value: Decimal) -> Decimal:
        return to_eur(value * self.factor, self.currency)


UNITS = {
    "k€": Unit("k€", "EUR", Decimal(1000)), "kF": Unit("kF", "FRF", Decimal(1000)),
    "€": Unit("€", "EUR", Decimal(1)), "F": Unit("F", "FRF", Decimal(1)),
    "M€": Unit("M€", "EUR", Decimal(10) ** 6), "MF": Unit("MF", "FRF", Decimal(10) ** 6),
    "Md€": Unit("Md€", "EUR", Decimal(10) ** 9), "MdF": Unit("MdF", "FRF", Decimal(10) ** 9),
}
_SCALE_KEY = {"milliers": "k", "millions": "M", "milliards": "Md"}

_UNIT_RE = re.compile(
    r"(?:montants?|donn[ée]es|chiffres|sommes)\s+(?:sont\s+)?(?:exprim[ée]e?s\s+)?en\s+"
    r"(?:(?P<scale>milliers|millions|milliards)?\s*(?:d['’]|de\s+)?(?P<cur>euros?|francs?)"
    r"|(?P<symbol>[kKM]€|kF|MF|Md€|MdF|€)(?![\w€]))", re.I)


def table_unit(text: str) -> Unit | None:
    """The unit a sentence declares for the tables after it (`Les montants sont en
    milliers d'euros`, `… en k€`), or None."""
    m = _UNIT_RE.search(unicodedata.normalize("NFC", text))
    if not m:
        return None
    if m.group("symbol"):
        symbol = m.group("symbol")
        return UNITS.get(symbol) or UNITS.get(symbol[0].lower() + symbol[1:]) or UNITS.get(symbol.capitalize())
    franc = m.group("cur").lower().startswith("franc")
    key = _SCALE_KEY.get((m.group("scale") or "").lower(), "") + ("F" if franc else "€")
    return UNITS[key]


_HEADER_UNIT_RE = re.compile(
    r"\ben\s+(?P<scale>milliers|millions|milliards)?\s*(?:d['’]|de\s+)?(?P<cur>euros?|francs?)\b", re.I)


def header_unit(label: str) -> Unit | None:
    """The unit a column header prints for itself (`DOTATIONS régionales en milliers
    d'euros` in a table in francs), or None."""
    m = _HEADER_UNIT_RE.search(label or "")
    if not m:
        return None
    key = _SCALE_KEY.get((m.group("scale") or "").lower(), "")
    return UNITS[key + ("F" if m.group("cur").lower().startswith("franc") else "€")]
