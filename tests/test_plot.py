"""kg/plot.py: the data a region chart hands to matplotlib, on the corpus graph: years
without an amount are gaps, reorganisations break the lines, ambiguous values are kept,
flagged and named in warnings."""
from __future__ import annotations

from decimal import Decimal as D

import matplotlib.axes

from kg.plot import region_series, plot_region


def test_pays_de_la_loire_2005_migac_is_kept_with_its_flag(graph):
    s = region_series(graph, "Pays de la Loire")
    assert s.years == list(range(2001, 2025))
    assert {name: [(y, v) for y, v in zip(s.years, vs) if v is not None] for name, vs in s.values.items()} == {
        "DG": [(2001, D("1949754000"))], "DAC": [(2005, D("960162520"))], "DAF": [(2005, D("667628890"))],
        "MIGAC": [(2005, D("173595930")), (2024, D("395357800"))], "PSY": [(2024, D("532969800"))],
        "SMR": [(2024, D("213498800"))], "USLD": [(2024, D("74701400"))]}
    assert s.ambiguous == {("MIGAC", 2005): 1}
    assert s.warnings == ["MIGAC 2005: 1 row with ambiguous values included"]
    assert s.reorganised == [2005, 2024]
    assert s.missing == [2002, 2003, 2004] + list(range(2006, 2024))


def test_series_once_missing_are_there(graph):
    """No 2005 MIGAC for Occitanie, no 2001 DG for Centre-Val de Loire before (their rows
    were ambiguous, so dropped); now counted and flagged."""
    occ = region_series(graph, "Occitanie")
    assert occ.values["MIGAC"][2005 - 2001] == D("372810310") and occ.ambiguous == {("MIGAC", 2005): 2}
    cvl = region_series(graph, "Centre-Val de Loire")
    assert cvl.values["DG"][0] == D("1417587000") and cvl.ambiguous == {("DG", 2001): 1}


def test_no_line_is_drawn_across_missing_years(graph, tmp_path, monkeypatch):
    drawn = []
    real = matplotlib.axes.Axes.plot

    def spy(self, xs, ys, *args, **kwargs):
        drawn.append((kwargs.get("label"), list(xs), list(ys)))
        return real(self, xs, ys, *args, **kwargs)
    monkeypatch.setattr(matplotlib.axes.Axes, "plot", spy)
    series = plot_region(graph, "Pays de la Loire", tmp_path / "pdl.svg")
    # MIGAC has 2005 and 2024: two separate one-point segments, not a line over 2006–2023
    assert sorted(drawn, key=lambda d: (d[1], str(d[0]))) == [
        ("DG", [2001], [1949754000.0]), ("DAC", [2005], [960162520.0]), ("DAF", [2005], [667628890.0]),
        ("MIGAC", [2005], [173595930.0]), (None, [2024], [395357800.0]), ("PSY", [2024], [532969800.0]),
        ("SMR", [2024], [213498800.0]), ("USLD", [2024], [74701400.0])]
    assert series.segments("MIGAC") == [([2005], [173595930.0]), ([2024], [395357800.0])]
    assert "<svg" in (tmp_path / "pdl.svg").read_text()


def test_plot_region_command_warns_of_ambiguous_values(corpus_store, tmp_path):
    from click.testing import CliRunner

    from kg.cli import cli
    r = CliRunner().invoke(cli, ["plot", "region", "Occitanie", "-o", str(tmp_path / "occ.png"),
                                 "--store", str(corpus_store)])
    assert r.exit_code == 0, r.output
    assert "warning: MIGAC 2005: 2 rows with ambiguous values included" in r.output
