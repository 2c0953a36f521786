"""`kg explain`: where a fact comes from, for auditors.

For an amount (a table observation), a prose mention, or anything derived from a source
span, it gathers from the graph alone: the document, annex, table, row and column, page
and line, the exact quote with the text around it (the span's TextQuoteSelector keeps
its prefix and suffix), the extraction activity and software, and how the fact
reconciles (the table's total checks, the prose-amount ↔ table-total checks)."""
from __future__ import annotations

import html
import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from extractors.numbers import format_number, parse_number
from extractors.readers import ReadError, read_document
from kg.query import bind_text, term_record

CKG = "https://circulaires-kg.example.org/ontology#"
PREFIXES = """
PREFIX ckg: <https://circulaires-kg.example.org/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
TYPE_NAMES = {
    "http://purl.org/linked-data/cube#Observation": "table cell (qb:Observation)",
    CKG + "Mention": "prose mention (ckg:Mention)",
    CKG + "AmountCheck": "prose amount ↔ table total check (ckg:AmountCheck)",
    CKG + "TotalCheck": "printed total recomputed from its parts (ckg:TotalCheck)",
    "http://www.w3.org/ns/oa#SpecificResource": "source span (oa:SpecificResource)",
}


class ExplainError(Exception):
    pass


def _rows(store, query: str, **bind) -> list[dict]:
    subs = {ox.Variable(k): (v if isinstance(v, (ox.NamedNode, ox.Literal)) else ox.NamedNode(v))
            for k, v in bind.items()}
    res = store.query(bind_text(PREFIXES + query, subs), use_default_graph_as_union=True)
    names = [v.value for v in res.variables]
    return [{n: s[n] for n in names} for s in res]


def _v(term):
    return None if term is None else term.value


def _one(store, query: str, **bind) -> dict:
    rows = _rows(store, query, **bind)
    return rows[0] if rows else {}


def span_of(store, iri: str) -> str | None:
    """The source span a fact was derived from (the fact itself if it is a span; a check's
    prose amount for an amount check)."""
    row = _one(store, """SELECT ?span WHERE {
        { ?x a oa:SpecificResource . BIND(?x AS ?span) } UNION { ?x prov:wasDerivedFrom ?span . ?span a oa:SpecificResource }
        UNION { ?x ckg:proseAmount/prov:wasDerivedFrom ?span . ?span a oa:SpecificResource }
    } ORDER BY ?span LIMIT 1""", x=iri)
    return _v(row.get("span"))


def context_lines(prefix: str, exact: str, suffix: str, line: int, page: int | None) -> list[dict]:
    """The quote with its context, cut into numbered source lines; the span's own lines
    carry before / match / after so a viewer can highlight the exact characters."""
    text = prefix + exact + suffix
    first = line - prefix.count("\n")
    out, pos = [], 0
    start, end = len(prefix), len(prefix) + len(exact)
    for i, chunk in enumerate(text.split("\n")):
        a, b = pos, pos + len(chunk)
        rec = {"line": first + i, "page": page, "text": chunk, "hit": a < end and b > start or (a == b == start)}
        if rec["hit"]:
            lo, hi = max(start, a) - a, min(end, b) - a
            rec.update(before=chunk[:lo], match=chunk[lo:hi], after=chunk[hi:])
        out.append(rec)
        pos = b + 1
    return out


@lru_cache(maxsize=16)
def _read(path: str, mtime: float):
    return read_document(Path(path))


def source_document(sources, name: str | None, sha256: str | None):
    """The source file `name` from one of the `sources` folders, if it is the very file the
    graph was built from (same sha256); else None (a changed file must not be quoted)."""
    for folder in sources or ():
        p = Path(folder) / (name or "")
        if name and p.is_file():
            try:
                doc = _read(str(p.resolve()), p.stat().st_mtime)
            except ReadError:
                continue
            if doc.sha256 == sha256:
                return doc
    return None


def source_lines(doc, start: int, end: int, around: int = 2) -> list[dict]:
    """Whole source lines around [start, end), the span's own lines split for highlighting."""
    first, last = doc.line_at(start).number, doc.line_at(max(start, end - 1)).number
    out = []
    for n in range(max(1, first - around), min(len(doc.lines), last + around) + 1):
        line = doc.line(n)
        rec = {"line": n, "page": line.page, "text": line.text, "hit": first <= n <= last}
        if rec["hit"]:
            lo, hi = max(start, line.start) - line.start, min(end, line.end) - line.start
            rec.update(before=line.text[:lo], match=line.text[lo:hi], after=line.text[hi:])
        out.append(rec)
    return out


