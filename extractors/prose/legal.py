"""Legal references in prose, each with its normalised identity.

Two families: code articles (`articles L. 162-22-8-2, … et D. 162-6 à D. 162-8 du code
de la sécurité sociale` gives one reference per article or range, each with its code,
whether the code is named before the list, after it, or earlier in the sentence) and
legal texts (loi, ordonnance, décret, arrêté, circulaire, instruction, note
d'information) identified by number and/or date. Codes, kinds and well-known named texts
are data (`legal.jsonl`). Works on repaired text (see repair.py): offsets are repaired
offsets, mapped back by the caller."""
from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

from extractors.dates import MONTH, MONTHS
from extractors.prose.found import Found

_DATA = [json.loads(line) for line in
         (Path(__file__).with_name("legal.jsonl")).read_text(encoding="utf-8").splitlines() if line.strip()]
CODES = [d for d in _DATA if d["type"] == "code"]
LEGITEXT = {d["code"]: d["legitext"] for d in CODES}
_INFER = [(re.compile(d["pattern"]), d["code"]) for d in _DATA if d["type"] == "infer"]
_KINDS = [d for d in _DATA if d["type"] == "kind"]
_NAMED = [d for d in _DATA if d["type"] == "named"]
_ANNUAL = [d for d in _DATA if d["type"] == "annual"]

_SP = r"[\s\u00a0\u202f]"

# one code name, as printed; group "code_<CODE>" tells which
_CODE_RE = "|".join(f"(?P<code_{d['code']}>(?i:{d['pattern']}))" if not d["pattern"].isupper()
                    else f"(?P<code_{d['code']}>{d['pattern']})" for d in CODES)
_CODE_ALT = "(?:" + "|".join(f"(?i:{d['pattern']})" for d in CODES) + ")"

_ART = (r"(?<![A-Za-z.])(?P<L>LO|L|R|D|A)\s?\.?\s?O?\.?\s?(?P<N>\d{1,4}(?:\s?-\s?\d+)*)"
        r"(?:-(?:[IVX]+)\b)?")
_ART2 = _ART.replace("P<L>", "P<L2>").replace("P<N>", "P<N2>")
_ITEM = re.compile(_ART + rf"(?:{_SP}*(?i:à|au){_SP}*" + _ART2 + r")?(?P<suiv>\s+et\s+suivants)?")
_ITEM_ANY = _ART.replace("(?P<L>", "(?:").replace("(?P<N>", "(?:")
_LIST = re.compile(
    r"(?P<head>\b(?i:articles?|art\.)\s*)"
    rf"(?P<list>{_ITEM_ANY}(?:{_SP}*(?i:à|au){_SP}*{_ITEM_ANY})?(?:\s+et\s+suivants)?"
    rf"(?:{_SP}*(?i:,|et|ou)?{_SP}*{_ITEM_ANY}(?:{_SP}*(?i:à|au){_SP}*{_ITEM_ANY})?(?:\s+et\s+suivants)?)*)"
    rf"(?P<after>{_SP}*,?{_SP}*(?i:du|de la|des|de l['’])?{_SP}*(?:{_CODE_RE}|(?P<same>(?i:même){_SP}+code|dudit{_SP}+code))\b)?")
_NUMERIC_ARTICLE = re.compile(
    rf"\b[Aa]rticles?{_SP}+(?P<n>\d+(?:-\d+)*){_SP}+(?:du|de la|des|de l['’]){_SP}*(?P<code>{_CODE_ALT})")
_CODE_BEFORE = re.compile(rf"(?P<code>{_CODE_RE})\s*,?\s*(?:et\s+)?(?:notamment\s+)?(?:(?:les|ses|en ses|à ses|son|sa|en son|à son)\s+)?$")

_DATE = (rf"(?P<day>1{_SP}?er|1ᵉʳ|\d{{1,2}}){_SP}+(?P<month>(?i:{MONTH}))"
         rf"(?:{_SP}+(?P<year>(?:19|20)\d{{2}})|{_SP}+(?P<last>dernier))?")
