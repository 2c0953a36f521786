"""One way to compare labels: accents, case, punctuation and spacing folded away."""
from __future__ import annotations

import re
import unicodedata


def fold(text: str) -> str:
    """`Île-de-France` → `ile de france`: ASCII lower-case words separated by one space."""
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", " ", s).strip()
