// The query page: a SPARQL editor (CodeMirror 6, vendored) completing the graph's prefixes
// and terms, saved queries with their parameters as form fields, results sorted and paged
// in the browser, a chart for year series, downloads, share links, the provenance view.
// Talks only to this server: /index.json, /terms.json, /sparql, /explain.json.
"use strict";
const { el, setPrefixes, termCell, renderProvenance, errorView, isNumeric, isEuroVar } = window.KG;
const $ = (id) => document.getElementById(id);
const PAGE_SIZE = 50;
const COLLATOR = new Intl.Collator("fr", { numeric: true });   // one collator: localeCompare per pair is slow on 100k rows
const KEYWORDS = ["SELECT", "DISTINCT", "WHERE", "FILTER", "OPTIONAL", "UNION", "MINUS", "GRAPH", "BIND", "VALUES",
  "GROUP BY", "ORDER BY", "HAVING", "LIMIT", "OFFSET", "ASK", "CONSTRUCT", "DESCRIBE", "PREFIX", "COUNT", "SUM",
  "AVG", "MIN", "MAX", "SAMPLE", "GROUP_CONCAT", "STR", "LANG", "DATATYPE", "CONTAINS", "STRSTARTS", "REGEX",
  "COALESCE", "IF", "EXISTS", "NOT EXISTS", "ASC", "DESC", "AS"];
let saved = {};
let vocab = { declared: {}, prefixes: {}, terms: [] };
let view = null;
// the answer on screen: variables, bindings, the order they are shown in, the page
const shown = { vars: [], rows: [], order: [], sort: null, page: 0 };

// ---------------------------------------------------------------- the editor

function editorText() { return view.state.doc.toString(); }

