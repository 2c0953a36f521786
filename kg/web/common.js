// What the query page and the resource page share: building elements, short IRIs, numbers
// written for French readers, result cells that open resource pages, the provenance view.
"use strict";
window.KG = (function () {
  const NUMERIC = /#(decimal|integer|double|float|int|long|short|nonNegativeInteger|positiveInteger)$/;
  const GYEAR = "http://www.w3.org/2001/XMLSchema#gYear";
  const GROUP = "\u202f";   // narrow no-break space, the French thousands separator
  const EURO = "\u00a0€";
  // a numeric column holds euros when its variable says so: amount…, montant…, …EUR…, or the
  // names the saved queries give euro comparisons (stated, computed, gap, tolerance)
  const EURO_VAR = /amount|montant|^(stated|computed|gap|tolerance)$/i, EURO_TAG = /EUR/;
  const YEAR_VAR = /year|ann[eé]e/i;
  let prefixes = {};

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v; else e.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  }

  function setPrefixes(map) { prefixes = { ...map }; }

  function shortIri(iri) {
    let best = null;
    for (const [p, ns] of Object.entries(prefixes)) {
      if (iri.startsWith(ns) && /^[\w.\/-]*$/.test(iri.slice(ns.length)) && (!best || ns.length > best[1].length)) best = [p, ns];
    }
    return best ? `${best[0]}:${iri.slice(best[1].length)}` : `<${iri}>`;
  }

  // "1469000" → "1 469 000", "-194829.84" → "-194 829,84"; read from the lexical form, so
  // nothing is rounded; anything else (1.5E3, NaN) is returned as written
  function frenchNumber(lexical) {
    const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(lexical.trim());
    if (!m) return lexical;
    const int = m[2].replace(/^0+(?=\d)/, "").replace(/\B(?=(\d{3})+(?!\d))/g, GROUP);
    return (m[1] === "-" ? "-" : "") + int + (m[3] ? "," + m[3] : "");
  }

  const isNumeric = (term) => !!(term && term.type !== "uri" && term.datatype && NUMERIC.test(term.datatype));
  const isYear = (term, name) => !!(term && term.datatype && (term.datatype === GYEAR || (isNumeric(term) && YEAR_VAR.test(name || "") && /^\d{4}$/.test(term.value))));
  const isEuroVar = (name) => EURO_VAR.test(name || "") || EURO_TAG.test(name || "");

  // a literal for a person: years as written, euros as "1 469 000 €", other numbers grouped
  function literalText(term, name) {
    if (isYear(term, name)) return term.value;
    if (isNumeric(term)) return frenchNumber(term.value) + (isEuroVar(name) ? EURO : "");
    return term.value;
  }

  function resourceHref(iri) { return `/resource?iri=${encodeURIComponent(iri)}`; }

  // one result cell: an IRI links to its resource page (label in the tooltip), with a
  // second link to its provenance; numbers right-aligned in French
  function termCell(term, name, onProvenance) {
    const td = el("td");
    if (!term) return td;
    if (term.type === "uri") {
      td.append(el("a", { href: resourceHref(term.value), class: "iri", title: term.value }, shortIri(term.value)));
      if (onProvenance) {
        const a = el("a", { href: `/explain?iri=${encodeURIComponent(term.value)}`, class: "prov", "data-iri": term.value, title: "provenance" }, "↗");
        a.addEventListener("click", (ev) => { ev.preventDefault(); onProvenance(term.value); });
        td.append(a);
      }
    } else {
      td.textContent = literalText(term, name);
      if (isNumeric(term) || isYear(term, name)) { td.className = "num"; td.title = term.value; }
      if (term["xml:lang"]) td.lang = term["xml:lang"];
    }
    return td;
  }

  function dl(pairs) {
    const d = el("dl");
    for (const [k, v] of pairs) if (v !== null && v !== undefined && v !== "") d.append(el("dt", {}, k), el("dd", {}, String(v)));
    return d;
  }

  // the provenance record of kg/explain.py (the /explain.json twin), with its source span marked
  function renderProvenance(r) {
    const box = el("div", { class: "provenance" });
    box.append(el("h2", {}, r.label || shortIri(r.iri)));
    box.append(el("p", {}, el("code", {}, r.iri), " ", el("a", { href: resourceHref(r.iri) }, "resource page")));
    box.append(dl([
      ["type", (r.types || []).join(", ")], ["value", r.value], ["unit", r.unit],
      ["document", r.document && (r.document.title || r.document.name)], ["file", r.document && r.document.name],
      ["printed", r.printed], ["circular", r.circular], ["annex", r.annex], ["table", r.table],
      ["row", r.rowLabel], ["column", r.colLabel], ["section", r.section],
      ["page", r.page], ["line", r.line], ["quote", r.quote],
    ]));
    if (r.context && r.context.length) {
      const pre = el("pre", { class: "source" });
      for (const c of r.context) {
        const line = el("div", { class: c.hit ? "hit" : "" }, el("span", { class: "ln" }, `${c.page ? c.page + ":" : ""}${c.line}`));
        if (c.hit && c.match !== undefined) line.append(c.before, el("mark", {}, c.match), c.after);
        else line.append(c.text);
        pre.append(line);
      }
      box.append(el("h3", {}, "Source"), pre, el("p", { class: "status-none" }, `from ${r.context_from || ""}`));
    }
    if (r.activity) {
      box.append(el("h3", {}, "Extraction"), dl([["extractor", r.activity.extractor], ["software", r.activity.software], ["activity", r.activity.iri]]));
    }
    box.append(el("h3", {}, "Reconciliation"));
    const rec = r.reconciliation || [];
    if (!rec.length) box.append(el("p", { class: "status-none" }, "no check covers this fact"));
    for (const c of rec) {
      box.append(el("p", { class: c.ok === true ? "status-ok" : c.ok === false ? "status-bad" : "status-none" }, c.summary));
    }
    return box;
  }

  // a server error is one line; anything longer (a parser's detail) stays folded
  function errorView(message) {
    const text = String(message || "error");
    const [first, ...rest] = text.split("\n");
    const box = el("span", { class: "error-message" }, first);
    if (rest.join("").trim()) box.append(" ", el("details", {}, el("summary", {}, "details"), el("pre", {}, rest.join("\n"))));
    return box;
  }

  return { el, setPrefixes, shortIri, frenchNumber, isNumeric, isYear, isEuroVar, literalText, resourceHref,
           termCell, renderProvenance, errorView };
})();
