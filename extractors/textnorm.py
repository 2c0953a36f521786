"""One way to compare labels: accents, case, punctuation and spacing folded away; and,
compared that way, the words that make a label a total, which the table readers and the
establishment reader share (a total row is neither a region nor an establishment)."""
from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    """`Île-de-France` → `ile de france`: ASCII lower-case words separated by one space."""
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


# The words that open the label of a total row or column, folded: totals and subtotals
# (`total` even glued to what follows, as in `TOTALCOÛT`), the aggregates of regions, and
# the total column heads of the Bulletin-officiel tables.
_TOTAL = re.compile(r"total|(?:totaux|sous total|france|metropole|dom|drom|outre mer|ensemble|"
                    r"dotations? regionales|cout total|montant disponible)\b")


def is_total_label(label: str) -> bool:
    """`Sous-total`, `France entière`, `TOTAL DOM`, `DOTATIONS régionales…`: a total's label."""
    return bool(_TOTAL.match(fold(label)))


def is_part_label(label: str) -> bool:
    """`dont lié à l'OGD`: a row that details part of the row above it (not a row to add)."""
    return fold(label).startswith("dont ")