function setEditorText(text) {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

// completion: after PREFIX a declaration, in a prefixed name the graph's terms, else
// keywords and the prefixes (declared for every query, so `ckg:` needs no PREFIX line)
function complete(context) {
  const word = context.matchBefore(/[A-Za-z][\w-]*:[\w.-]*|[A-Za-z_][\w-]*/);
  if (!word || (word.from === word.to && !context.explicit)) return null;
  const line = context.state.doc.lineAt(word.from);
  const before = line.text.slice(0, word.from - line.from);
  if (/PREFIX\s+$/i.test(before)) {
    return { from: word.from, options: Object.entries(vocab.prefixes).map(([p, ns]) => (
      { label: `${p}:`, apply: `${p}: <${ns}>`, detail: ns, type: "namespace" })) };
  }
  const colon = word.text.indexOf(":");
  if (colon >= 0) {
    const prefix = word.text.slice(0, colon + 1);
    return {
      from: word.from, validFor: /^[A-Za-z][\w-]*:[\w.-]*$/,
      options: vocab.terms.filter((t) => t.short.startsWith(prefix)).map((t) => ({
        label: t.short, type: t.kind === "class" ? "class" : "property",
        detail: t.label || t.kind, info: t.comment || t.iri,
      })),
    };
  }
  return {
    from: word.from, validFor: /^[A-Za-z_][\w-]*$/,
    options: [
      ...KEYWORDS.map((k) => ({ label: k, type: "keyword" })),
      ...Object.entries(vocab.declared).map(([p, ns]) => ({ label: `${p}:`, type: "namespace", detail: ns })),
    ],
  };
}

function makeEditor(text) {
  const runKey = { key: "Mod-Enter", run: () => { runQuery(); return true; } };
  let timer = null;
  view = new CM.EditorView({
    parent: $("editor"),
    state: CM.EditorState.create({
      doc: text,
      extensions: [
        CM.lineNumbers(), CM.history(), CM.drawSelection(), CM.bracketMatching(), CM.closeBrackets(),
        CM.StreamLanguage.define(CM.sparql), CM.syntaxHighlighting(CM.classHighlighter),
        CM.autocompletion({ override: [complete] }),
        CM.Prec.highest(CM.keymap.of([runKey])),
        CM.keymap.of([...CM.closeBracketsKeymap, ...CM.defaultKeymap, ...CM.historyKeymap, ...CM.completionKeymap,
                      CM.indentWithTab]),
        CM.EditorView.contentAttributes.of({ "aria-label": "SPARQL query" }),
        CM.EditorView.updateListener.of((u) => {
          if (!u.docChanged) return;
          clearTimeout(timer);
          timer = setTimeout(() => renderParams(currentParams()), 300);
        }),
      ],
    }),
  });
}

// ---------------------------------------------------------------- parameters, share links, downloads

// a saved query's parameters as the server read them (defaults come from its VALUES
// blocks); for other text, the parameters its opening comment declares, with no default
function paramsOf(text) {
  const name = $("saved").value;
  if (name && saved[name] && saved[name].text === text) return saved[name].params;
  const out = [];
  for (const line of text.split("\n")) {
    const t = line.trim();
    if (!t) continue;
    if (!t.startsWith("#")) break;
    const m = t.match(/^#\s*param\s+\?(\w+)\s*\((\w+)\)\s*:\s*(.+?)\s*$/);
    if (m) out.push({ name: m[1], type: m[2], default: "", help: m[3] });
  }
  return out;
}

function renderParams(values) {
  const box = $("params");
  box.textContent = "";
  for (const p of paramsOf(editorText())) {
    const input = el("input", { name: p.name, "data-param": p.name, placeholder: p.default, title: p.help });
    input.value = values && p.name in values ? values[p.name] : p.default;
    box.append(el("label", {}, el("span", { class: "param-name" }, p.name), " ", input,
                  el("small", { class: "param-help" }, ` ${p.type} — ${p.help}`)));
  }
}

function currentParams() {
  const out = {};
  // an empty field means "all" (the server drops the query's VALUES default); a field with
  // no default left empty is not sent, so the text's own VALUES block applies
  for (const input of document.querySelectorAll("[data-param]"))
    if (input.value !== "" || input.placeholder !== "") out[input.dataset.param] = input.value;
  return out;
}

function shareUrl() {
  const q = new URLSearchParams();
  const name = $("saved").value;
  if (name && saved[name] && saved[name].text === editorText()) q.set("saved", name);
  else q.set("query", editorText());
  for (const [k, v] of Object.entries(currentParams())) q.set(`param.${k}`, v);
  return `/?${q.toString()}`;
}

function requestParams(format) {
  const q = new URLSearchParams({ query: editorText() });
  for (const [k, v] of Object.entries(currentParams())) q.set(`param.${k}`, v);
  if (format) q.set("format", format);
  return q;
}

function showDownloads() {
  const box = $("downloads");
  box.textContent = "";
  const base = $("saved").value || "results";
  for (const [fmt, ext] of [["csv", "csv"], ["json", "json"], ["tsv", "tsv"], ["xml", "srx"]]) {
    box.append(el("a", { href: `/sparql?${requestParams(fmt)}`, download: `${base}.${ext}`, "data-format": fmt }, fmt.toUpperCase()), " ");
  }
}

// ---------------------------------------------------------------- running

async function runQuery() {
  const status = $("status");
  status.className = "";
  status.textContent = "running…";
  delete status.dataset.rows;
  const share = shareUrl();
  $("share").href = share;
  history.replaceState(null, "", share);
  showDownloads();
  const t0 = performance.now();
  try {
    const resp = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded",
                 Accept: "application/sparql-results+json, application/n-triples;q=0.9" },
      body: requestParams().toString(),
    });
    const text = await resp.text();
    if (!resp.ok) {
      let message = resp.statusText;
      try { message = JSON.parse(text).error || message; } catch (_) { message = text.split("\n")[0] || message; }
      throw new Error(message);
    }
    const graph = (resp.headers.get("Content-Type") || "").startsWith("application/n-triples");
    const n = graph ? showTriples(text) : showResults(JSON.parse(text));
    status.textContent = `${n.toLocaleString("fr-FR")} row${n === 1 ? "" : "s"} in ${Math.round(performance.now() - t0)} ms`;
    status.dataset.rows = n;
  } catch (err) {
    status.className = "error";
    status.textContent = "";
    status.append(errorView(err.message || err));
    clearResults();
  }
}

