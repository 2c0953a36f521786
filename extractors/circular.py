"""Document-level facts from the header of a circular: its number (`DGOS/FIP1/2024/166`,
`2005-473`), NOR, date, issuer, title, campaign year and annexes, each with the evidence
it was read from. A document without a header (an annex sent alone, a first page lost)
keeps what can be read elsewhere (annexes, campaign year) and leaves the rest None."""
from __future__ import annotations

import re
from collections import Counter

from extractors.dates import MONTH, MONTHS
from extractors.facts import Circular, Evidence
from extractors.sections import clean
from extractors.textnorm import fold

HEADER_LINES = 80          # the header of a circular fits in its first lines

DATE_WORDS = rf"(?P<d>\d{{1,2}})(?:er)?\s+(?P<m>{MONTH})\s+(?P<y>(?:19|20)\d\d)"
DATE_SLASH = r"(?P<d2>\d{1,2})/(?P<m2>\d{1,2})/(?P<y2>(?:19|20)\d\d)"

# `CIRCULAIRE N° DGOS/FIP1/2024/166`, `Circulaire DHOS/F 2/DSS/1 A no 2005-473`,
# `Instruction interministérielle n° DGOS/R1/2017/223`, `Note d'information n° …`:
# a heading line, not a list item.
_TITLE = re.compile(
    r"^[*_\s]*(?P<kind>circulaire|instruction|note\s+d['’]information)\b(?P<head>[^\n]{0,80}?)\s"
    r"(?:n[°o]|no|N°)\s*(?P<num>(?:[A-Z][A-Za-z0-9]*(?:\s?[/-]\s?[A-Z0-9][A-Za-z0-9]*)*\s?/\s?)?"
    r"(?:19|20)\d\d\s?[/-]\s?\d+)[^\n]*$", re.I | re.M)
_REFERENCES = re.compile(r"^[*_\s<>b/]*(?:textes?\s+de\s+r[ée]f[ée]rence|r[ée]f[ée]rences?)\b", re.I | re.M)
_NOR = re.compile(r"\bNOR\s*:?\s*(?P<nor>[A-Z]{4}\d{7}[A-Z])\b")
_SIGNED = re.compile(rf"Date de signature(?:</b>)?\W*(?:{DATE_SLASH}|{DATE_WORDS})", re.I)
_ISSUER_FIELD = re.compile(r"^[^\n]*?\bEmetteur\b(?:</b>)?\s*[:\t ]\s*(?P<issuer>[^\n\t]+)$", re.I | re.M)
_ISSUER_LINE = re.compile(
    r"^[*_\s]*(?P<issuer>(?:Le|La|Les)\s+(?:ministres?|secr[ée]taires?\s+d['’][ÉEé]tat)\b[^\n]*?)"
    r"(?:\s*,?\s*\n*\s*à\s*(?:\n|Mesdames|Madame|Messieurs|Monsieur)|\s*$)", re.M)
_CAMPAIGN = re.compile(
    r"\b(?:pour|en|campagne(?:\s+(?:tarifaire|budg[ée]taire|et|tarifaire et budg[ée]taire)){0,3}|"
    r"au\s+titre\s+de\s+l['’]ann[ée]e|pour\s+l['’]ann[ée]e|exercice)\s+(?P<y>(?:19|20)\d\d)\b", re.I)


def iso_date(match) -> str:
    g = match.groupdict()
    if g.get("y2"):
        return f"{int(g['y2']):04d}-{int(g['m2']):02d}-{int(g['d2']):02d}"
    return f"{int(g['y']):04d}-{MONTHS[g['m'].lower()]:02d}-{int(g['d']):02d}"