_KIND_ALT = "|".join(f"(?P<kind_{d['kind']}>{d['pattern']})" for d in _KINDS)
_QUAL = (r"(?:\s+(?:(?i:ministériel(?:le)?s?|interministériel(?:le)?s?|conjointe?s?|budgétaires?|tarifaires?)"
         r"|du\s+Premier\s+ministre|de\s+la\s+(?:DGOS|DSS|DGS|DHOS|DGCS|CNAM)\b"
         r"|(?P<qualcode>[A-Z][A-Z0-9]*(?:(?:[-/]+|\s(?=[A-Z0-9]{1,2}\b))[A-Z0-9]+)*/?)(?![a-zà-ÿ°º])))*")
_NUMBER = (r"(?:/\s*)?(?:[nN]\s?[°º]|[nN]o\.?(?=\s*\d))\s*"
           r"(?P<number>[A-Z][A-Z0-9]*(?:/+[A-Z0-9-]+)+|\d+(?:-\d+)*)")
_TEXT = re.compile(
    rf"(?<![\w])(?i:(?P<kind>{_KIND_ALT}))(?P<qual>{_QUAL})"
    rf"(?:\s*(?P<num>{_NUMBER}))?"
    rf"(?:\s*,?\s*(?:du|en{_SP}+date{_SP}+du){_SP}+(?P<date>{_DATE}))?")
_CONTINUED = re.compile(
    rf"\s*(?:,|et|ainsi que)\s+(?:(?:la|le|l['’])\s*)?(?:[A-Z][A-Z0-9]*(?:[-/ ]+[A-Z0-9]+)*/?\s*)?(?P<num>{_NUMBER})"
    rf"(?:\s*,?\s*(?:du|en{_SP}+date{_SP}+du){_SP}+(?P<date>{_DATE}))?")
_TITLE = re.compile(
    r"\s*,?\s*(?P<title>(?:fixant|portant|relati(?:f|ve|fs|ves)|modifiant|pris|prise|renforçant|"
    r"de financement|instituant|créant|précisant|définissant)\b[^;•○]{3,400}?)(?=\s*(?:[;•○]|\.\s+(?=[A-ZÀ-Ý«])|\.$|$))")
_ORDINAL = {"1": 1, "premier": 1, "première": 1, "2": 2, "deuxième": 2, "second": 2, "seconde": 2,
            "3": 3, "troisième": 3, "4": 4, "quatrième": 4}
_ORD = (r"(?P<ord>(?P<digit>[1-4])\s?(?:ère|ere|re|er|nde?|e|ème|eme)\b|premi(?:er|ère)|deuxième|"
        r"seconde?|troisième|quatrième)")
_ORD_CIRC = re.compile(rf"(?<![\w])(?i:{_ORD}){_SP}+(?i:circulaire)(?:{_SP}+(?i:budgétaire|tarifaire))?"
                       rf"(?:{_SP}+(?:et{_SP}+budgétaire{_SP}+)?(?P<year>(?:19|20)\d{{2}}))?")
_ORD_SELF = re.compile(rf"(?i:cette|la{_SP}+présente){_SP}+(?i:{_ORD}){_SP}+(?i:circulaire|délégation|phase)")
_ORD_ANY = re.compile(rf"(?i:{_ORD}){_SP}+(?i:circulaire|délégation|phase)(?:[^.\d]{{0,30}}(?P<year>(?:19|20)\d{{2}}))?")
_ARTICLE_BEFORE = re.compile(
    rf"(?:\b(?:[IVX]+{_SP}+de{_SP}+)?l['’]|\b)(?i:articles?|art\.?){_SP}+(?P<n>\d+(?:{_SP}*(?:,|et){_SP}*\d+)*){_SP}+"
    rf"(?:de{_SP}+la|de{_SP}+l['’]|du){_SP}*$")
_ARTICLE_AFTER = re.compile(
    r"^[^;•○]{0,200}?(?:\b(?:son|ses)\s+articles?|\bnotamment\s+(?:l['’]|les\s+)articles?|\(art\.?)\s+(?P<n>\d+)")