function clearResults() {
  Object.assign(shown, { vars: [], rows: [], order: [], sort: null, page: 0 });
  $("results").tHead.textContent = "";
  $("results").tBodies[0].textContent = "";
  $("count").textContent = "";
  $("pager").hidden = true;
  $("chart-box").hidden = true;
}

// ---------------------------------------------------------------- results: sorted and paged

function compare(a, b) {
  if (!a || !b) return a ? -1 : b ? 1 : 0;   // unbound last
  if (isNumeric(a) && isNumeric(b)) return Number(a.value) - Number(b.value);
  return COLLATOR.compare(a.value, b.value);
}

function sortBy(v) {
  const dir = shown.sort && shown.sort.v === v && shown.sort.dir === 1 ? -1 : 1;
  shown.sort = { v, dir };
  const idx = shown.order.slice().sort((i, j) => {   // stable: ties keep the server's order
    const c = compare(shown.rows[i][v], shown.rows[j][v]);
    return c === 0 ? i - j : (shown.rows[i][v] && shown.rows[j][v] ? dir * c : c);
  });
  shown.order = idx;
  shown.page = 0;
  renderTable();
}

function renderTable() {
  const thead = $("results").tHead, tbody = $("results").tBodies[0];
  thead.textContent = ""; tbody.textContent = "";
  const tr = el("tr");
  for (const v of shown.vars) {
    const sorted = shown.sort && shown.sort.v === v;
    const th = el("th", { "data-var": v, "aria-sort": sorted ? (shown.sort.dir === 1 ? "ascending" : "descending") : "none",
                          title: isEuroVar(v) ? "amounts in euros (the variable's name says so); click to sort" : "click to sort" },
                  el("button", { type: "button", class: "sort" }, v));
    th.querySelector("button").addEventListener("click", () => sortBy(v));
    tr.append(th);
  }
  thead.append(tr);
  const n = shown.order.length;
  const first = shown.page * PAGE_SIZE;
  for (const i of shown.order.slice(first, first + PAGE_SIZE)) {
    tbody.append(el("tr", {}, ...shown.vars.map((v) => termCell(shown.rows[i][v], v, openProvenance))));
  }
  const last = Math.min(n, first + PAGE_SIZE);
  $("pager").hidden = n <= PAGE_SIZE;
  $("range").textContent = `rows ${(first + 1).toLocaleString("fr-FR")}–${last.toLocaleString("fr-FR")} of ${n.toLocaleString("fr-FR")}`;
  $("prev").disabled = shown.page === 0;
  $("next").disabled = last >= n;
  $("count").textContent = `${n.toLocaleString("fr-FR")} row${n === 1 ? "" : "s"}`;
}

function turn(delta) {
  const pages = Math.max(1, Math.ceil(shown.order.length / PAGE_SIZE));
  shown.page = Math.min(pages - 1, Math.max(0, shown.page + delta));
  renderTable();
}

function showResults(doc) {
  clearResults();
  if ("boolean" in doc) {
    $("results").tHead.append(el("tr", {}, el("th", {}, "answer")));
    $("results").tBodies[0].append(el("tr", {}, el("td", {}, String(doc.boolean))));
    return 1;
  }
  shown.vars = doc.head.vars;
  shown.rows = doc.results.bindings;
  shown.order = shown.rows.map((_, i) => i);
  renderTable();
  const chart = window.YearChart.plan(shown.vars, shown.rows);
  if (chart) {
    $("chart-box").hidden = false;
    if (chart.reason) {
      $("chart").textContent = "";
      $("chart-caption").textContent = chart.reason;
    } else {
      window.YearChart.draw($("chart"), chart);
      $("chart-caption").textContent = `${chart.measure} by ${chart.year}` +
        (chart.keys.length ? `, one series per ${chart.keys.join(" · ")}` : "") + (chart.note ? ` — ${chart.note}` : "");
    }
  }
  return shown.rows.length;
}

