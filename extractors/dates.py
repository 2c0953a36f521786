"""French month names, for the readers of dates in a circular's header and in legal
references (`18 novembre 2024`, `1er février dernier`), each with its own date pattern."""
from __future__ import annotations

MONTHS = {"janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
          "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
          "décembre": 12, "decembre": 12}
MONTH = "|".join(MONTHS)        # a regex alternation of the names, with and without accents
