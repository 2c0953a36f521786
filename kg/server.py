"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint and a web page on the same port.

One `App` answers requests as plain (method, path, headers, body) → Response, so the
standard library's ThreadingHTTPServer serves it and `kg serve --get PATH` answers one
request without a socket. Every HTML page has a JSON twin (`/queries` ↔ `/queries.json`).

Routes:
  /                 the page: query editor preloaded with the saved queries, results, provenance
  /index.json       what the page needs: endpoint, saved queries
  /sparql           SPARQL 1.1 Protocol (GET ?query=, POST form or application/sparql-query);
                    a query whose opening comment declares parameters (see kg/query.py) takes
                    them as `param.NAME=value` request parameters, else their defaults
  /queries[.json]   the saved queries; /queries/NAME[.json]?param=value runs one
  /explain[.json]   ?iri=… (or ?amount=…&document=…): provenance of an amount or mention
  /static/…         the page's script and style (package data in kg/web/)"""
from __future__ import annotations

import html
import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox

from kg.query import (QueryError, is_numeric, is_update, load_query, parse_query, prefixes_of, run, saved_queries,
                      short, term_record)

WEB = Path(__file__).resolve().parent / "web"
DEFAULT_TIMEOUT = 30.0
MAX_RUNNING = 4

SELECT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/ld+json": ox.RdfFormat.JSON_LD,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
FORMAT_NAMES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values",
                "turtle": "text/turtle", "ttl": "text/turtle", "nt": "application/n-triples",
                "ntriples": "application/n-triples", "rdfxml": "application/rdf+xml",
                "jsonld": "application/ld+json"}
STATIC_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
                ".html": "text/html; charset=utf-8"}


@dataclass
class Response:
    status: int
    content_type: str
    body: bytes
    headers: dict = field(default_factory=dict)


class Timeout(Exception):
    pass


def _accept(header: str | None, offered) -> str | None:
    """The offered media type the Accept header prefers (q-values honoured), None if none fits."""
    if not header:
        return None
    best, best_q = None, 0.0
    for order, part in enumerate(header.split(",")):
        media, *opts = [s.strip() for s in part.split(";")]
        q = 1.0
        for o in opts:
            if o.startswith("q="):
                try:
                    q = float(o[2:])
                except ValueError:
                    q = 0.0
        candidates = offered if media in ("*/*", "") else [m for m in offered if m == media or
                                                           (media.endswith("/*") and m.startswith(media[:-1]))]
        for m in candidates:
            # exact matches beat wildcards at equal q
            score = q - (0.001 if "*" in media else 0) - order * 1e-6
            if score > best_q:
                best, best_q = m, score
    return best


# ---------------------------------------------------------------- result serialisers (row by row, so a deadline can stop them)

def _csv_field(value: str) -> str:
    return '"' + value.replace('"', '""') + '"' if any(c in value for c in ',"\r\n') else value


def serialise_select(names, rows, fmt: str) -> bytes:
    if fmt == "json":
        doc = {"head": {"vars": names},
               "results": {"bindings": [{n: term_record(t) for n, t in zip(names, r) if t is not None}
                                        for r in rows]}}
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")
    if fmt == "csv":
        lines = [",".join(names)]
        lines += [",".join("" if t is None else _csv_field(t.value) for t in r) for r in rows]
        return ("\r\n".join(lines) + "\r\n").encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join("?" + n for n in names)]
        lines += ["\t".join("" if t is None else str(t) for t in r) for r in rows]   # terms in N-Triples syntax
        return ("\n".join(lines) + "\n").encode("utf-8")
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    out += [f'<variable name="{html.escape(n)}"/>' for n in names]
    out += ["</head>", "<results>"]
    for r in rows:
        out.append("<result>")
        for n, t in zip(names, r):
            if t is None:
                continue
            rec = term_record(t)
            v = html.escape(rec["value"], quote=False)
            if rec["type"] == "uri":
                inner = f"<uri>{v}</uri>"
            elif rec["type"] == "bnode":
                inner = f"<bnode>{v}</bnode>"
            else:
                attrs = "".join(f' {k}="{html.escape(rec[k])}"' for k in ("xml:lang", "datatype") if k in rec)
                inner = f"<literal{attrs}>{v}</literal>"
            out.append(f'<binding name="{html.escape(n)}">{inner}</binding>')
        out.append("</result>")
    out += ["</results>", "</sparql>"]
    return "\n".join(out).encode("utf-8")