def _location(store, iri: str) -> dict:
    """Table, row, column, annex (for a cell) or section (for a mention)."""
    row = _one(store, """SELECT ?table ?tableId ?rowLabel ?colLabel ?annexNumber ?annexTitle ?section ?circular ?circularLabel WHERE {
        OPTIONAL { ?x qb:dataSet ?ds . ?ds rdfs:label ?table . OPTIONAL { ?ds dcterms:identifier ?tableId }
                   OPTIONAL { ?ds dcterms:isPartOf ?annex . ?annex ckg:annexNumber ?annexNumber OPTIONAL { ?annex eli:title ?annexTitle } } }
        OPTIONAL { ?x ckg:row/rdfs:label ?rowLabel }
        OPTIONAL { ?x ckg:column/rdfs:label ?colLabel }
        OPTIONAL { ?x ckg:inSection ?sec . ?sec rdfs:label ?section
                   OPTIONAL { ?sec eli:is_part_of* ?a2 . ?a2 ckg:annexNumber ?annexNumber OPTIONAL { ?a2 eli:title ?annexTitle } } }
        OPTIONAL { ?x ckg:circular ?circular . ?circular rdfs:label ?circularLabel }
    } LIMIT 1""", x=iri)
    out = {k: _v(v) for k, v in row.items() if v is not None}
    annex = out.pop("annexNumber", None)
    title = out.pop("annexTitle", None)
    if annex:
        out["annex"] = f"annexe {annex}" + (f" — {title}" if title else "")
    out.pop("circular", None)
    if "circularLabel" in out:
        out["circular"] = out.pop("circularLabel")
    return out


