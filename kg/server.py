"""`kg serve`: a read-only SPARQL 1.1 Protocol endpoint and a web page on the same port.

One `App` answers requests as plain (method, path, headers, body) → Response, so a small
HTTP layer (a fixed pool of threads, Host and body checks) serves it and `kg serve --get
PATH` answers one request without a socket. Every HTML page has a JSON twin (`/queries` ↔
`/queries.json`). Queries run in killable worker processes (kg/workers.py) under one
timeout and a fixed number of slots; SERVICE is refused unless allowed (kg/federation.py).

Routes:
  /                 the page: query editor preloaded with the saved queries, results, provenance
  /index.json       what the page needs: endpoint, saved queries
  /sparql           SPARQL 1.1 Protocol (GET ?query=, POST form or application/sparql-query),
                    open to other origins (CORS), read-only;
                    a query whose opening comment declares parameters (see kg/query.py) takes
                    them as `param.NAME=value` request parameters, else their defaults
  /queries[.json]   the saved queries; /queries/NAME[.json]?param=value runs one
  /explain[.json]   ?iri=… (or ?amount=…&document=…): provenance of an amount or mention
  /resource[.json]  ?iri=…: a resource's label, types, properties, incoming links, provenance
  /terms.json       the prefixes and the classes and properties the editor completes
  /static/…         the page's script and style (package data in kg/web/)"""
from __future__ import annotations

import html
import ipaddress
import json
import re
import socket
import sys
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pyoxigraph as ox

from kg.explain import ExplainError, render_html
from kg.resource import ResourceError
from kg.federation import check_services
from kg.query import (QUERIES_DIR, QueryError, is_numeric, is_update, load_query, parse_query, prefixes_of,
                      saved_queries, short, term_record)
from kg.store import StoreError
from kg.vocabdoc import render_html as vocabulary_page
from kg.workers import Busy, QueryPool, Timeout, WorkerError

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
SAVED_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
SPARQL_METHODS = "GET, HEAD, POST, OPTIONS"
CORS = {"Access-Control-Allow-Origin": "*"}   # read-only and public: any page may query it
PREFLIGHT = {"Allow": SPARQL_METHODS, "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
             "Access-Control-Allow-Headers": "Accept, Content-Type", "Access-Control-Max-Age": "600"}
STATIC_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
                ".html": "text/html; charset=utf-8"}


@dataclass
class Response:
    status: int
    content_type: str
    body: bytes
    headers: dict = field(default_factory=dict)


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


def utf8(body: bytes) -> str:
    """A request body as text; anything but UTF-8 is the client's error."""
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QueryError(f"the request body is not UTF-8 (byte {exc.start})") from None


def form_fields(text: str) -> dict:
    """`a=1&b=2` (a query string or a form body) as a dict; escapes must decode as UTF-8."""
    try:
        return dict(urllib.parse.parse_qsl(text, keep_blank_values=True, errors="strict"))
    except UnicodeDecodeError as exc:
        raise QueryError(f"a %-escaped parameter is not UTF-8 ({exc.reason})") from None


# ---------------------------------------------------------------- the application

