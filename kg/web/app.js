// The query page: editor preloaded with the saved queries, results table, provenance view.
// Talks only to this server: /index.json, /sparql (SPARQL 1.1 Protocol), /explain.json.
"use strict";
const $ = (id) => document.getElementById(id);
let saved = {};
let prefixes = {};

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

function prefixesOf(text) {
  const out = {
    rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#", rdfs: "http://www.w3.org/2000/01/rdf-schema#",
    xsd: "http://www.w3.org/2001/XMLSchema#", skos: "http://www.w3.org/2004/02/skos/core#",
    dcterms: "http://purl.org/dc/terms/", prov: "http://www.w3.org/ns/prov#", qb: "http://purl.org/linked-data/cube#",
    ckg: "https://circulaires-kg.example.org/ontology#", code: "https://circulaires-kg.example.org/code/",
    id: "https://circulaires-kg.example.org/id/",
  };
  for (const m of text.matchAll(/PREFIX\s+([\w-]*):\s*<([^>]*)>/gi)) out[m[1]] = m[2];
  return out;
}

function shortIri(iri) {
  let best = null;
  for (const [p, ns] of Object.entries(prefixes)) {
    if (iri.startsWith(ns) && /^[\w.\/-]*$/.test(iri.slice(ns.length)) && (!best || ns.length > best[1].length)) best = [p, ns];
  }
  return best ? `${best[0]}:${iri.slice(best[1].length)}` : `<${iri}>`;
}

const NUMERIC = /#(decimal|integer|double|float|int|long)$/;

function paramsOf(text) {
  const out = [];
  for (const line of text.split("\n")) {
    const t = line.trim();
    if (!t) continue;
    if (!t.startsWith("#")) break;
    const m = t.match(/^#\s*param\s+\?(\w+)\s*\((\w+)(?:\s*,\s*default\s+(.+?))?\)\s*:\s*(.+?)\s*$/);
    if (m) out.push({ name: m[1], type: m[2], default: (m[3] || "").replace(/^"(.*)"$/, "$1"), help: m[4] });
  }
  return out;
}

function renderParams(values) {
  const box = $("params");
  box.textContent = "";
  for (const p of paramsOf($("editor").value)) {
    const input = el("input", { name: p.name, "data-param": p.name, title: p.help });
    input.value = values && p.name in values ? values[p.name] : p.default;
    box.append(el("label", {}, `${p.name} `, input), " ");
  }
}

function currentParams() {
  const out = {};
  for (const input of document.querySelectorAll("[data-param]")) out[input.dataset.param] = input.value;
  return out;
}

function shareUrl() {
  const q = new URLSearchParams();
  const name = $("saved").value;
  if (name && saved[name] && saved[name].text === $("editor").value) q.set("saved", name);
  else q.set("query", $("editor").value);
  for (const [k, v] of Object.entries(currentParams())) q.set(`param.${k}`, v);
  return `/?${q.toString()}`;
}

function requestParams(format) {
  const q = new URLSearchParams({ query: $("editor").value });
  for (const [k, v] of Object.entries(currentParams())) q.set(`param.${k}`, v);
  if (format) q.set("format", format);
  return q;
}

async function runQuery() {
  const status = $("status");
  status.className = "";
  status.textContent = "running…";
  prefixes = prefixesOf($("editor").value);
  const share = shareUrl();
  $("share").href = share;
  history.replaceState(null, "", share);
  const dl = $("downloads");
  dl.textContent = "";
  for (const f of ["csv", "tsv", "json", "xml"]) dl.append(el("a", { href: `/sparql?${requestParams(f)}` }, f), " ");
  const t0 = performance.now();
  try {
    const resp = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded",
                 Accept: "application/sparql-results+json, application/n-triples;q=0.9" },
      body: requestParams().toString(),
    });
    const text = await resp.text();
    if (!resp.ok) throw new Error(JSON.parse(text).error || resp.statusText);
    const graph = (resp.headers.get("Content-Type") || "").startsWith("application/n-triples");
    const n = graph ? showTriples(text) : showResults(JSON.parse(text));
    status.textContent = `${n} row${n === 1 ? "" : "s"} in ${Math.round(performance.now() - t0)} ms`;
    status.dataset.rows = n;
  } catch (err) {
    status.className = "error";
    status.textContent = String(err.message || err);
  }
}

function cell(term) {
  const td = el("td");
  if (!term) return td;
  if (term.type === "uri") {
    td.append(el("span", { title: term.value }, shortIri(term.value)));
    const a = el("a", { href: `/explain?iri=${encodeURIComponent(term.value)}`, class: "prov", "data-iri": term.value, title: "provenance" }, "↗");
    a.addEventListener("click", (ev) => { ev.preventDefault(); openProvenance(term.value); });
    td.append(a);
  } else {
    td.textContent = term.value;
    if (term.datatype && NUMERIC.test(term.datatype)) td.className = "num";
  }
  return td;
}

