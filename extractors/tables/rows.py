"""Row-model rules every detector shares: identifier cells (FINESS, SIRET, codes led by
a zero) label a row and are never amounts, nor is a short code before the row's name; a year is a header, not an amount, where the rows print other
numbers; a page number or `page 2 / 5` line is page furniture, never a row or a title."""
from __future__ import annotations

import re

from extractors.textnorm import fold

YEAR = re.compile(r"^(?:19|20)\d{2}$")
_IDENTIFIER = re.compile(r"^\d{9,}$")                  # FINESS, SIRET: printed without grouping
_SHORT_IDENTIFIER = re.compile(r"^\d{8}$")             # a FINESS that lost its leading zero
_LEADING_ZERO = re.compile(r"^0\d+$")                 # `01`, `0123`: no amount is printed so
_ROW_CODE = re.compile(r"^\d{1,3}[AB]?$")              # `67`, `2A`, `971`, `12`: a département, a rank
_ID_HEAD = re.compile(r"\b(finess|siret|siren|identifiant|numero|n o|code)\b")
_PAGE_NUMBER = re.compile(r"(?i)(page\s+)?[-\u2013]?\s*\d{1,4}\s*[-\u2013]?(\s*(/|sur|of)\s*\d{1,4})?")


def is_identifier(text: str, header: str = "") -> bool:
    """A code, not an amount: 9 digits or more without grouping, digits led by a zero
    (`01`), or 8 digits under a header that names an identifier (`N° FINESS`)."""
    return bool(_IDENTIFIER.match(text) or _LEADING_ZERO.match(text)
                or (_SHORT_IDENTIFIER.match(text) and _ID_HEAD.search(fold(header))))


def is_row_code(text: str) -> bool:
    """A short code that may lead a row before its name (`67` Bas-Rhin, `2A`, a rank):
    a label cell when a name follows it, never the row's name."""
    return bool(_ROW_CODE.match(text) or is_identifier(text))


def page_furniture(text: str) -> bool:
    """A page number line (`12`, `- 3 -`, `page 2 / 5`, `2 sur 5`)."""
    return bool(_PAGE_NUMBER.fullmatch(text.strip()))