def _reconciliation(store, iri: str, types: set[str]) -> list[dict]:
    """What checks say about this fact: its table's printed totals, and prose ↔ table checks."""
    out = []
    for r in _rows(store, """SELECT ?check ?stated ?computed ?tol ?ok ?role WHERE {
            { ?check ckg:tableTotal ?x BIND("table total" AS ?role) } UNION { ?check ckg:proseAmount ?x BIND("prose amount" AS ?role) }
            UNION { ?x a ckg:AmountCheck BIND(?x AS ?check) BIND("check" AS ?role) }
            ?check ckg:statedEUR ?stated ; ckg:computedEUR ?computed ; ckg:reconciled ?ok .
            OPTIONAL { ?check ckg:toleranceEUR ?tol } } ORDER BY ?check""", x=iri):
        stated, computed = Decimal(r["stated"].value), Decimal(r["computed"].value)
        ok = r["ok"].value == "true"
        tol = f", tolerance {format_number(Decimal(r['tol'].value), sep=' ')} €" if r.get("tol") else ""
        out.append({"ok": ok, "check": r["check"].value,
                    "summary": f"prose amount {format_number(stated, sep=' ')} € vs table total "
                               f"{format_number(computed, sep=' ')} € (gap {format_number(stated - computed, sep=' ')} €{tol}): "
                               + ("reconciles" if ok else "DOES NOT reconcile")})
    mine = set()
    for r in _rows(store, """SELECT ?check ?label ?role ?stated ?computed ?tol ?ok WHERE {
            { ?check ckg:checkedTotal ?x BIND("its printed total" AS ?role) }
            UNION { ?check ckg:addend ?x BIND("one of its parts" AS ?role) }
            UNION { ?x a ckg:TotalCheck BIND(?x AS ?check) BIND("the check" AS ?role) }
            ?check a ckg:TotalCheck ; rdfs:label ?label ; ckg:stated ?stated ; ckg:computed ?computed ;
                   ckg:tolerance ?tol ; ckg:reconciled ?ok } ORDER BY ?check""", x=iri):
        mine.add(r["check"].value)
        stated, computed = Decimal(r["stated"].value), Decimal(r["computed"].value)
        ok = r["ok"].value == "true"
        out.append({"ok": ok, "check": r["check"].value,
                    "summary": f"total check of {r['label'].value} ({r['role'].value}): printed "
                               f"{format_number(stated, sep=' ')}, sum of parts {format_number(computed, sep=' ')} "
                               f"(gap {format_number(stated - computed, sep=' ')}, tolerance "
                               f"{format_number(Decimal(r['tol'].value), sep=' ')}): "
                               + ("reconciles" if ok else "DOES NOT reconcile")})
    if "http://purl.org/linked-data/cube#Observation" in types:
        failed = {r["check"].value for r in _rows(store, """SELECT ?check WHERE {
            ?x qb:dataSet ?ds . ?check ckg:inTable ?ds ; ckg:reconciled false }""", x=iri)}
        others = len(failed - mine)
        if others:
            out.append({"ok": False, "summary": f"{others} other printed total(s) of this table do not reconcile"})
        elif not failed:
            out.append({"ok": True, "summary": "every printed total of this table equals the sum of its parts (within rounding)"})
        for r in _rows(store, "SELECT ?issue WHERE { ?x qb:dataSet/ckg:issue ?issue } ORDER BY ?issue", x=iri):
            out.append({"ok": None, "summary": "note on this table: " + r["issue"].value})
    return out