function showResults(doc) {
  const thead = $("results").tHead, tbody = $("results").tBodies[0];
  thead.textContent = ""; tbody.textContent = "";
  if ("boolean" in doc) {
    thead.append(el("tr", {}, el("th", {}, "answer")));
    tbody.append(el("tr", {}, el("td", {}, String(doc.boolean))));
    $("count").textContent = "";
    return 1;
  }
  const vars = doc.head.vars;
  thead.append(el("tr", {}, ...vars.map((v) => el("th", {}, v))));
  for (const b of doc.results.bindings) tbody.append(el("tr", {}, ...vars.map((v) => cell(b[v]))));
  const n = doc.results.bindings.length;
  $("count").textContent = `${n} row${n === 1 ? "" : "s"}`;
  return n;
}

function showTriples(text) {
  // A CONSTRUCT/DESCRIBE answer: one N-Triples statement per row.
  const thead = $("results").tHead, tbody = $("results").tBodies[0];
  thead.textContent = ""; tbody.textContent = "";
  thead.append(el("tr", {}, el("th", {}, "triple")));
  const lines = text.split("\n").filter((l) => l.trim());
  for (const l of lines) tbody.append(el("tr", {}, el("td", {}, l)));
  $("count").textContent = `${lines.length} triple${lines.length === 1 ? "" : "s"}`;
  return lines.length;
}

function dl(pairs) {
  const d = el("dl");
  for (const [k, v] of pairs) if (v !== null && v !== undefined && v !== "") d.append(el("dt", {}, k), el("dd", {}, String(v)));
  return d;
}

function renderProvenance(r) {
  const box = el("div", { class: "provenance" });
  box.append(el("h2", {}, r.label || shortIri(r.iri)));
  box.append(el("p", {}, el("code", {}, r.iri)));
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
  if (r.facts && r.facts.length) {
    const t = el("table", { class: "results" });
    for (const f of r.facts) t.append(el("tr", {}, el("td", {}, shortIri(f.predicate)), cell(f.object)));
    box.append(el("details", {}, el("summary", {}, "All statements"), t));
  }
  return box;
}

async function findAmount(ev) {
  ev.preventDefault();
  const q = new URLSearchParams({ amount: $("amount").value });
  if ($("document").value) q.set("document", $("document").value);
  const body = $("provenance-body");
  body.textContent = "searching…";
  $("provenance").hidden = false;
  const resp = await fetch(`/explain.json?${q}`);
  const doc = await resp.json();
  body.textContent = "";
  if (!resp.ok) { body.append(el("p", { class: "status-bad" }, doc.error)); return; }
  if (!doc.results.length) body.append(el("p", { class: "status-none" }, "no amount printed so"));
  for (const r of doc.results) body.append(renderProvenance(r));
}

async function openProvenance(iri) {
  const body = $("provenance-body");
  body.textContent = "loading…";
  $("provenance").hidden = false;
  const resp = await fetch(`/explain.json?iri=${encodeURIComponent(iri)}`);
  const doc = await resp.json();
  body.textContent = "";
  if (!resp.ok) { body.append(el("p", { class: "status-bad" }, doc.error)); return; }
  for (const r of doc.results) body.append(renderProvenance(r));
  const q = new URLSearchParams(location.search);
  q.set("explain", iri);
  history.replaceState(null, "", `/?${q.toString()}`);
}

function choose(name, values) {
  const q = saved[name];
  $("saved").value = name;
  if (q) {
    $("editor").value = q.text;
    $("question").textContent = `${q.en} — ${q.fr}`;
  } else {
    $("question").textContent = "";
  }
  renderParams(values);
}

async function init() {
  const index = await (await fetch("/index.json")).json();
  for (const q of index.queries) {
    saved[q.name] = q;
    $("saved").append(el("option", { value: q.name, title: q.en }, `${q.name} — ${q.en}`));
  }
  $("saved").addEventListener("change", () => choose($("saved").value));
  $("editor").addEventListener("change", () => renderParams(currentParams()));
  $("run").addEventListener("click", runQuery);
  $("find-amount").addEventListener("submit", findAmount);
  $("close-provenance").addEventListener("click", () => { $("provenance").hidden = true; });
  const args = new URLSearchParams(location.search);
  const values = {};
  for (const [k, v] of args) if (k.startsWith("param.")) values[k.slice(6)] = v;
  if (args.get("saved") && saved[args.get("saved")]) {
    choose(args.get("saved"), values);
    await runQuery();
  } else if (args.get("query")) {
    $("editor").value = args.get("query");
    renderParams(values);
    await runQuery();
  } else {
    renderParams(values);
  }
  if (args.get("explain")) await openProvenance(args.get("explain"));
  document.body.dataset.ready = "1";
}

init();
