"""Funding measures as the annexes title them: a heading (or a bold bullet) that ends
with its envelope and renewal markers — `Financement des plateformes d'expertise … - MIG
F21 JPE`, `Assistants spécialistes douleur – AC NR`, `Centre AVC de l'enfant (AC NR)`,
`… – PNM (AC MCO - R)`. The caller adds the section path it sits in."""
from __future__ import annotations

import re

from extractors import codes
from extractors.prose.migcodes import normal_code
from extractors.sections import clean

# envelopes that are not also activity fields: a `PSY` or `USLD` in the zone is its field
_ENVELOPES = codes.pattern(codes.acronyms("envelope") - codes.acronyms("activity"))
_FIELDS = codes.pattern(codes.acronyms("activity"))
_RENEWALS = codes.pattern(codes.acronyms("renewal"))
# PNM (non-medical staff) is printed among the markers: `… – PNM (AC MCO - R)`
_TOKEN = (rf"(?:(?:{_ENVELOPES}|{_FIELDS}|{_RENEWALS}|PNM|[A-Z]\d{{2}}|0\d{{2}}|et|en|non|reconductibles?)\b"
          r"|[-,()])")
_ZONE = re.compile(rf"(?:\s?[-–—]\s*|\s*\(|\s+(?={_ENVELOPES}\s))(?P<zone>(?:{_TOKEN}\s*)+)\s*(?::.*)?$")
_ENVELOPE = re.compile(rf"\b({_ENVELOPES})\b")
_FIELD = re.compile(rf"\b({_FIELDS})\b")
_RENEWAL = re.compile(rf"\b({_RENEWALS})\b")
_CODE = re.compile(r"\bMIG\s+(?P<code>[A-Z]\d{2}|0\d{2})\b")
_LEAD = re.compile(r"^\s*(?:#{1,6}\s*)?(?:[-•○]\s*)?(?:\*\*)?\s*(?:(?:[IVX]+|\d+(?:\.\d+)*|[a-h])\s?[.)–-]\s*)?")


def _heading_block(lines, i) -> tuple[int, str]:
    """(index of the last line, text) of a heading starting at line i and wrapped over
    the next lines that open in lower case (PDF text breaks long headings)."""
    text, last, j = lines[i].text.rstrip(), i, i + 1
    while j < len(lines) and j - i <= 4 and len(text) < 300:
        nxt = lines[j].text.strip()
        if not nxt:
            j += 1
            continue
        if not nxt[:1].islower():
            break
        text, last, j = text + " " + nxt, j, j + 1
    return last, text


def find_measures(doc, tables: list[tuple[int, int]] = ()) -> list[tuple[int, int, dict]]:
    """(start, end, norm) in original offsets of every measure heading; lines inside
    `tables` (first, last line) are table headers, the table extractor's to read."""
    out = []
    lines = doc.lines
    for i, line in enumerate(lines):
        raw = line.text
        if any(first <= line.number <= last for first, last in tables):
            continue
        if "\t" in raw or len(raw) > 300 or raw.strip()[:1].islower():
            continue
        last, block = _heading_block(lines, i)
        nxt = next((l.text.strip() for l in lines[last + 1:last + 4] if l.text.strip()), "")
        if nxt[:1].islower() or len(block) > 300:
            continue              # a sentence wrapped over lines, not a heading
        title = _LEAD.sub("", clean(re.sub(r"^\s*[-•○]\s*", "", block))).strip(" *")
        zone_m = _ZONE.search(title)
        if not zone_m or not title or not title[0].isupper() or title.endswith(".") or title.startswith("Annexe"):
            continue
        zone = zone_m.group("zone")
        envelope = _ENVELOPE.search(zone)
        renewals = _RENEWAL.findall(zone)
        if re.search(r"non\s+reconductible", zone):
            renewals.append("NR")
        code = _CODE.search(title)
        bare = not re.match(r"\s?[-–—(]", zone_m.group(0).lstrip(" ")[:1] or " ")
        if not (envelope or renewals or code) or (bare and not (renewals or code)):
            continue
        label = re.sub(r"\s+", " ", title[:zone_m.start()]).strip(" -–—:,")
        if not label:
            continue
        first = raw.find(title[:12])
        start = line.start + max(first, 0)
        end = lines[last].start + len(lines[last].text.rstrip().rstrip("*").rstrip())
        norm = {
            "title": label, "heading": re.sub(r"\s+", " ", title),
            "envelope": envelope.group(1) if envelope else ("MIG" if code else None),
            "field": field.group(1) if (field := _FIELD.search(zone)) else None,
            "renewal": sorted(set(renewals)) if len(set(renewals)) > 1 else (renewals[0] if renewals else None),
            "code": normal_code(code.group("code")) if code else None,
        }
        out.append((start, end, norm))
    return out
