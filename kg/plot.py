"""`kg plot`: pictures of saved-query answers, with matplotlib's Agg backend (no display).

Two charts: the amounts of one measure per region (bars), and a region's envelopes over
the years (lines). Each runs a saved query, so a chart shows exactly what the query
answers, and its data can be checked with `kg query`. PNG or SVG by the file's suffix;
SVG output carries no date, so the same store gives the same file."""
from __future__ import annotations

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


def line_chart(series: dict[str, list[tuple[int, float]]], title: str, out: Path) -> None:
    """One line per series over the years."""
    fig, ax = plt.subplots(figsize=(9, 4.5))
    for name in sorted(series):
        points = sorted(series[name])
        ax.plot([p[0] for p in points], [float(p[1]) for p in points], marker="o", label=name)
    ax.yaxis.set_major_formatter(_euros(max((float(v) for pts in series.values() for _, v in pts), default=0)))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(title)
    ax.grid(alpha=.3)
    ax.legend(fontsize="small")
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


def plot_region(store, region: str, out: Path) -> int:
    """Lines: a region's allocations per envelope and year (saved query region_per_year)."""
    rows = [r for r in _records(store, "region_per_year", {"region": region}) if r["amount"] is not None]
    if not rows:
        raise PlotError(f"no allocation for region {region!r}")
    series: dict[str, list] = {}
    for r in rows:
        series.setdefault(r["envelope"], []).append((int(r["year"]), r["amount"]))
    bar_title = rows[0].get("regionLabel") or region
    line_chart(series, f"{bar_title}: allocations per envelope (euros, today's regions)", out)
    return len(rows)