function showTriples(text) {
  // a CONSTRUCT/DESCRIBE answer: one N-Triples statement per row, paged like the rest
  const lines = text.split("\n").filter((l) => l.trim());
  clearResults();
  shown.vars = ["triple"];
  shown.rows = lines.map((l) => ({ triple: { type: "literal", value: l } }));
  shown.order = shown.rows.map((_, i) => i);
  renderTable();
  return lines.length;
}

// ---------------------------------------------------------------- provenance

async function showRecords(url) {
  const body = $("provenance-body");
  body.textContent = "loading…";
  $("provenance").hidden = false;
  const resp = await fetch(url);
  const doc = await resp.json();
  body.textContent = "";
  if (!resp.ok) { body.append(el("p", { class: "status-bad" }, doc.error)); return; }
  if (!doc.results.length) body.append(el("p", { class: "status-none" }, "no amount printed so"));
  for (const r of doc.results) body.append(renderProvenance(r));
}

async function findAmount(ev) {
  ev.preventDefault();
  const q = new URLSearchParams({ amount: $("amount").value });
  if ($("document").value) q.set("document", $("document").value);
  await showRecords(`/explain.json?${q}`);
}

async function openProvenance(iri) {
  await showRecords(`/explain.json?iri=${encodeURIComponent(iri)}`);
  const q = new URLSearchParams(location.search);
  q.set("explain", iri);
  history.replaceState(null, "", `/?${q.toString()}`);
}

// ---------------------------------------------------------------- start

function choose(name, values) {
  const q = saved[name];
  $("saved").value = name;
  if (q) {
    setEditorText(q.text);
    $("question").textContent = `${q.en} — ${q.fr}`;
  } else {
    $("question").textContent = "";
  }
  renderParams(values);
}

function showDeclared() {
  const box = $("declared");
  box.textContent = "Declared for every query (no PREFIX line needed): ";
  for (const [p, ns] of Object.entries(vocab.declared)) box.append(el("code", { title: ns }, `${p}:`), " ");
}

async function init() {
  const [index, terms] = await Promise.all([fetch("/index.json"), fetch("/terms.json")].map((p) => p.then((r) => r.json())));
  vocab = terms;
  setPrefixes(vocab.prefixes);
  showDeclared();
  for (const q of index.queries) {
    saved[q.name] = q;
    $("saved").append(el("option", { value: q.name, title: q.en }, `${q.name} — ${q.en}`));
  }
  const args = new URLSearchParams(location.search);
  makeEditor(args.get("query") || "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 20");
  $("saved").addEventListener("change", () => choose($("saved").value));
  $("params").addEventListener("submit", (ev) => { ev.preventDefault(); runQuery(); });
  $("run").addEventListener("click", runQuery);
  $("prev").addEventListener("click", () => turn(-1));
  $("next").addEventListener("click", () => turn(1));
  $("find-amount").addEventListener("submit", findAmount);
  $("close-provenance").addEventListener("click", () => { $("provenance").hidden = true; });
  const values = {};
  for (const [k, v] of args) if (k.startsWith("param.")) values[k.slice(6)] = v;
  if (args.get("saved") && saved[args.get("saved")]) {
    choose(args.get("saved"), values);
    await runQuery();
  } else {
    renderParams(values);
    if (args.get("query")) await runQuery();
    else if (args.get("saved")) {
      $("status").className = "error";
      $("status").textContent = `no saved query named ${args.get("saved")} (see the list above)`;
    }
  }
  if (args.get("explain")) await openProvenance(args.get("explain"));
  document.body.dataset.ready = "1";
}

init();
