"""Pure functions from what a legal reference prints to its normalised identity: the
code of an article (printed, named before or after the list, `du même code`, inferred
from the numbering), the ISO date (a missing year from the document), the ELI address,
the article a text is cited for. Swappable: find.py only calls these."""
from __future__ import annotations

import re
from collections import Counter
from datetime import date

from extractors.dates import MONTHS
from extractors.prose.found import Found
from extractors.prose.legal import regexes as rx


def article(letter: str, number: str) -> str:
    """`L`, `162 - 22-13` → `L162-22-13`."""
    return letter + re.sub(r"\s", "", number)


def infer_code(article: str) -> str | None:
    """The code an article without a named code belongs to, from its numbering."""
    for pattern, code in rx.INFER:
        if pattern.search(article):
            return code
    return None


def code_of(m: re.Match | None) -> str | None:
    """The code a `CODE_RE` match names (its `code_<CODE>` group)."""
    if m is None:
        return None
    for name, value in m.groupdict().items():
        if name.startswith("code_") and value:
            return name[5:]
    return None


def kind_of(m: re.Match) -> str:
    for name, value in m.groupdict().items():
        if name.startswith("kind_") and value:
            return name[5:]
    return "other"


def parse_date(m: re.Match, ref_date: date | None, doc_year: int | None) -> str | None:
    """ISO date of a `DATE` match; a missing year comes from the document (`du 1er
    février` in a 2001 circular), `dernier` means the last such day before it."""
    if m.group("dd"):
        try:
            return date(int(m.group("yy")), int(m.group("mm")), int(m.group("dd"))).isoformat()
        except ValueError:
            return None
    day = int(re.sub(r"\D", "", m.group("day")) or 1)
    month = MONTHS[m.group("month").lower()]
    if m.group("year"):
        year = int(m.group("year"))
    elif m.group("last") and ref_date:
        year = ref_date.year if (month, day) < (ref_date.month, ref_date.day) else ref_date.year - 1
    elif doc_year:
        year = doc_year
    else:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def date_of(printed: str, ref_date: date | None, doc_year: int | None) -> str | None:
    return parse_date(re.match(rx.DATE, printed), ref_date, doc_year)


def eli(kind: str, number: str | None, iso: str | None) -> str | None:
    """The ELI address of a numbered loi, décret or ordonnance."""
    if kind not in ("loi", "loi_organique", "decret", "ordonnance") or not number or not iso:
        return None
    if not re.fullmatch(r"\d{2,4}-\d+", number):
        return None
    y, m, d = (int(x) for x in iso.split("-"))
    kind = "loi" if kind == "loi_organique" else kind
    return f"https://www.legifrance.gouv.fr/eli/{kind}/{y}/{m}/{d}/{number}/jo/texte"


def norm(kind, code=None, article=None, article_end=None, number=None, iso=None, title=None, **extra) -> dict:
    """The `norm` dict of a reference (the keys of facts.LegalReference)."""
    out = {"kind": kind, "code": code, "article": article, "article_end": article_end,
           "number": number, "date": iso, "title": title}
    if kind == "code_article" and code in rx.LEGITEXT:
        out["code_id"] = rx.LEGITEXT[code]
        out["uri"] = f"https://www.legifrance.gouv.fr/codes/id/{rx.LEGITEXT[code]}"
    else:
        out["uri"] = eli(kind, number, iso)
    out.update(extra)
    return out


def document_date(text: str) -> date | None:
    """Date of the circular itself: the dated circulaire/instruction printed in the header
    (before any `Textes de référence`), or None."""
    stop = rx.HEADER_END.search(text)
    head = text[:stop.start() if stop else min(len(text), 3000)]
    for m in rx.TEXT.finditer(head):
        if kind_of(m) in ("circulaire", "instruction", "note_information") and m.group("date"):
            iso = date_of(m.group("date"), None, None)
            if iso:
                return date.fromisoformat(iso)
    return None


def document_year(text: str, ref: date | None) -> int | None:
    """The campaign year: the circular's own date, else the latest year printed at
    least half as often as the most printed one (an annex recalls earlier years)."""
    if ref:
        return ref.year
    years = Counter(int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text))
    if not years:
        return None
    top = max(years.values())
    return max(y for y, n in years.items() if 2 * n >= top)


def list_code(text: str, m: re.Match, refs: list[Found]) -> str | None:
    """The code of an article list: printed right after it, `du même code` (the code named
    last), else the nearest code named after it in its clause, else the code named just
    before it."""
    if m.group("after"):
        if m.group("same"):
            return next((r.norm["code"] for r in reversed(refs) if r.norm.get("code")), None)
        return code_of(m)
    later = rx.CODE_LATER.match(text, m.end())
    if later and not re.search(r"(?i)\barticles?\b|\bart\.", later.group(0)):
        return code_of(later)
    return code_of(rx.CODE_BEFORE.search(text[max(0, m.start() - 120):m.start()]))


def previous_code(refs: list[Found], text: str, pos: int) -> str | None:
    """Code of the closest code article before `pos` in the same sentence or list item."""
    for ref in reversed(refs):
        if ref.norm.get("kind") == "code_article" and ref.end <= pos and ref.norm.get("code"):
            between = text[ref.end:pos]
            if re.search(r"[;•○]|\.\s+[A-Z]", between) or len(between) > 400:
                return None
            return ref.norm["code"]
    return None


def attached_article(text: str, m: re.Match) -> str | None:
    """`article 78 de la loi …`, `… notamment son article 33`, `(art 9)`: the article
    of a text is part of its reference."""
    before = rx.ARTICLE_BEFORE.search(text[max(0, m.start() - 60):m.start()])
    if before:
        return re.sub(r"\D", "", re.split(r"\s*(?:,|et)\s*", before.group("n"))[0])
    tail = text[m.end():m.end() + 240]
    after = rx.ARTICLE_AFTER.match(tail)
    if after and not re.search(r"\b(?:loi|décret|arrêté|circulaire|instruction|ordonnance)\b", tail[:after.start("n")], re.I):
        return after.group("n")
    return None


def text_before(refs: list[Found], text: str, pos: int) -> Found | None:
    """The text a bare `l'article 1er` belongs to: one named just before, introduced by
    a colon (`L'arrêté du 20 mars 2009 susvisé est modifié ainsi qu'il suit : 1° A l'article 1er`)."""
    texts = [r for r in refs if r.norm["kind"] != "code_article" and (r.norm.get("number") or r.norm.get("date"))
             and r.end <= pos]
    prev = max(texts, key=lambda r: r.end, default=None)
    if prev is None or pos - prev.end > 200:
        return None
    between = text[prev.end:pos]
    if re.search(r"[;•○]|\.\s+[A-ZÀ-Ý]", between) or not re.search(r":[^:]{0,20}$", between):
        return None
    return prev
