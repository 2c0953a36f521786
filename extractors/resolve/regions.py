"""Regions as the reference list names them: a printed name to its concept (today's
region, a former one, or an aggregate such as France entière)."""
from __future__ import annotations

from extractors.regions import BY_CODE, find_region


def region_id(name: str | None) -> str | None:
    """The reference id of the region a printed name designates: today's and aggregates by
    their code (`84`, `FR`), a former region by `{code}-2015`; None for any other name."""
    region = find_region(name) if name else None
    if region is None:
        return None
    return region.code if (region.current or region.aggregate) else f"{region.code}-2015"


def today_id(name_or_code: str | None) -> str | None:
    """Today's region (code) holding a region given by code or name; None for an aggregate
    or an unknown name."""
    if not name_or_code:
        return None
    region = BY_CODE.get(name_or_code) or find_region(name_or_code)
    return None if region is None or region.aggregate else region.today


def mention_regions(mentions: list) -> dict[int, str]:
    """Mention index → region id, for the region mentions of the prose."""
    out = {}
    for i, m in enumerate(mentions):
        if m.type != "region":
            continue
        found = f"{m.former}-2015" if m.former else m.code or region_id(m.text)
        if found:
            out[i] = found
    return out