_BARE_ARTICLE = re.compile(rf"\bl['’]article{_SP}+(?P<n>\d+)(?:er|ᵉʳ)?\b(?!{_SP}*(?:du|de|des|d['’]|[-–]))")
_HEADER_END = re.compile(r"(?im)^\W*(?:textes?\s+de\s+r[ée]f[ée]rence|r[ée]f[ée]rences?)\b")



def _article(letter: str, number: str) -> str:
    return letter + re.sub(r"\s", "", number)


def infer_code(article: str) -> str | None:
    for pattern, code in _INFER:
        if pattern.search(article):
            return code
    return None


def _code_of(m: re.Match) -> str | None:
    for name, value in m.groupdict().items():
        if name.startswith("code_") and value:
            return name[5:]
    return None


def _kind_of(m: re.Match) -> str:
    for name, value in m.groupdict().items():
        if name.startswith("kind_") and value:
            return name[5:]
    return "other"


def parse_date(m: re.Match, ref_date: date | None, doc_year: int | None) -> str | None:
    """ISO date of a `_DATE` match; a missing year comes from the document (`du 1er
    février` in a 2001 circular), `dernier` means the last such day before it."""
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


def _eli(kind: str, number: str | None, iso: str | None) -> str | None:
    if kind not in ("loi", "loi_organique", "decret", "ordonnance") or not number or not iso:
        return None
    if not re.fullmatch(r"\d{2,4}-\d+", number):
        return None
    y, m, d = (int(x) for x in iso.split("-"))
    kind = "loi" if kind == "loi_organique" else kind
    return f"https://www.legifrance.gouv.fr/eli/{kind}/{y}/{m}/{d}/{number}/jo/texte"


def _norm(kind, code=None, article=None, article_end=None, number=None, iso=None, title=None, **extra):
    norm = {"kind": kind, "code": code, "article": article, "article_end": article_end,
            "number": number, "date": iso, "title": title}
    if kind == "code_article" and code in LEGITEXT:
        norm["code_id"] = LEGITEXT[code]
        norm["uri"] = f"https://www.legifrance.gouv.fr/codes/id/{LEGITEXT[code]}"
    else:
        norm["uri"] = _eli(kind, number, iso)
    norm.update(extra)
    return norm


def document_date(text: str) -> date | None:
    """Date of the circular itself: the dated circulaire/instruction printed in the header
    (before any `Textes de référence`), or None."""
    stop = _HEADER_END.search(text)
    head = text[:stop.start() if stop else min(len(text), 3000)]
    for m in _TEXT.finditer(head):
        if _kind_of(m) in ("circulaire", "instruction", "note_information") and m.group("date"):
            iso = parse_date(re.match(_DATE, m.group("date")), None, None)
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