def serialise_ask(value: bool, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt in ("csv", "tsv"):
        return f"{str(value).lower()}\n".encode()
    return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head/><boolean>{str(value).lower()}</boolean></sparql>").encode()


# ---------------------------------------------------------------- the application

class App:
    """Everything the server answers, without sockets."""

    def __init__(self, store: ox.Store, timeout: float = DEFAULT_TIMEOUT, max_running: int = MAX_RUNNING,
                 sources=()):
        self.store = store
        self.sources = tuple(sources)
        self.timeout = timeout
        self.slots = threading.BoundedSemaphore(max_running)

    # -- running queries under a deadline
    def evaluate(self, query, params: dict) -> tuple[str, object]:
        """("select", (names, rows)) | ("ask", bool) | ("graph", triples), within the timeout.
        Rows are read one by one against the deadline; a query that computes everything
        before its first row is abandoned at the deadline (its thread finishes in the
        background and frees its slot)."""
        if not self.slots.acquire(timeout=self.timeout):
            raise Timeout(f"server busy: {MAX_RUNNING} queries already running")
        deadline = time.monotonic() + self.timeout
        box: dict = {}
        stop = threading.Event()

        def work():
            try:
                results = run(self.store, query, params)
                if isinstance(results, ox.QueryBoolean):
                    box["value"] = ("ask", bool(results))
                    return
                items = []
                for item in results:
                    if stop.is_set():
                        return
                    items.append(item)
                if isinstance(results, ox.QueryTriples):
                    box["value"] = ("graph", items)
                else:
                    names = [v.value for v in results.variables]
                    box["value"] = ("select", (names, [[s[n] for n in names] for s in items]))
            except Exception as exc:  # reported to the client, not lost in the thread
                box["error"] = exc
            finally:
                self.slots.release()

        worker = threading.Thread(target=work, daemon=True, name="sparql-query")
        worker.start()
        worker.join(max(0.0, deadline - time.monotonic()))
        if worker.is_alive():
            stop.set()
            raise Timeout(f"query timed out after {self.timeout:g} s")
        if "error" in box:
            raise box["error"]
        return box["value"]

    # -- dispatch
    def handle(self, method: str, target: str, headers: dict | None = None, body: bytes = b"") -> Response:
        headers = {k.lower(): v for k, v in (headers or {}).items()}
        url = urllib.parse.urlsplit(target)
        args = dict(urllib.parse.parse_qsl(url.query, keep_blank_values=True))
        path = url.path.rstrip("/") or "/"
        try:
            if path == "/sparql":
                return self.sparql(method, args, headers, body)
            if method not in ("GET", "HEAD"):
                return self.error(405, f"{method} is not allowed on {path}", {"Allow": "GET, HEAD"})
            if path in ("/", "/index.html"):
                return self.static("index.html")
            if path == "/index.json":
                return self.json({"endpoint": "/sparql", "queries": [q.record() for q in saved_queries()]})
            if path.startswith("/static/"):
                return self.static(path[len("/static/"):])
            if path in ("/queries", "/queries.json"):
                return self.queries_page(path.endswith(".json"))
            if path.startswith("/queries/"):
                name = path[len("/queries/"):]
                as_json = name.endswith(".json")
                return self.saved_page(name[:-5] if as_json else name, args, as_json)
            if path in ("/explain", "/explain.json"):
                return self.explain_page(args, path.endswith(".json"))
            if path == "/vocab":
                from kg.vocabdoc import render_html
                return Response(200, "text/html; charset=utf-8", render_html().encode("utf-8"))
            return self.error(404, f"no page at {path}")
        except Timeout as exc:
            return self.error(503, str(exc))
        except QueryError as exc:
            return self.error(400, str(exc))

    def sparql(self, method, args, headers, body) -> Response:
        """SPARQL 1.1 Protocol: query via GET, POST form, or POST application/sparql-query."""
        ctype = headers.get("content-type", "").split(";")[0].strip()
        if method in ("GET", "HEAD"):
            text = args.get("query")
        elif method == "POST":
            if ctype == "application/sparql-update" or "update" in args:
                return self.error(403, "SPARQL Update is not allowed: this endpoint is read-only")
            if ctype == "application/x-www-form-urlencoded":
                args = {**args, **dict(urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True))}
                if "update" in args:
                    return self.error(403, "SPARQL Update is not allowed: this endpoint is read-only")
                text = args.get("query")
            elif ctype == "application/sparql-query":
                text = body.decode("utf-8")
            else:
                return self.error(415, f"unsupported content type {ctype!r}: use application/sparql-query "
                                       "or application/x-www-form-urlencoded")
        else:
            return self.error(405, f"{method} is not allowed on /sparql", {"Allow": "GET, POST, HEAD"})
        if "update" in args:
            return self.error(403, "SPARQL Update is not allowed: this endpoint is read-only")
        if not text:
            return self.error(400, "missing 'query' parameter")
        q = parse_query(text, name="query")
        params = {k[len("param."):]: v for k, v in args.items() if k.startswith("param.")}
        if is_update(q.text):
            return self.error(403, "SPARQL Update is not allowed: this endpoint is read-only")
        kind, value = self.evaluate(q, params)
        return self.results(kind, value, args.get("format"), headers.get("accept"))

    def results(self, kind, value, fmt, accept) -> Response:
        """Serialise in the media type `format=` names, else the one Accept prefers, else the default."""
        offered, default = (GRAPH_TYPES, "text/turtle") if kind == "graph" else \
            (SELECT_TYPES, "application/sparql-results+json")
        if fmt:
            media = FORMAT_NAMES.get(fmt)
            if media not in offered:
                return self.error(406, f"format {fmt!r} does not fit this result (one of "
                                       f"{', '.join(k for k, v in FORMAT_NAMES.items() if v in offered)})")
        else:
            media = _accept(accept, list(offered))
            if media is None and accept and "*/*" not in accept:
                return self.error(406, f"no acceptable type among {', '.join(offered)}")
            media = media or default
        if kind == "graph":
            data = ox.serialize(value, format=GRAPH_TYPES[media])
        elif kind == "ask":
            data = serialise_ask(value, SELECT_TYPES[media])
        else:
            data = serialise_select(*value, SELECT_TYPES[media])
        return Response(200, f"{media}; charset=utf-8", data)

    # -- pages
    def queries_page(self, as_json: bool) -> Response:
        qs = saved_queries()
        if as_json:
            return self.json({"queries": [q.record() for q in qs]})
        items = "".join(
            f'<li><a href="/queries/{html.escape(q.name)}">{html.escape(q.name)}</a> — '
            f'{html.escape(q.en)} <i lang="fr">{html.escape(q.fr)}</i> '
            f'(<a href="/?saved={html.escape(q.name)}">open in the editor</a>)</li>' for q in qs)
        return self.page("Saved queries", f"<ul class=\"saved\">{items}</ul>", "/queries.json")

    def saved_page(self, name: str, args: dict, as_json: bool) -> Response:
        if not name or "/" in name or name.startswith("."):
            return self.error(404, f"no saved query {name!r}")
        try:
            q = load_query(name)
        except QueryError:
            return self.error(404, f"no saved query {name!r} (see /queries)")
        params = {k: v for k, v in args.items() if k != "format"}
        kind, value = self.evaluate(q, params)
        if as_json:
            if kind == "select":
                names, rows = value
                doc = json.loads(serialise_select(names, rows, "json"))
            elif kind == "ask":
                doc = {"head": {}, "boolean": value}
            else:
                doc = {"triples": [str(t) for t in value]}
            doc["query"] = q.record()
            return self.json(doc)
        query_string = urllib.parse.urlencode(params)
        twin = f"/queries/{name}.json" + (f"?{query_string}" if query_string else "")
        head = (f"<p>{html.escape(q.en)}<br><i lang=\"fr\">{html.escape(q.fr)}</i></p>"
                + self._param_form(q, params, f"/queries/{name}")
                + f'<p><a href="/?saved={urllib.parse.quote(name)}'
                + (f"&amp;{html.escape(urllib.parse.urlencode({'param.' + k: v for k, v in params.items()}))}" if params else "")
                + '">open in the editor</a></p>')
        if kind == "select":
            table = html_table(*value, prefixes_of(q.text))
        elif kind == "ask":
            table = f"<p>{str(value).lower()}</p>"
        else:
            table = "<pre>" + html.escape("\n".join(sorted(str(t) + " ." for t in value))) + "</pre>"
        return self.page(name, head + table + f"<details><summary>SPARQL</summary><pre>{html.escape(q.text)}</pre></details>", twin)

    def _param_form(self, q, params, action) -> str:
        if not q.params:
            return ""
        fields = "".join(
            f'<label>{html.escape(p.name)} <input name="{html.escape(p.name)}" '
            f'value="{html.escape(params.get(p.name, p.default or ""))}" title="{html.escape(p.help)}"></label> '
            for p in q.params)
        return f'<form method="get" action="{html.escape(action)}">{fields}<button>Run</button></form>'

    def explain_page(self, args: dict, as_json: bool) -> Response:
        from kg.explain import ExplainError, explain, find_amount, render_html
        try:
            if args.get("iri"):
                records = [explain(self.store, args["iri"], self.sources)]
            elif args.get("amount"):
                records = [explain(self.store, iri, self.sources) for iri in
                           find_amount(self.store, args["amount"], args.get("document"))]
            else:
                return self.error(400, "give ?iri=… or ?amount=…[&document=…]")
        except ExplainError as exc:
            return self.error(404, str(exc))
        if as_json:
            return self.json({"results": records})
        twin = "/explain.json?" + urllib.parse.urlencode(args)
        body = "".join(render_html(r) for r in records) or "<p>No amount matches.</p>"
        return self.page("Provenance", body, twin)

    # -- helpers
    def static(self, name: str) -> Response:
        p = (WEB / name).resolve()
        if WEB.resolve() not in p.parents or not p.is_file():
            return self.error(404, f"no file {name!r}")
        return Response(200, STATIC_TYPES.get(p.suffix, "application/octet-stream"), p.read_bytes())

    def json(self, doc) -> Response:
        return Response(200, "application/json; charset=utf-8",
                        json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8"))

    def page(self, title: str, body: str, twin: str) -> Response:
        text = (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} — circulaires-kg</title>'
                f'<link rel="stylesheet" href="/static/app.css"><link rel="alternate" type="application/json" href="{html.escape(twin)}">'
                f'</head><body><header><a href="/">circulaires-kg</a> · <a href="/queries">saved queries</a> · '
                f'<a href="{html.escape(twin)}">JSON</a></header><main><h1>{html.escape(title)}</h1>{body}</main></body></html>')
        return Response(200, "text/html; charset=utf-8", text.encode("utf-8"))

    def error(self, status: int, message: str, headers: dict | None = None) -> Response:
        return Response(status, "application/json; charset=utf-8",
                        json.dumps({"error": message, "status": status}, ensure_ascii=False).encode("utf-8"),
                        headers or {})


