"""`kg plot`: pictures of saved-query answers, with matplotlib's Agg backend (no display).

Two charts: the amounts of one measure per region (bars), and a region's envelopes over
the years (lines: years without an amount are gaps, a reorganisation of the envelopes is a
break, ambiguous values are hollow points and are named in warnings). Each runs a saved query, so a chart shows exactly what the query
answers, and its data can be checked with `kg query`. PNG or SVG by the file's suffix;
SVG output carries no date, so the same store gives the same file."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams["svg.hashsalt"] = "circulaires-kg"   # SVG element ids from a fixed salt, not at random
import matplotlib.pyplot as plt  # noqa: E402  (the backend must be chosen first)
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from extractors.numbers import format_number  # noqa: E402
from kg.query import QueryError, load_query, run, select_records  # noqa: E402

FORMATS = {".png": "png", ".svg": "svg"}


class PlotError(Exception):
    pass


def _euros(top: float) -> FuncFormatter:
    """Axis labels in k€ or M€ (whichever keeps them short), French style."""
    scale, unit = (1e6, "M€") if abs(top) >= 1e7 else (1e3, "k€")
    return FuncFormatter(lambda v, _pos: f"{format_number(Decimal(str(round(v / scale, 1))), sep=' ')} {unit}")


def _save(fig, out: Path) -> None:
    fmt = FORMATS.get(Path(out).suffix.lower())
    if not fmt:
        raise PlotError(f"{out}: unknown picture format (use .png or .svg)")
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    fig.savefig(out, format=fmt, dpi=120, bbox_inches="tight", metadata=metadata)
    plt.close(fig)


def bar_chart(labels, values, title: str, out: Path) -> None:
    """Horizontal bars, largest on top, amounts in euros."""
    pairs = sorted(zip(labels, values), key=lambda lv: (lv[1], lv[0]))
    fig, ax = plt.subplots(figsize=(8, max(3, 0.32 * len(pairs) + 1)))
    ax.barh([p[0] for p in pairs], [float(p[1]) for p in pairs], color="#3b6ea5")
    ax.xaxis.set_major_formatter(_euros(max((float(p[1]) for p in pairs), default=0)))
    ax.set_title(title)
    ax.grid(axis="x", alpha=.3)
    _save(fig, out)


@dataclass
class Series:
    """What a line chart draws, year by year: one value per year of the whole span (None
    where the year has no amount, drawn as a gap), the years where the set of envelopes
    changes (drawn as a break: lines never join across it), and per point the number of
    rows whose values the source leaves ambiguous (drawn hollow, and told in `warnings`)."""
    title: str
    years: list[int]
    values: dict[str, list]                      # envelope → value per year (None: no amount)
    reorganised: list[int] = field(default_factory=list)
    ambiguous: dict[tuple[str, int], int] = field(default_factory=dict)

    @property
    def missing(self) -> list[int]:
        """The years of the span with no amount at all."""
        return [y for i, y in enumerate(self.years) if all(vs[i] is None for vs in self.values.values())]

    @property
    def warnings(self) -> list[str]:
        return [f"{name} {year}: {n} row{'s' if n > 1 else ''} with ambiguous values included"
                for (name, year), n in sorted(self.ambiguous.items(), key=lambda kv: (kv[0][1], kv[0][0]))]

    def segments(self, name: str) -> list[tuple[list[int], list[float]]]:
        """The runs of consecutive years with a value and no reorganisation between them."""
        runs, xs, ys = [], [], []
        for year, value in zip(self.years, self.values[name]):
            if value is None or year in self.reorganised:
                if xs:
                    runs.append((xs, ys))
                xs, ys = [], []
            if value is not None:
                xs.append(year)
                ys.append(float(value))
        if xs:
            runs.append((xs, ys))
        return runs


def _runs(years: list[int]) -> list[tuple[int, int]]:
    """Consecutive years as (first, last) runs."""
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][1] + 1:
            runs[-1][1] = y
        else:
            runs.append([y, y])
    return [(a, b) for a, b in runs]


def line_chart(series: Series, out: Path) -> None:
    """One line per envelope over the years: gaps where a year has no amount, a dashed
    rule where envelopes were reorganised, hollow points for ambiguous values; the legend
    sits outside the axes and year labels are thinned so that nothing overlaps."""
    fig, ax = plt.subplots(figsize=(10, 4.8))
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for i, name in enumerate(sorted(series.values)):
        colour = colours[i % len(colours)]
        for j, (xs, ys) in enumerate(series.segments(name)):
            ax.plot(xs, ys, marker="o", color=colour, label=name if j == 0 else None)
        doubtful = [(y, float(v)) for y, v in zip(series.years, series.values[name])
                    if v is not None and (name, y) in series.ambiguous]
        if doubtful:
            ax.scatter([d[0] for d in doubtful], [d[1] for d in doubtful], s=140, facecolors="white",
                       edgecolors=colour, linewidths=2, zorder=3)
    for k, (first, last) in enumerate(_runs(series.missing)):
        ax.axvspan(first - .5, last + .5, color="0.93", zorder=0, label="années sans données" if k == 0 else None)
    for k, year in enumerate(series.reorganised):
        ax.axvline(year - .5, color="grey", linestyle="--", linewidth=1,
                   label="enveloppes réorganisées" if k == 0 else None)
    if series.ambiguous:
        ax.scatter([], [], s=140, facecolors="white", edgecolors="grey", linewidths=2, label="valeurs ambiguës")
    top = max((float(v) for vs in series.values.values() for v in vs if v is not None), default=0)
    ax.yaxis.set_major_formatter(_euros(top))
    ax.set_xlim(series.years[0] - 1, series.years[-1] + 1)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=12))
    ax.set_title(series.title)
    ax.grid(alpha=.3)
    ax.legend(fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1), borderaxespad=0)
    _save(fig, out)


def _records(store, name: str, params: dict) -> list[dict]:
    try:
        return select_records(run(store, load_query(name), params))
    except QueryError as exc:
        raise PlotError(str(exc)) from exc


def plot_measure(store, code: str, out: Path, year: str | None = None) -> int:
    """Bars: what each region gets for the measure `code` (saved query amounts_by_region)."""
    params = {"code": code, **({"year": year} if year else {})}
    rows = [r for r in _records(store, "amounts_by_region", params) if r["amount"] is not None]
    if not rows:
        raise PlotError(f"no regional amount for measure {code}" + (f" in {year}" if year else ""))
    years = sorted({str(r["year"]) for r in rows})
    if len(years) > 1:
        raise PlotError(f"measure {code} is allocated in several years ({', '.join(years)}): give --year")
    bar_chart([r["regionLabel"] for r in rows], [r["amount"] for r in rows],
              f"{code} — {rows[0].get('measureLabel') or ''} ({years[0]})".replace(" — ()", ""), out)
    return len(rows)


def region_series(store, region: str) -> Series:
    """A region's allocations per envelope over the whole span of years (saved query
    region_per_year), with missing years, reorganisations and ambiguous rows made explicit."""
    rows = [r for r in _records(store, "region_per_year", {"region": region}) if r["amount"] is not None]
    if not rows:
        raise PlotError(f"no allocation for region {region!r}")
    found = sorted({int(r["year"]) for r in rows})
    years = list(range(found[0], found[-1] + 1))
    amounts = {(r["envelope"], int(r["year"])): r["amount"] for r in rows}
    envelopes = sorted({r["envelope"] for r in rows})
    per_year = {y: {e for (e, yy) in amounts if yy == y} for y in found}
    reorganised = [b for a, b in zip(found, found[1:]) if per_year[a] != per_year[b]]
    label = rows[0].get("regionLabel") or region
    return Series(f"{label} : dotations par enveloppe (euros, régions d'aujourd'hui)", years,
                  {e: [amounts.get((e, y)) for y in years] for e in envelopes}, reorganised,
                  {(r["envelope"], int(r["year"])): int(r["ambiguous"]) for r in rows if r.get("ambiguous")})


def plot_region(store, region: str, out: Path) -> Series:
    """Lines: a region's allocations per envelope and year; the Series drawn is returned
    (its `warnings` name the ambiguous values it includes)."""
    series = region_series(store, region)
    line_chart(series, out)
    return series
