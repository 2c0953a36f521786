// A chart of a result that has a year column and a numeric measure, one series per value
// of the other columns that vary (region, envelope…), drawn as SVG: bars for a few years,
// lines for many, a line broken where a year has no value; several rows for one series and year
// mean the answer is not a series, and no chart is drawn rather than a guessed sum.
"use strict";
window.YearChart = (function () {
  const { el, isNumeric, isYear, isEuroVar, frenchNumber, shortIri } = window.KG;
  const SVG = "http://www.w3.org/2000/svg";
  const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                   "#bcbd22", "#17becf", "#393b79", "#ad494a"];
  const W = 760, H = 320, LEFT = 90, RIGHT = 16, TOP = 12, BOTTOM = 34, MAX_BAR_YEARS = 8;

  const bound = (rows, v) => rows.map((r) => r[v]).filter(Boolean);
  const distinct = (xs) => [...new Set(xs)];

  // {year, measure, keys, series: [{name, points: Map(year → number)}], years, note} or
  // {reason} when the answer has a year and a measure but is not a set of series; null when
  // it has no year or no measure
  function plan(vars, rows) {
    const year = vars.find((v) => { const b = bound(rows, v); return b.length && b.every((t) => isYear(t, v)); });
    if (!year) return null;
    const years = distinct(bound(rows, year).map((t) => Number(t.value))).sort((a, b) => a - b);
    const numeric = vars.filter((v) => v !== year && bound(rows, v).length && bound(rows, v).every(isNumeric));
    if (years.length < 2 || !numeric.length) return null;
    const measure = [...numeric].reverse().find(isEuroVar) || numeric[numeric.length - 1];
    const others = vars.filter((v) => v !== year && !numeric.includes(v));
    const varying = (v) => distinct(rows.map((r) => (r[v] ? r[v].value : ""))).length > 1;
    const literals = others.filter((v) => bound(rows, v).every((t) => t.type !== "uri") && varying(v));
    const keys = literals.length ? literals : others.filter(varying);
    const byName = new Map();
    for (const r of rows) {
      if (!r[year] || !r[measure]) continue;
      const name = keys.map((k) => (r[k] ? (r[k].type === "uri" ? shortIri(r[k].value) : r[k].value) : "—")).join(" · ") || measure;
      const points = byName.get(name) || byName.set(name, new Map()).get(name);
      const y = Number(r[year].value);
      if (points.has(y)) return { reason: `no chart: several rows for ${name} in ${y}` };
      points.set(y, Number(r[measure].value));
    }
    let series = [...byName].map(([name, points]) => ({ name, points }));
    let note = "";
    if (series.length > PALETTE.length) {
      const total = (s) => [...s.points.values()].reduce((a, b) => a + Math.abs(b), 0);
      note = `${PALETTE.length} of ${series.length} series shown (the largest)`;
      series = series.sort((a, b) => total(b) - total(a)).slice(0, PALETTE.length);
    }
    series.sort((a, b) => a.name.localeCompare(b.name, "fr"));
    return { year, measure, keys, series, years, note, euro: isEuroVar(measure) };
  }

  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function niceStep(max) {
    const raw = max / 5, p = 10 ** Math.floor(Math.log10(raw || 1));
    return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw);
  }

  function tickText(value, euro) {
    if (euro && Math.abs(value) >= 1e6) return `${frenchNumber(String(value / 1e6).replace(/(\.\d{0,2}).*/, "$1").replace(/\.$/, ""))} M€`;
    return frenchNumber(String(value)) + (euro ? " €" : "");
  }

  // few years (a campaign here and there): grouped bars, one band per year of the answer,
  // so nothing suggests the years between; many years: lines, broken where a year is missing
  function draw(box, p) {
    box.textContent = "";
    const bars = p.years.length <= MAX_BAR_YEARS;
    const values = p.series.flatMap((s) => [...s.points.values()]);
    const lo = Math.min(0, ...values), hi = Math.max(0, ...values) || 1;
    const step = niceStep(hi - lo), top = Math.ceil(hi / step) * step, bottom = Math.floor(lo / step) * step;
    const [y0, y1] = [p.years[0], p.years[p.years.length - 1]];
    const plotW = W - LEFT - RIGHT, band = plotW / p.years.length;
    const X = bars ? (y) => LEFT + band * (p.years.indexOf(y) + 0.5) : (y) => LEFT + plotW * (y - y0) / (y1 - y0);
    const Y = (v) => TOP + (H - TOP - BOTTOM) * (top - v) / (top - bottom);
    const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img",
                              class: `year-chart ${bars ? "bars" : "lines"}`, "aria-label": `${p.measure} by ${p.year}` });
    const axes = svg("g", { class: "axes" });
    for (let v = bottom; v <= top + step / 2; v += step) {
      axes.append(svg("line", { x1: LEFT, x2: W - RIGHT, y1: Y(v), y2: Y(v), class: "grid" }));
      axes.append(svg("text", { x: LEFT - 6, y: Y(v) + 4, "text-anchor": "end" }, tickText(v, p.euro)));
    }
    const labelled = bars ? p.years : Array.from({ length: y1 - y0 + 1 }, (_, i) => y0 + i);
    const every = Math.ceil(labelled.length / 12);   // at most 12 year labels: they never collide
    labelled.forEach((y, i) => {
      axes.append(svg("line", { x1: X(y), x2: X(y), y1: H - BOTTOM, y2: H - BOTTOM + 4, class: "tick" }));
      if (i % every === 0) axes.append(svg("text", { x: X(y), y: H - BOTTOM + 18, "text-anchor": "middle" }, String(y)));
    });
    root.append(axes);
    const legend = el("ul", { class: "legend" });
    const barW = band * 0.8 / p.series.length;
    p.series.forEach((s, i) => {
      const colour = PALETTE[i];
      const g = svg("g", { class: "series", "data-series": s.name, stroke: colour, fill: colour });
      const title = (y, v) => svg("title", {}, `${s.name} — ${y} : ${frenchNumber(String(v))}${p.euro ? "\u00a0€" : ""}`);
      if (bars) {
        for (const [y, v] of s.points) {
          const r = svg("rect", { x: (X(y) - band * 0.4 + i * barW).toFixed(1), width: barW.toFixed(1),
                                  y: Math.min(Y(v), Y(0)).toFixed(1), height: Math.abs(Y(v) - Y(0)).toFixed(1), "data-year": y });
          r.append(title(y, v));
          g.append(r);
        }
      } else {
        let d = "";
        for (const [y, v] of [...s.points].sort((a, b) => a[0] - b[0])) {
          d += `${s.points.has(y - 1) ? "L" : "M"}${X(y).toFixed(1)},${Y(v).toFixed(1)}`;
        }
        g.append(svg("path", { d, fill: "none", "stroke-width": 2 }));
        for (const [y, v] of s.points) {
          const c = svg("circle", { cx: X(y), cy: Y(v), r: 3, "data-year": y });
          c.append(title(y, v));
          g.append(c);
        }
      }
      root.append(g);
      const missing = p.years.filter((y) => !s.points.has(y));
      legend.append(el("li", {}, el("i", { style: `background:${colour}` }), s.name,
        missing.length ? el("small", {}, ` (no value for ${missing.join(", ")})`) : null));
    });
    box.append(root, legend);
  }

  return { plan, draw };
})();