class App:
    """Everything the server answers, without sockets."""

    def __init__(self, store_path, timeout: float = DEFAULT_TIMEOUT, max_running: int = MAX_RUNNING,
                 sources=(), allow_service=()):
        self.sources = tuple(sources)
        self.timeout = timeout
        self.allow_service = tuple(allow_service)
        self.pool = QueryPool(store_path, max_running)

    def close(self) -> None:
        """Stop the query workers."""
        self.pool.close()

    # -- running queries in the worker pool, under the deadline
    def evaluate(self, query, params: dict) -> tuple[str, object]:
        """("select", (names, rows)) | ("ask", bool) | ("graph", triples), within the timeout."""
        check_services(query.text, self.allow_service)
        return self.pool.call("query", (query, params), self.timeout)

    # -- dispatch
    def handle(self, method: str, target: str, headers: dict | None = None, body: bytes = b"") -> Response:
        """The answer to one request; /sparql answers carry CORS headers (errors too)."""
        resp = self.answer(method, target, {k.lower(): v for k, v in (headers or {}).items()}, body)
        if (target.split("?")[0].rstrip("/") or "/") == "/sparql":
            resp.headers.update(CORS)
        return resp

    def answer(self, method: str, target: str, headers: dict, body: bytes) -> Response:
        """The route's response; every failure as a one-line error with its status."""
        try:
            url = urllib.parse.urlsplit(target)
            args = form_fields(url.query)
            path = url.path.rstrip("/") or "/"
            if path == "/sparql":
                return self.sparql(method, args, headers, body)
            return self.page_for(method, path, args)
        except (Timeout, Busy) as exc:
            return self.error(503, str(exc))
        except QueryError as exc:
            return self.error(400, str(exc))
        except StoreError as exc:
            return self.error(503, str(exc))
        except WorkerError as exc:
            return self.error(500, str(exc))
        except Exception as exc:   # one line to the client and to the log, never a traceback
            message = f"internal error: {type(exc).__name__}: {exc}".replace("\n", " ")
            print(f"kg serve: {message}", file=sys.stderr)
            return self.error(500, message)

    def page_for(self, method: str, path: str, args: dict) -> Response:
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
        if path in ("/resource", "/resource.html"):
            return self.static("resource.html")
        if path == "/resource.json":
            return self.resource_json(args)
        if path == "/terms.json":
            return self.terms_json()
        if path == "/vocab":
            return Response(200, "text/html; charset=utf-8", vocabulary_page().encode("utf-8"))
        return self.error(404, f"no page at {path}")

    def sparql(self, method, args, headers, body) -> Response:
        """SPARQL 1.1 Protocol: query via GET, POST form, or POST application/sparql-query."""
        ctype = headers.get("content-type", "").split(";")[0].strip().lower()
        if method == "OPTIONS":
            return Response(204, "text/plain; charset=utf-8", b"", dict(PREFLIGHT))
        if method in ("GET", "HEAD"):
            text = args.get("query")
        elif method == "POST":
            if ctype == "application/sparql-update" or "update" in args:
                return self.error(403, "SPARQL Update is not allowed: this endpoint is read-only")
            if ctype == "application/x-www-form-urlencoded":
                args = {**args, **form_fields(utf8(body))}
                if "update" in args:
                    return self.error(403, "SPARQL Update is not allowed: this endpoint is read-only")
                text = args.get("query")
            elif ctype == "application/sparql-query":
                text = utf8(body)
            else:
                return self.error(415, f"unsupported content type {ctype!r}: use application/sparql-query "
                                       "or application/x-www-form-urlencoded")
        else:
            return self.error(405, f"{method} is not allowed on /sparql", {"Allow": SPARQL_METHODS})
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
        path = QUERIES_DIR / f"{name}.rq"
        if not SAVED_NAME.fullmatch(name) or not path.is_file():
            return self.error(404, f"no saved query {name!r} (see /queries)")
        q = load_query(path)
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
        try:
            if args.get("iri"):
                try:
                    ox.NamedNode(args["iri"])
                except ValueError as exc:
                    return self.error(400, f"iri {args['iri']!r} is not a valid IRI ({exc})")
                records = self.pool.call("explain", (args["iri"], self.sources), self.timeout)
            elif args.get("amount"):
                records = self.pool.call("find", (args["amount"], args.get("document"), self.sources),
                                         self.timeout)
            else:
                return self.error(400, "give ?iri=… or ?amount=…[&document=…]")
        except ExplainError as exc:
            return self.error(404, str(exc))
        if as_json:
            return self.json({"results": records})
        twin = "/explain.json?" + urllib.parse.urlencode(args)
        body = "".join(render_html(r) for r in records) or "<p>No amount matches.</p>"
        return self.page("Provenance", body, twin)

    def resource_json(self, args: dict) -> Response:
        try:
            return self.json(self.pool.call("describe", (args.get("iri", ""), self.sources), self.timeout))
        except ResourceError as exc:
            return self.error(exc.status, str(exc))

    def terms_json(self) -> Response:
        """Computed once per server (about 1 s on the corpus): a rebuild that adds terms shows them after a restart."""
        if getattr(self, "_terms", None) is None:
            self._terms = self.pool.call("terms", (), self.timeout)
        return self.json(self._terms)

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
    """Results as an HTML table; IRIs link to their resource page, ↗ to their provenance view."""
    head = "".join(f"<th>{html.escape(n)}</th>" for n in names)
    body = []
    for r in rows:
        cells = []
        for t in r:
            label = html.escape(short(t, prefixes))
            if isinstance(t, ox.NamedNode):
                iri = urllib.parse.quote(t.value, safe="")
                label = (f'<a href="/resource?iri={iri}">{label}</a> '
                         f'<a class="prov" href="/explain?iri={iri}" title="provenance">↗</a>')
            cls = ' class="num"' if is_numeric(t) else ""
            cells.append(f"<td{cls}>{label}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<table class="results"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
            f'<p class="count">{len(rows)} row{"s" if len(rows) != 1 else ""}</p>')