def find_legal_refs(text: str, breaks: frozenset = frozenset(), lines_between=None) -> list[Found]:
    """Every legal reference in repaired `text`. `lines_between(a, b)`: how many source
    lines separate repaired offsets a and b (a kind word printed far above its number
    is layout damage: the reference is then anchored on the number)."""
    ref_date = document_date(text)
    doc_year = document_year(text, ref_date)
    refs: list[Found] = []
    taken: list[tuple[int, int]] = []

    # ---- code articles: lists, ranges, single articles
    for m in _LIST.finditer(text):
        after_code = _code_of(m) if m.group("after") else None
        if m.group("same"):            # `du même code`: the code named last
            after_code = next((r.norm["code"] for r in reversed(refs) if r.norm.get("code")), None)
        before = _CODE_BEFORE.search(text[max(0, m.start() - 120):m.start()])
        before_code = _code_of(before) if before else None
        items = list(_ITEM.finditer(text, m.start("list"), m.end("list")))
        for item in items:
            if re.fullmatch(r"[-–]\s*", text[item.end():]):
                continue               # an article cut by the end of the text
            article = _article(item.group("L"), item.group("N"))
            end_art = _article(item.group("L2"), item.group("N2")) if item.group("L2") else None
            code = after_code or before_code
            extra = {}
            if code is None:
                code = _previous_code(refs, text, item.start())
                if code is None:
                    code = infer_code(article)
                    extra["code_inferred"] = True
            start, end = item.start(), item.end()
            if len(items) == 1:
                start = m.start()
                end = m.end() if m.group("after") else item.end()
            refs.append(Found(start, end, _norm("code_article", code, article, end_art, **extra)))
            taken.append((item.start(), item.end()))
    for m in _NUMERIC_ARTICLE.finditer(text):
        code_m = re.fullmatch(_CODE_RE, m.group("code"))
        refs.append(Found(m.start(), m.end(), _norm("code_article", _code_of(code_m) if code_m else None, m.group("n"))))
        taken.append((m.start(), m.end()))

    # ---- texts by kind, number and date
    for m in _TEXT.finditer(text):
        kind = _kind_of(m)
        number = m.group("number")
        if not number:
            quals = re.findall(r"[A-Z][A-Z0-9]*(?:/+[A-Z0-9-]+)*/(?:19|20)\d{2}/\d+", m.group("qual") or "")
            number = quals[-1] if quals else None
        if not number and not m.group("date"):
            continue
        iso = parse_date(re.match(_DATE, m.group("date")), ref_date, doc_year) if m.group("date") else None
        end = m.end()
        title_m = _TITLE.match(text, end)
        title = _title(text, title_m, breaks) if title_m else None
        extra = {}
        if iso is None and m.group("date"):
            extra["date_unresolved"] = m.group("date")
        elif iso and not re.search(r"(?:19|20)\d{2}", m.group("date")):
            # `du 1er février`, `du 6 avril dernier`: the year is the circular's, said so
            extra["year_from"] = "circular date" if ref_date else "campaign year"
        article = _attached_article(text, m)
        start = m.start()
        if m.group("num") and lines_between and lines_between(m.start(), m.start("number")) > 2:
            start = m.start("number")
            extra["kind_from"] = m.group("kind")
        refs.append(Found(start, end, _norm(kind, None, article, None, number, iso, title, **extra)))
        # `… N° X du … et N° Y du …`: a list of texts of the same kind
        pos = end
        while True:
            c = _CONTINUED.match(text, pos)
            if not c:
                break
            c_iso = parse_date(re.match(_DATE, c.group("date")), ref_date, doc_year) if c.group("date") else None
            refs.append(Found(c.start("num"), c.end(), _norm(kind, None, None, None, c.group("number"), c_iso)))
            pos = c.end()

    # ---- named texts (`loi Elan`, `décret tertiaire`)
    for d in _NAMED:
        for m in re.finditer(rf"(?<![\w])(?i:{d['pattern']})(?![\w])", text):
            refs.append(Found(m.start(), m.end(), _norm(
                d["kind"], known_number=d["known_number"], known_date=d["known_date"],
                known_uri=_eli(d["kind"], d["known_number"], d["known_date"]))))

    # ---- yearly acts named by their year (`loi de financement de la sécurité sociale pour 2018`)
    for d in _ANNUAL:
        for m in re.finditer(rf"(?<![\w])(?i:{d['pattern']})(?![\w])", text):
            year = int(m.group("year") or m.group("year2"))
            refs.append(Found(m.start(), m.end(), _norm(d["kind"], article=_attached_article(text, m), year=year)))

    # ---- an article of an unnamed text (`dans le cadre de l'article 51`)
    texts = sorted((r for r in refs if r.norm["kind"] != "code_article" and (r.norm.get("number") or r.norm.get("date"))),
                   key=lambda r: r.end)
    for m in _BARE_ARTICLE.finditer(text):
        if any(s <= m.start() < e for s, e in taken) or re.search(r"\b(?:son|ses|notamment)\s*$", text[max(0, m.start() - 12):m.start()]):
            continue               # `notamment l'article 8` is part of the text cited before it
        prev = next((r for r in reversed(texts) if r.end <= m.start()), None)
        if prev and m.start() - prev.end <= 200 and not re.search(r"[;•○]|\.\s+[A-ZÀ-Ý]", text[prev.end:m.start()]) \
                and re.search(r":[^:]{0,20}$", text[prev.end:m.start()]):
            # `L'arrêté du 20 mars 2009 susvisé est modifié ainsi qu'il suit : 1° A l'article 1er`
            n = prev.norm
            refs.append(Found(m.start() + 2, m.end(), _norm(n["kind"], article=m.group("n"), number=n.get("number"),
                                                            iso=n.get("date"), text_from="context")))
            continue
        refs.append(Found(m.start() + 2, m.end(), _norm("loi", article=m.group("n"), text_unresolved=True)))

    # ---- earlier circulars named by their rank (`1ère circulaire budgétaire 2024`)
    own = _own_ordinal(text, doc_year)
    for m in _ORD_CIRC.finditer(text):
        rank = _rank(m)
        year = int(m.group("year")) if m.group("year") else None
        if rank == own and (year is None or year == doc_year):
            continue               # the circular itself
        refs.append(Found(m.start(), m.end(), _norm("circulaire", rank=rank, year=year)))

    refs.sort(key=lambda r: (r.start, r.end))
    return refs


