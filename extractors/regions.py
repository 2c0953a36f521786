"""French regions as reference data, read from ontology/regions.ttl: today's regions
(INSEE codes, since 2016), the former ones (before 2016) with the region each became part
of, and the aggregates tables print (France métropolitaine, DOM, France entière). Names
are matched folded (accents, case, hyphens, spaces) so that `Provence - Alpes - Côte
d’Azur` and `PACA` agree."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from extractors.textnorm import fold
from ontology import reference


@dataclass(frozen=True)
class Region:
    code: str                 # INSEE code ("84"); aggregates: "FRM", "DOM", "FR"
    name: str                 # official name
    current: bool             # a region of today (2016 map)
    successor: str | None     # for a former region: code of today's region
    overseas: bool = False
    aggregate: bool = False
    aliases: tuple[str, ...] = ()

    @property
    def today(self) -> str:
        """Code of today's region holding this one."""
        return self.successor or self.code


_OVERSEAS = "DOM"      # the aggregate that groups the overseas regions


def _regions() -> list[Region]:
    """The regions of ontology/regions.ttl: a current one is its own today's region, a
    former one names another, an aggregate none (it groups regions)."""
    concepts = reference.regions()
    overseas = {_OVERSEAS} | set(next(c.groups for c in concepts if c.notation == _OVERSEAS))
    return [Region(c.insee_code or c.notation, c.pref_label, c.today == c.notation,
                   c.today if c.today not in (None, c.notation) else None,
                   overseas=c.notation in overseas, aggregate=c.today is None, aliases=c.alt_labels)
            for c in concepts]


ALL = _regions()
CURRENT = [r for r in ALL if r.current]
FORMER = [r for r in ALL if r.successor]
AGGREGATES = [r for r in ALL if r.aggregate]

# Cities that seat a CHU/CHR or a regional prefecture, with today's region: enough to
# place the establishments circulars name by their city (`CHU de Lille`, `CHU Tours`).
# Saint-Denis is left out on purpose: it names a city of Île-de-France and of La Réunion.
CITIES = {
    "Amiens": "32", "Angers": "52", "Besançon": "27", "Bordeaux": "75", "Brest": "53", "Caen": "28",
    "Clermont-Ferrand": "84", "Dijon": "27", "Grenoble": "84", "Lille": "32", "Limoges": "75",
    "Lyon": "84", "Marseille": "93", "Metz": "44", "Montpellier": "76", "Nancy": "44", "Nantes": "52",
    "Nice": "93", "Nîmes": "76", "Orléans": "24", "Paris": "11", "Poitiers": "75", "Reims": "44",
    "Rennes": "53", "Rouen": "28", "Saint-Étienne": "84", "Strasbourg": "44", "Toulouse": "76",
    "Tours": "24", "Ajaccio": "94", "Bastia": "94", "Pointe-à-Pitre": "01", "Fort-de-France": "02",
    "Cayenne": "03", "Mamoudzou": "06", "Toulon": "93", "Le Mans": "52", "Villejuif": "11",
    "Saint-Cloud": "11", "Créteil": "11", "Carcassonne": "76", "Perpignan": "76", "Pau": "75",
    "Bayonne": "75", "La Rochelle": "75", "Valenciennes": "32", "Arras": "32", "Mulhouse": "44",
    "Colmar": "44", "Troyes": "44", "Annecy": "84", "Chambéry": "84", "Valence": "84", "Avignon": "93",
}
BY_CODE = {r.code: r for r in ALL}


def region_key(text: str) -> str:
    """The matching key of a name: folded, without a leading article nor any space
    (`La Réunion` → `reunion`, `Nord - Pas-de-Calais` → `nordpasdecalais`)."""
    return re.sub(r"^(?:la|le|les|l) ", "", fold(text)).replace(" ", "")


_INDEX: dict[str, Region] = {}
for _r in ALL:
    for _name in (_r.name,) + _r.aliases:
        _INDEX.setdefault(region_key(_name), _r)


def find_region(name: str, *, fuzzy: bool = True) -> Region | None:
    """The region a printed name designates (`Nord - Pas-de-Calais`, `Ile-de-France`),
    tolerating a one- or two-letter typo on long names when `fuzzy`; else None."""
    key = region_key(name)
    if not key:
        return None
    if key in _INDEX:
        return _INDEX[key]
    if fuzzy and len(key) >= 8:
        close = difflib.get_close_matches(key, list(_INDEX), n=2, cutoff=0.9)
        if len(close) == 1:
            return _INDEX[close[0]]
    return None


_CITY_INDEX = {region_key(name): code for name, code in CITIES.items()}


def city_region(city: str | None) -> str | None:
    """Today's region code of a city in CITIES (folded match), else None."""
    return _CITY_INDEX.get(region_key(city)) if city else None


def today(name_or_code: str) -> Region | None:
    """Today's region for a name or code (a former region maps to its successor)."""
    region = BY_CODE.get(name_or_code) or find_region(name_or_code)
    if region is None or region.aggregate:
        return region
    return BY_CODE[region.today]


def name_pattern() -> str:
    """A regex alternation of every region name and alias (longest first), for prose."""
    names = sorted({n for r in ALL if not r.aggregate for n in (r.name,) + r.aliases}, key=len, reverse=True)
    parts = []
    for n in names:
        p = re.escape(n).replace(r"\-", r"\s*[-–]\s*").replace(r"\ ", r"[\s-]+").replace("'", "['’]")
        parts.append(p)
    return "|".join(parts)