# ---------------------------------------------------------------- HTTP

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
MAX_BODY = 1_000_000        # bytes a request body may hold
REQUEST_TIMEOUT = 10.0      # seconds a client has to send its whole request (line, headers, body)
THREADS = 16                # connections served at once; the others wait in the queue


class Handler(BaseHTTPRequestHandler):
    """One connection: reads a request within `timeout` seconds, checks Host and the body's
    length before reading it, and always answers, errors in one line (never a dropped connection)."""
    app: App = None
    allowed_hosts: frozenset = frozenset()
    max_body = MAX_BODY
    server_version = "circulaires-kg"

    def handle_one_request(self):
        self.command, self.request_version, self.requestline = "", "HTTP/0.9", ""
        self._answered = False
        self.rfile = _DeadlineReader(self.rfile, self.connection, time.monotonic() + self.timeout)
        try:
            self.raw_requestline = self.rfile.readline(65537)
            if not self.raw_requestline:
                self.close_connection = True
                return
            if len(self.raw_requestline) > 65536:
                self.send_error(414, "request line longer than 65536 bytes")
                return
            if not self.parse_request():     # it answered (400, 431, 505…) through send_error
                return
            self.respond(self.response())
        except TimeoutError:
            self.close_connection = True
            if not self._answered:
                self.respond(self.app.error(408, f"request not received within {self.timeout:g} s"))
        except (ConnectionError, OSError):
            self.close_connection = True

    def response(self) -> Response:
        host = (self.headers.get("Host") or "").strip().lower()
        if host not in self.allowed_hosts:
            self.close_connection = True
            return self.app.error(400, f"Host {host or '(none)'!r} is not this server's name "
                                       "(kg serve --allow-host NAME adds one)")
        body = self.body()
        if isinstance(body, Response):
            self.close_connection = True      # the body was not read: the connection cannot go on
            return body
        self.connection.settimeout(self.timeout)     # the answer gets its own time to be written
        return self.app.handle(self.command, self.path, dict(self.headers.items()), body)

    def body(self) -> bytes | Response:
        """The request body, or the error answering a missing, malformed or too long one."""
        lengths = self.headers.get_all("Content-Length") or []
        if self.headers.get("Transfer-Encoding"):
            return self.app.error(411, "send the body with a Content-Length (Transfer-Encoding is not accepted)")
        if not lengths:
            return self.app.error(411, "a POST needs a Content-Length") if self.command == "POST" else b""
        if len(set(lengths)) > 1 or not lengths[0].strip().isdigit() or not lengths[0].strip().isascii():
            return self.app.error(400, f"Content-Length {', '.join(lengths)!r} is not a byte count")
        length = int(lengths[0])
        if length > self.max_body:
            return self.app.error(413, f"request body of {length} bytes is over the limit of "
                                       f"{self.max_body} (kg serve --max-body)")
        data = self.rfile.read(length)
        if len(data) < length:
            return self.app.error(400, f"request body ended after {len(data)} of {length} bytes")
        return data

    def respond(self, resp: Response) -> None:
        self._answered = True
        if self.request_version == "HTTP/0.9":    # a status line even for a garbled request
            self.request_version = "HTTP/1.0"
        self.send_response(resp.status)
        self.send_header("Content-Type", resp.content_type)
        if resp.status != 204:
            self.send_header("Content-Length", str(len(resp.body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in resp.headers.items():
            self.send_header(k, v)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(resp.body)
        self.wfile.flush()

    def send_error(self, code, message=None, explain=None):
        """The standard library's own errors (bad request line, too many headers…) as one line."""
        self.close_connection = True
        self.respond(self.app.error(code, message or self.responses.get(code, ("error",))[0]))

    def log_message(self, fmt, *args):  # quiet unless asked
        if getattr(self.server, "verbose", False):
            super().log_message(fmt, *args)


class _DeadlineReader:
    """The request stream with one deadline for the whole request (line, headers, body),
    so a client trickling a byte at a time cannot hold a thread past the timeout."""

    def __init__(self, stream, connection, deadline: float):
        self.stream, self.connection, self.deadline = stream, connection, deadline

    def _arm(self) -> None:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("request deadline passed")
        self.connection.settimeout(left)

    def readline(self, limit: int = -1) -> bytes:
        line = bytearray()
        while limit < 0 or len(line) < limit:
            self._arm()
            chunk = self.stream.peek(1)       # what is buffered, or one read from the socket
            if not chunk:
                break
            end = chunk.find(b"\n")
            take = len(chunk) if end < 0 else end + 1
            line += self.stream.read(take if limit < 0 else min(take, limit - len(line)))
            if line.endswith(b"\n"):
                break
        return bytes(line)

    def read(self, size: int) -> bytes:
        data = bytearray()
        while len(data) < size:
            self._arm()
            chunk = self.stream.read1(size - len(data))
            if not chunk:
                break
            data += chunk
        return bytes(data)

    def close(self) -> None:
        self.stream.close()


class PooledHTTPServer(HTTPServer):
    """An HTTP server whose connections are served by a fixed number of threads, so that
    many slow or half-sent requests wait in a queue instead of each holding a thread."""

    request_queue_size = 1024     # the listen backlog: a burst of connections is queued, not dropped

    def __init__(self, address, handler, threads: int = THREADS):
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.threads = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="kg-http")
        super().__init__(address, handler)

    def process_request(self, request, client_address):
        self.threads.submit(self._serve_connection, request, client_address)

    def _serve_connection(self, request, client_address):
        try:
            self.finish_request(request, client_address)
        except Exception as exc:   # one line, the server goes on
            print(f"kg serve: {client_address[0]}: {type(exc).__name__}: {exc}", file=sys.stderr)
        finally:
            self.shutdown_request(request)

    def server_close(self):
        super().server_close()
        self.threads.shutdown(wait=False, cancel_futures=True)


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str, port: int, extra=()) -> frozenset:
    """The Host header values this server answers (DNS rebinding defence): its loopback
    names when bound to loopback or to every interface, the bound address otherwise,
    and each `extra` name, with the port (and without it on port 80)."""
    if host in ("", "0.0.0.0", "::", "localhost") or _is_loopback(host):
        names = set(LOOPBACK_NAMES)
    else:
        names = {f"[{host}]" if ":" in host else host}
    names |= {n.lower() for n in extra}
    values = {f"{n}:{port}" for n in names}
    if port == 80:
        values |= names
    return frozenset(values | {n.lower() for n in extra})


def make_server(app: App, host: str = "127.0.0.1", port: int = 8000, verbose: bool = False, *,
                allow_host=(), max_body: int = MAX_BODY, request_timeout: float = REQUEST_TIMEOUT,
                threads: int = THREADS) -> PooledHTTPServer:
    """A server for `app` bound to (host, port); OSError when the address cannot be bound."""
    handler = type("BoundHandler", (Handler,), {"app": app, "max_body": max_body, "timeout": request_timeout})
    server = PooledHTTPServer((host, port), handler, threads)
    handler.allowed_hosts = allowed_hosts(host, server.server_address[1], allow_host)
    server.verbose = verbose
    return server