def _title(text: str, m: re.Match, breaks: frozenset) -> str | None:
    """The title after a text's date, up to the end of its clause, the next legal text,
    or a source line break followed by a capital (a new paragraph in PDF text)."""
    start, end = m.start("title"), m.end("title")
    for i in range(start, end):
        if i in breaks and i + 1 < len(text) and not text[i + 1].islower():
            end = i
            break
    nxt = _TEXT.search(text, start, end)
    while nxt and not (nxt.group("num") or nxt.group("date")):
        nxt = _TEXT.search(text, nxt.end(), end)
    if nxt:
        end = nxt.start()
    title = re.sub(r"\s+", " ", text[start:end])
    title = re.sub(r"(?:\s*,|\s+(?:et|de|du|des|la|le|les|l['’]|d['’]))+\s*$", "", title).strip()
    return title or None


def _rank(m: re.Match) -> int:
    word = (m.group("digit") or m.group("ord")).lower()
    return _ORDINAL.get(word, 0)


def _own_ordinal(text: str, year: int | None) -> int | None:
    """Rank of the circular itself: `cette deuxième circulaire`, else the highest rank
    any `… circulaire|délégation|phase` of the campaign year carries (an annex of the
    first circular speaks of `la première circulaire budgétaire 2024`)."""
    own = [_rank(m) for m in _ORD_SELF.finditer(text)]
    if own:
        return Counter(own).most_common(1)[0][0]
    ranks = [_rank(m) for m in _ORD_ANY.finditer(text) if not m.group("year") or int(m.group("year")) == year]
    return max(ranks) if ranks else None


def _previous_code(refs: list[Found], text: str, pos: int) -> str | None:
    """Code of the closest code article before `pos` in the same sentence or list item."""
    for ref in reversed(refs):
        if ref.norm.get("kind") == "code_article" and ref.end <= pos and ref.norm.get("code"):
            between = text[ref.end:pos]
            if re.search(r"[;•○]|\.\s+[A-Z]", between) or len(between) > 400:
                return None
            return ref.norm["code"]
    return None


def _attached_article(text: str, m: re.Match) -> str | None:
    """`article 78 de la loi …`, `… notamment son article 33`, `(art 9)`: the article
    of a text is part of its reference."""
    before = _ARTICLE_BEFORE.search(text[max(0, m.start() - 60):m.start()])
    if before:
        return re.split(r"\s*(?:,|et)\s*", before.group("n"))[0]
    tail = text[m.end():m.end() + 240]
    after = _ARTICLE_AFTER.match(tail)
    if after and not re.search(r"\b(?:loi|décret|arrêté|circulaire|instruction|ordonnance)\b", tail[:after.start("n")], re.I):
        return after.group("n")
    return None