def explain(store, iri: str, sources=None) -> dict:
    """Everything an auditor needs about one fact, as plain data (the JSON twin's content).
    With `sources` (folders holding the documents), the context is whole source lines,
    read from the file when it is unchanged since the build; else the graph's own context."""
    node = ox.NamedNode(iri)
    facts = sorted(((q.predicate, q.object) for q in store.quads_for_pattern(node, None, None)), key=str)
    if not facts:
        raise ExplainError(f"{iri}: nothing in the store has this IRI as subject")
    types = {o.value for p, o in facts if p.value == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"}
    rec = {"iri": iri, "types": sorted(TYPE_NAMES.get(t, t) for t in types)}
    about = _one(store, """SELECT ?label ?value ?printed ?unit ?mtype WHERE {
        OPTIONAL { ?x rdfs:label ?label } OPTIONAL { ?x ckg:amountEUR ?value } OPTIONAL { ?x ckg:printedValue ?printed }
        OPTIONAL { ?x ckg:unit ?unit } OPTIONAL { ?x ckg:mentionType ?mtype } } LIMIT 1""", x=iri)
    rec["label"] = _v(about.get("label"))
    if about.get("value") is not None:
        rec["value"] = f"{format_number(Decimal(about['value'].value), sep=' ')} €"
    if about.get("printed") is not None:
        rec["printed"] = _v(about["printed"])
    rec["unit"] = _v(about.get("unit"))
    rec["mention_type"] = _v(about.get("mtype"))
    rec.update(_location(store, iri))
    if rec["label"] is None and rec.get("printed"):
        rec["label"] = f"{rec['printed']} {rec.get('unit') or ''} — {rec.get('rowLabel')} × {rec.get('colLabel')}"
    span = span_of(store, iri)
    if span:
        s = _one(store, """SELECT ?doc ?name ?title ?sha ?page ?line ?start ?end ?exact ?prefix ?suffix WHERE {
            ?span oa:hasSource ?doc . OPTIONAL { ?doc rdfs:label ?name } OPTIONAL { ?doc dcterms:title ?title }
            OPTIONAL { ?doc ckg:sha256 ?sha } OPTIONAL { ?span ckg:page ?page } OPTIONAL { ?span ckg:line ?line }
            OPTIONAL { ?span oa:hasSelector ?p . ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end }
            OPTIONAL { ?span oa:hasSelector ?q . ?q a oa:TextQuoteSelector ; oa:exact ?exact
                       OPTIONAL { ?q oa:prefix ?prefix } OPTIONAL { ?q oa:suffix ?suffix } } } LIMIT 1""", span=span)
        rec["span"] = span
        rec["document"] = {"iri": _v(s.get("doc")), "name": _v(s.get("name")), "title": _v(s.get("title")),
                           "sha256": _v(s.get("sha"))}
        page, line = s.get("page"), s.get("line")
        rec["page"] = int(page.value) if page is not None else None
        rec["line"] = int(line.value) if line is not None else None
        if s.get("start") is not None:
            rec["offsets"] = [int(s["start"].value), int(s["end"].value)]
        rec["quote"] = _v(s.get("exact"))
        doc = source_document(sources, rec["document"]["name"], rec["document"]["sha256"]) if sources else None
        if doc is not None and rec.get("offsets"):
            rec["context"] = source_lines(doc, *rec["offsets"])
            rec["context_from"] = doc.path
        elif rec["quote"] is not None and rec["line"] is not None:
            rec["context"] = context_lines(_v(s.get("prefix")) or "", rec["quote"], _v(s.get("suffix")) or "",
                                           rec["line"], rec["page"])
            rec["context_from"] = "graph (oa:TextQuoteSelector prefix and suffix)"
    act = _one(store, """SELECT ?activity ?label ?extractor ?agent WHERE {
        ?x prov:wasGeneratedBy ?activity . OPTIONAL { ?activity rdfs:label ?label }
        OPTIONAL { ?activity ckg:extractor ?extractor }
        OPTIONAL { ?activity prov:wasAssociatedWith/rdfs:label ?agent } } ORDER BY ?activity LIMIT 1""", x=iri)
    if act:
        rec["activity"] = {"iri": _v(act.get("activity")), "extractor": _v(act.get("extractor")),
                           "software": _v(act.get("agent")), "label": _v(act.get("label"))}
    rec["reconciliation"] = _reconciliation(store, iri, types)
    rec["facts"] = [{"predicate": p.value, "object": term_record(o)} for p, o in facts]
    return {k: v for k, v in rec.items() if v is not None}


def _digits(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]", "", text)


def find_amount(store, amount: str, document: str | None = None) -> list[str]:
    """Table cells printed as `amount` (spaces ignored; `5085` also finds `5 085,0`'s
    value), and prose amounts printed so (`5,1 M€`); optionally in one document (file
    name, stem or part of it)."""
    wanted = _digits(amount)
    try:
        value = parse_number(amount)
    except (ValueError, InvalidOperation):
        value = None
    rows = _rows(store, """SELECT ?x ?printed ?inunit ?docname WHERE {
        { ?x ckg:printedValue ?printed ; ckg:valueInUnit ?inunit }
        UNION { ?x ckg:mentionType "amount" ; rdfs:label ?printed }
        ?x prov:wasDerivedFrom ?span . ?span oa:hasSource ?doc . ?doc rdfs:label ?docname }""")
    out = set()
    for r in rows:
        if document and document not in r["docname"].value:
            continue
        printed = _digits(r["printed"].value)
        same_value = value is not None and r.get("inunit") is not None and Decimal(r["inunit"].value) == value
        if printed == wanted or (same_value and "," not in amount):
            out.add(r["x"].value)
    return sorted(out)


# ---------------------------------------------------------------- rendering

def render_text(rec: dict) -> str:
    """The provenance record for a terminal."""
    lines = [rec.get("label") or rec["iri"], f"  iri:        {rec['iri']}",
             f"  kind:       {', '.join(rec['types'])}"]
    for key, name in (("value", "amount"), ("printed", "printed"), ("unit", "unit"), ("circular", "circular"),
                      ("annex", "annex"), ("table", "table"), ("rowLabel", "row"), ("colLabel", "column"),
                      ("section", "section")):
        if rec.get(key):
            lines.append(f"  {name + ':':<11} {rec[key]}")
    doc = rec.get("document")
    if doc:
        lines.append(f"  document:   {doc.get('name')}" + (f" — {doc['title']}" if doc.get("title") else ""))
        lines.append(f"  sha256:     {doc.get('sha256')}")
        where = f"page {rec.get('page')}, line {rec.get('line')}"
        if rec.get("offsets"):
            where += f", characters {rec['offsets'][0]}–{rec['offsets'][1]}"
        lines.append(f"  where:      {where}")
        lines.append(f"  quote:      «{rec.get('quote')}»")
        lines.append(f"  context:    (from {rec.get('context_from')})")
        for c in rec.get("context", []):
            text = f"{c['before']}[[{c['match']}]]{c['after']}" if c["hit"] else c["text"]
            lines.append(f"    {'>' if c['hit'] else ' '} {c['line']:>5} | {text}")
    act = rec.get("activity")
    if act:
        lines.append(f"  extracted:  by {act.get('extractor')} ({act.get('software')}) — {act.get('iri')}")
    lines.append("  reconciles:")
    for c in rec.get("reconciliation") or [{"ok": None, "summary": "no check covers this fact"}]:
        mark = {True: "ok ", False: "NO ", None: " - "}[c["ok"]]
        lines.append(f"    {mark} {c['summary']}")
    return "\n".join(lines) + "\n"


def render_html(rec: dict) -> str:
    """The provenance record as an HTML fragment (the /explain page)."""
    e = html.escape
    rows = []
    for key, name in (("value", "amount"), ("printed", "printed"), ("unit", "unit"), ("circular", "circular"),
                      ("annex", "annex"), ("table", "table"), ("rowLabel", "row"), ("colLabel", "column"),
                      ("section", "section"), ("page", "page"), ("line", "line"), ("quote", "quote")):
        if rec.get(key) is not None:
            rows.append(f"<dt>{name}</dt><dd>{e(str(rec[key]))}</dd>")
    doc = rec.get("document")
    if doc:
        rows.append(f"<dt>document</dt><dd>{e(doc.get('name') or '')} {e(doc.get('title') or '')}</dd>")
    src = ""
    if rec.get("context"):
        body = []
        for c in rec["context"]:
            text = (f"{e(c['before'])}<mark>{e(c['match'])}</mark>{e(c['after'])}" if c["hit"] else e(c["text"]))
            body.append(f'<div class="{"hit" if c["hit"] else ""}"><span class="ln">{c["page"] or ""}:{c["line"]}</span>{text}</div>')
        src = (f'<h3>Source</h3><pre class="source">{"".join(body)}</pre>'
               f'<p class="status-none">from {e(rec.get("context_from") or "")}</p>')
    act = rec.get("activity")
    act_html = (f"<h3>Extraction</h3><p>{e(act.get('extractor') or '')} — {e(act.get('software') or '')}"
                f"<br><code>{e(act.get('iri') or '')}</code></p>") if act else ""
    checks = "".join(f'<p class="{ {True: "status-ok", False: "status-bad"}.get(c["ok"], "status-none")}">{e(c["summary"])}</p>'
                     for c in rec.get("reconciliation", [])) or '<p class="status-none">no check covers this fact</p>'
    return (f'<section class="provenance"><h2>{e(rec.get("label") or rec["iri"])}</h2><p><code>{e(rec["iri"])}</code></p>'
            f"<p>{e(', '.join(rec['types']))}</p><dl>{''.join(rows)}</dl>{src}{act_html}<h3>Reconciliation</h3>{checks}</section>")