def html_table(names, rows, prefixes) -> str:
    """Results as an HTML table; IRIs link to their provenance view."""
    head = "".join(f"<th>{html.escape(n)}</th>" for n in names)
    body = []
    for r in rows:
        cells = []
        for t in r:
            label = html.escape(short(t, prefixes))
            if isinstance(t, ox.NamedNode):
                label = f'<a href="/explain?iri={urllib.parse.quote(t.value, safe="")}">{label}</a>'
            cls = ' class="num"' if is_numeric(t) else ""
            cells.append(f"<td{cls}>{label}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<table class="results"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
            f'<p class="count">{len(rows)} row{"s" if len(rows) != 1 else ""}</p>')


# ---------------------------------------------------------------- HTTP

class Handler(BaseHTTPRequestHandler):
    app: App = None
    server_version = "circulaires-kg"

    def _serve(self, method):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        resp = self.app.handle(method, self.path, dict(self.headers.items()), body)
        self.send_response(resp.status)
        self.send_header("Content-Type", resp.content_type)
        self.send_header("Content-Length", str(len(resp.body)))
        for k, v in resp.headers.items():
            self.send_header(k, v)
        self.end_headers()
        if method != "HEAD":
            self.wfile.write(resp.body)

    def do_GET(self):
        self._serve("GET")

    def do_HEAD(self):
        self._serve("HEAD")

    def do_POST(self):
        self._serve("POST")

    def do_PUT(self):
        self._serve("PUT")

    def do_DELETE(self):
        self._serve("DELETE")

    def log_message(self, fmt, *args):  # quiet unless asked
        if getattr(self.server, "verbose", False):
            super().log_message(fmt, *args)


def make_server(app: App, host: str = "127.0.0.1", port: int = 8000, verbose: bool = False) -> ThreadingHTTPServer:
    handler = type("BoundHandler", (Handler,), {"app": app})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    server.verbose = verbose
    return server
