// One resource: label, types, properties, incoming links and, for an amount read from a
// source, its provenance with the exact span marked. Reads /resource.json?iri=… (kg/resource.py).
"use strict";
(function () {
  const { el, setPrefixes, termCell, renderProvenance, errorView, resourceHref } = window.KG;
  const $ = (id) => document.getElementById(id);

  function link(node) {
    return el("a", { href: resourceHref(node.value), title: node.value }, node.label ? `${node.label} (${node.short})` : node.short);
  }

  function valueCell(node, predicate) {
    if (node.type !== "uri") return termCell(node, predicate.short.split(":").pop());
    return el("td", {}, link(node));
  }

  function count(id, shown, total, what) {
    $(id).textContent = shown < total ? `${shown} of ${total} ${what} shown` : `${total} ${what}`;
  }

  async function init() {
    const iri = new URLSearchParams(location.search).get("iri") || "";
    const twin = `/resource.json?iri=${encodeURIComponent(iri)}`;
    $("twin").href = twin; $("twin-link").href = twin;
    $("iri").textContent = iri;
    const query = `SELECT ?p ?o WHERE { <${iri}> ?p ?o }`;
    $("query-link").href = `/?query=${encodeURIComponent(query)}`;
    const [terms, resp] = await Promise.all([fetch("/terms.json").then((r) => r.json()), fetch(twin)]);
    setPrefixes(terms.prefixes);
    const doc = await resp.json();
    if (!resp.ok) {
      $("label").textContent = "Not found";
      $("status").className = "status-bad";
      $("status").append(errorView(doc.error));
      document.body.dataset.ready = "1";
      return;
    }
    $("label").textContent = doc.label || doc.short;
    document.title = `${doc.label || doc.short} — circulaires-kg`;
    for (const t of doc.types) $("types").append(link(t));
    const props = $("properties").tBodies[0];
    for (const p of doc.properties) props.append(el("tr", {}, el("th", {}, link(p.predicate)), valueCell(p.object, p.predicate)));
    $("properties-box").hidden = !doc.properties.length;
    count("properties-count", doc.properties.length, doc.propertyCount, "properties");
    const inc = $("incoming").tBodies[0];
    for (const i of doc.incoming) inc.append(el("tr", {}, el("td", {}, link(i.subject)), el("th", {}, link(i.predicate))));
    $("incoming-box").hidden = !doc.incoming.length;
    count("incoming-count", doc.incoming.length, doc.incomingCount, "incoming links");
    if (doc.provenance) {
      $("provenance-body").append(renderProvenance(doc.provenance));
      $("provenance-box").hidden = false;
    }
    document.body.dataset.ready = "1";
  }

  init();
})();
