"""Finding legal references in (repaired) text: `find_legal_refs` sends each family to a
small `_extract_*` function (code articles, texts by kind/number/date, texts known by
their name, yearly acts, bare articles, circulars by rank). Patterns live in regexes.py,
identities are computed by resolve.py; offsets are repaired offsets, mapped back by the
caller."""
from __future__ import annotations

import re
from collections import Counter

from extractors.prose.found import Found
from extractors.prose.legal import regexes as rx
from extractors.prose.legal import resolve as rs

class _Context:
    """What every extractor of one text shares: the text, its repair breaks, the
    circular's own date and campaign year, the references found so far."""

    def __init__(self, text: str, breaks: frozenset, lines_between):
        self.text = text
        self.breaks = breaks
        self.lines_between = lines_between
        self.ref_date = rs.document_date(text)
        self.doc_year = rs.document_year(text, self.ref_date)
        self.refs: list[Found] = []
        self.taken: list[tuple[int, int]] = []

    def date(self, printed: str | None) -> str | None:
        return rs.date_of(printed, self.ref_date, self.doc_year) if printed else None


def find_legal_refs(text: str, breaks: frozenset = frozenset(), lines_between=None) -> list[Found]:
    """Every legal reference in repaired `text`. `lines_between(a, b)`: how many source
    lines separate repaired offsets a and b (a kind word printed far above its number
    is layout damage: the reference is then anchored on the number)."""
    ctx = _Context(text, breaks, lines_between)
    _extract_code_articles(ctx)
    _extract_texts(ctx)
    _extract_named(ctx)
    _extract_annual(ctx)
    _extract_bare_articles(ctx)
    _extract_ranked_circulars(ctx)
    ctx.refs.sort(key=lambda r: (r.start, r.end))
    return ctx.refs


def _extract_code_articles(ctx: _Context) -> None:
    """Lists, ranges and single articles of codes: one reference per article or range."""
    text, refs = ctx.text, ctx.refs
    for m in rx.LIST.finditer(text):
        list_code = rs.list_code(text, m, refs)
        items = list(rx.ITEM.finditer(text, m.start("list"), m.end("list")))
        for item in items:
            if re.fullmatch(r"[-–]\s*", text[item.end():]):
                continue               # an article cut by the end of the text
            article = rs.article(item.group("L"), item.group("N"))
            end_art = rs.article(item.group("L2"), item.group("N2")) if item.group("L2") else None
            code = list_code
            extra = {}
            if code is None:
                code = rs.previous_code(refs, text, item.start())
                if code is None:
                    code = rs.infer_code(article)
                    extra["code_inferred"] = True
            start, end = item.start(), item.end()
            if len(items) == 1:
                start = m.start()
                end = m.end() if m.group("after") else item.end()
            refs.append(Found(start, end, rs.norm("code_article", code, article, end_art, **extra)))
            ctx.taken.append((item.start(), item.end()))
    for m in rx.NUMERIC_ARTICLE.finditer(text):
        code_m = re.fullmatch(rx.CODE_RE, m.group("code"))
        refs.append(Found(m.start(), m.end(), rs.norm("code_article", rs.code_of(code_m), m.group("n"))))
        ctx.taken.append((m.start(), m.end()))


def _extract_texts(ctx: _Context) -> None:
    """Texts by kind, number and date, in every printed order."""
    text, refs = ctx.text, ctx.refs
    for m in rx.TEXT.finditer(text):
        kind = rs.kind_of(m)
        bare = m.group("bare")
        if bare and re.fullmatch(r"(?:19|20)\d{2}-(?:19|20)?\d{2}", bare):
            bare = None                # `2016-2017`: two years, not a number
        number = m.group("number") or bare
        if not number:
            # an issuer code that ends with year/serial: `DGOS/R1/2016/236`, `DHOS/O 1/F 4/2006/150`
            qual = re.sub(r"(?<=[A-Z0-9])\s+(?=[A-Z0-9]{1,2}\b)", "", m.group("qual") or "")
            quals = re.findall(r"[A-Z][A-Z0-9]*(?:/+[A-Z0-9-]+)*/(?:19|20)\d{2}/\d+", qual)
            number = quals[-1] if quals else None
        printed_date = m.group("date")
        end = m.end()
        if kind in rx.BODY_KINDS and not printed_date:
            body = rx.BODY_DATE.match(text, end)  # `délibération n° 5 du conseil de la CNSA du 12 mars 2010`
            if body:
                printed_date, end = body.group("date"), body.end()
        if not number and not printed_date:
            continue
        iso = ctx.date(printed_date)
        title_m = rx.TITLE.match(text, end)
        title = _title(text, title_m, ctx.breaks) if title_m else None
        extra = {}
        if iso is None and printed_date:
            extra["date_unresolved"] = printed_date
        elif iso and not re.search(r"(?:19|20)\d{2}", printed_date):
            # `du 1er février`, `du 6 avril dernier`: the year is the circular's, said so
            extra["year_from"] = "circular date" if ctx.ref_date else "campaign year"
        article = rs.attached_article(text, m)
        start = m.start()
        if m.group("num") and ctx.lines_between and ctx.lines_between(m.start(), m.start("number")) > 2:
            start = m.start("number")
            extra["kind_from"] = m.group("kind")
        refs.append(Found(start, end, rs.norm(kind, None, article, None, number, iso, title, **extra)))
        # `… N° X du … et N° Y du …`: a list of texts of the same kind
        pos = end
        while c := rx.CONTINUED.match(text, pos):
            refs.append(Found(c.start("num"), c.end(), rs.norm(kind, None, None, None, c.group("number"),
                                                               ctx.date(c.group("date")))))
            pos = c.end()