def extract_circular(doc) -> Circular:
    """The circular a document carries, read from its header (None where it prints none)."""
    circ = Circular(document=doc.name, sha256=doc.sha256, format=doc.format)
    header_end = doc.line(min(HEADER_LINES, len(doc.lines))).end if doc.lines else 0
    refs = _REFERENCES.search(doc.text, 0, header_end)
    title_end = refs.start() if refs else header_end
    head = _TITLE.search(doc.text, 0, title_end)
    if head and not head.group(0).rstrip().endswith(";"):
        _title(doc, circ, head)
    nor = _NOR.search(doc.text, 0, header_end)
    if nor:
        circ.nor = nor.group("nor")
        circ.evidence["nor"] = Evidence.of(doc, nor.start("nor"), nor.end("nor"))
    signed = _SIGNED.search(doc.text, 0, header_end)
    if signed:           # the signature field wins over the date in the title line
        circ.date = iso_date(signed)
        circ.evidence["date"] = Evidence.of(doc, signed.start(), signed.end())
    _issuer(doc, circ, header_end)
    _campaign_year(doc, circ)
    circ.annexes = [s for s in doc.sections if s.kind == "annex"]
    return circ


def _title(doc, circ: Circular, head) -> None:
    start, end = head.start("kind"), head.end()
    circ.title = re.sub(r"\s+", " ", clean(doc.text[start:end])) or None
    circ.kind = text_kind(circ.title)
    circ.evidence["title"] = Evidence.of(doc, start, end)
    circ.number = re.sub(r"\s*([/-])\s*", r"\1", head.group("num")).replace(" ", "")
    circ.evidence["number"] = Evidence.of(doc, head.start("num"), head.end("num"))
    date = re.compile(rf"\bdu\s+{DATE_WORDS}", re.I).search(doc.text, head.end("num"), end)
    if date:
        circ.date = iso_date(date)
        circ.evidence["date"] = Evidence.of(doc, date.start("d"), date.end("y"))


def text_kind(title: str | None) -> str:
    """circulaire | instruction | note_information, named as the prose extractor names the
    texts it cites, so that a circular and its citations are one node."""
    words = fold(title or "circulaire").split(" ")
    return "note_information" if words[:3] == ["note", "d", "information"] else words[0]


def _issuer(doc, circ: Circular, header_end: int) -> None:
    field = _ISSUER_FIELD.search(doc.text, 0, header_end)
    m, group = (field, "issuer") if field else (None, None)
    if m is None:
        for line in doc.lines[:HEADER_LINES * 2]:
            found = _ISSUER_LINE.match(doc.text, line.start, min(line.end + 400, len(doc.text)))
            if found:
                m, group = found, "issuer"
                break
    if m is None:
        return
    circ.issuer = re.sub(r"\s+", " ", clean(m.group(group))).strip(" ;,") or None
    circ.evidence["issuer"] = Evidence.of(doc, m.start(group), m.end(group))


def _campaign_year(doc, circ: Circular) -> None:
    """The year the title or number names (`pour 2024`, `2005-473`), else the year the text
    most often calls the campaign's (`en 2024`, `campagne … 2017`), latest on a tie."""
    if circ.title:
        m = re.search(r"\b(?:pour|campagne\D{0,30}?)\s*((?:19|20)\d\d)\b", circ.title)
        if m:
            ev = circ.evidence["title"]
            at = ev.start + ev.quote.find(m.group(0))
            circ.year = int(m.group(1))
            circ.evidence["year"] = Evidence.of(doc, at, at + len(m.group(0)))
            return
    if circ.number:
        m = re.search(r"(?:19|20)\d\d", circ.number)
        if m:
            circ.year = int(m.group(0))
            ev = circ.evidence["number"]
            circ.evidence["year"] = Evidence.of(doc, ev.start + m.start(), ev.start + m.end())
            return
    found = [(int(m.group("y")), m) for m in _CAMPAIGN.finditer(doc.text)]
    if not found:
        return
    counts = Counter(y for y, _ in found)
    year = max(counts, key=lambda y: (counts[y], y))
    first = next(m for y, m in found if y == year)
    circ.year = year
    circ.evidence["year"] = Evidence.of(doc, first.start(), first.end())
