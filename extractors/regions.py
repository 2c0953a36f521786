"""French regions as reference data: today's regions (INSEE codes, since 2016), the
former ones (before 2016) with the region each became part of, and the aggregates tables
print (France métropolitaine, DOM, France entière). Names are matched folded (accents,
case, hyphens, spaces) so that `Provence - Alpes - Côte d’Azur` and `PACA` agree."""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass


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


CURRENT = [
    Region("84", "Auvergne-Rhône-Alpes", True, None),
    Region("27", "Bourgogne-Franche-Comté", True, None),
    Region("53", "Bretagne", True, None),
    Region("24", "Centre-Val de Loire", True, None, aliases=("Centre",)),
    Region("94", "Corse", True, None),
    Region("44", "Grand Est", True, None),
    Region("32", "Hauts-de-France", True, None),
    Region("11", "Île-de-France", True, None),
    Region("28", "Normandie", True, None),
    Region("75", "Nouvelle-Aquitaine", True, None),
    Region("76", "Occitanie", True, None),
    Region("52", "Pays de la Loire", True, None),
    Region("93", "Provence-Alpes-Côte d'Azur", True, None, aliases=("PACA",)),
    Region("01", "Guadeloupe", True, None, overseas=True),
    Region("02", "Martinique", True, None, overseas=True),
    Region("03", "Guyane", True, None, overseas=True),
    Region("04", "La Réunion", True, None, overseas=True, aliases=("Réunion",)),
    Region("06", "Mayotte", True, None, overseas=True),
]

FORMER = [
    Region("42", "Alsace", False, "44"),
    Region("72", "Aquitaine", False, "75"),
    Region("83", "Auvergne", False, "84"),
    Region("26", "Bourgogne", False, "27"),
    Region("21", "Champagne-Ardenne", False, "44"),
    Region("43", "Franche-Comté", False, "27"),
    Region("91", "Languedoc-Roussillon", False, "76"),
    Region("74", "Limousin", False, "75"),
    Region("41", "Lorraine", False, "44"),
    Region("73", "Midi-Pyrénées", False, "76"),
    Region("31", "Nord-Pas-de-Calais", False, "32"),
    Region("25", "Basse-Normandie", False, "28"),
    Region("23", "Haute-Normandie", False, "28"),
    Region("22", "Picardie", False, "32"),
    Region("54", "Poitou-Charentes", False, "75"),
    Region("82", "Rhône-Alpes", False, "84"),
]

AGGREGATES = [
    Region("FRM", "France métropolitaine", False, None, aggregate=True,
           aliases=("métropole", "Total métropole", "Total insuffisance métropole")),
    Region("DOM", "DOM", False, None, overseas=True, aggregate=True,
           aliases=("Départements d'outre-mer", "Outre-mer", "Total DOM", "Total insuffisance DOM")),
    Region("FR", "France entière", False, None, aggregate=True,
           aliases=("Total dotations régionales", "Total national")),
]

ALL = CURRENT + FORMER + AGGREGATES

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


def fold(text: str) -> str:
    """Accents, case, apostrophes, hyphens and spaces folded: the matching key of a name."""
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"^(la|le|les|l)\s+|['’]", " ", s)
    return re.sub(r"[^a-z0-9]+", "", s)


_INDEX: dict[str, Region] = {}
for _r in ALL:
    for _name in (_r.name,) + _r.aliases:
        _INDEX.setdefault(fold(_name), _r)


def find_region(name: str, *, fuzzy: bool = True) -> Region | None:
    """The region a printed name designates (`Nord - Pas-de-Calais`, `Ile-de-France`),
    tolerating a one- or two-letter typo on long names when `fuzzy`; else None."""
    key = fold(name)
    if not key:
        return None
    if key in _INDEX:
        return _INDEX[key]
    if fuzzy and len(key) >= 8:
        close = difflib.get_close_matches(key, list(_INDEX), n=2, cutoff=0.9)
        if len(close) == 1:
            return _INDEX[close[0]]
    return None


_CITY_INDEX = {fold(name): code for name, code in CITIES.items()}


def city_region(city: str | None) -> str | None:
    """Today's region code of a city in CITIES (folded match), else None."""
    return _CITY_INDEX.get(fold(city)) if city else None


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