def _extract_named(ctx: _Context) -> None:
    """Texts known by their name (`loi Elan`, `loi ASV`, `décret tertiaire`)."""
    for d in rx.NAMED:
        for m in re.finditer(rf"(?<![\w])(?i:{d['pattern']})(?![\w])", ctx.text):
            ctx.refs.append(Found(m.start(), m.end(), rs.norm(
                d["kind"], known_number=d["known_number"], known_date=d["known_date"],
                known_uri=rs.eli(d["kind"], d["known_number"], d["known_date"]))))


def _extract_annual(ctx: _Context) -> None:
    """Yearly acts named by their year (`loi de financement de la sécurité sociale pour
    2018`, `loi de finances pour 1998`): number and date stay null, the year is kept."""
    for d in rx.ANNUAL:
        for m in re.finditer(rf"(?<![\w])(?i:{d['pattern']})(?![\w])", ctx.text):
            year = int(m.group("year") or m.group("year2"))
            ctx.refs.append(Found(m.start(), m.end(), rs.norm(
                d["kind"], article=rs.attached_article(ctx.text, m), year=year, act=d.get("act"))))


def _extract_bare_articles(ctx: _Context) -> None:
    """An article of an unnamed text (`dans le cadre de l'article 51`), or of the text
    named just before (`… ainsi qu'il suit : 1° A l'article 1er`)."""
    text = ctx.text
    for m in rx.BARE_ARTICLE.finditer(text):
        if any(s <= m.start() < e for s, e in ctx.taken) or re.search(
                r"\b(?:son|ses|notamment)\s*$", text[max(0, m.start() - 12):m.start()]):
            continue               # `notamment l'article 8` is part of the text cited before it
        prev = rs.text_before(ctx.refs, text, m.start())
        if prev:
            n = prev.norm
            ctx.refs.append(Found(m.start() + 2, m.end(), rs.norm(
                n["kind"], article=m.group("n"), number=n.get("number"), iso=n.get("date"), text_from="context")))
        else:
            ctx.refs.append(Found(m.start() + 2, m.end(), rs.norm("loi", article=m.group("n"), text_unresolved=True)))


def _extract_ranked_circulars(ctx: _Context) -> None:
    """Earlier circulars named by their rank (`1ère circulaire budgétaire 2024`)."""
    own = _own_ordinal(ctx.text, ctx.doc_year)
    for m in rx.ORD_CIRC.finditer(ctx.text):
        rank = _rank(m)
        year = int(m.group("year")) if m.group("year") else None
        if rank == own and (year is None or year == ctx.doc_year):
            continue               # the circular itself
        ctx.refs.append(Found(m.start(), m.end(), rs.norm("circulaire", rank=rank, year=year)))


def _title(text: str, m: re.Match, breaks: frozenset) -> str | None:
    """The title after a text's date, up to the end of its clause, the next legal text,
    or a source line break followed by a capital (a new paragraph in PDF text)."""
    start, end = m.start("title"), m.end("title")
    for i in range(start, end):
        if i in breaks and i + 1 < len(text) and not text[i + 1].islower():
            end = i
            break
    nxt = rx.TEXT.search(text, start, end)
    while nxt and not (nxt.group("num") or nxt.group("date")):
        nxt = rx.TEXT.search(text, nxt.end(), end)
    if nxt:
        end = nxt.start()
    verb = rx.TITLE_END.search(text, start, end)
    if verb:                       # `… relative au déploiement … prévoit dans son annexe 4`: the sentence goes on
        end = verb.start()
    title = re.sub(r"\s+", " ", text[start:end])
    title = re.sub(r"(?:\s*,|\s+(?:et|de|du|des|la|le|les|l['’]|d['’]))+\s*$", "", title).strip()
    return title or None


def _rank(m: re.Match) -> int:
    word = (m.group("digit") or m.group("ord")).lower()
    return rx.ORDINAL.get(word, 0)


def _own_ordinal(text: str, year: int | None) -> int | None:
    """Rank of the circular itself: `cette deuxième circulaire`, else the highest rank
    any `… circulaire|délégation|phase` of the campaign year carries (an annex of the
    first circular speaks of `la première circulaire budgétaire 2024`)."""
    own = [_rank(m) for m in rx.ORD_SELF.finditer(text)]
    if own:
        return Counter(own).most_common(1)[0][0]
    ranks = [_rank(m) for m in rx.ORD_ANY.finditer(text) if not m.group("year") or int(m.group("year")) == year]
    return max(ranks) if ranks else None
