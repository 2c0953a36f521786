"""kg serve under hostile input and faults (issue 15): each test reproduces one finding
(SSRF through SERVICE, any Host, no CORS, runaway queries holding their slot, a server
blind to rebuilds, dropped connections, unbounded bodies and threads, saved queries read
from the working directory, a traceback on a busy port) and checks the answer now."""
from __future__ import annotations

import json
import os
import socket
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractors.readers import read_document
from kg.cli import cli
from kg.corpus import build_corpus
from kg.server import App, allowed_hosts, make_server

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def one_line_error(body: bytes, status: int) -> str:
    """The error message of a one-line JSON error answer with this status."""
    assert body.count(b"\n") == 0, body
    doc = json.loads(body)
    assert doc["status"] == status, doc
    return doc["error"]


def q(text, **extra):
    return "/sparql?" + urllib.parse.urlencode({"query": text, **extra})


@pytest.fixture(scope="module")
def app(corpus_store):
    app = App(corpus_store, timeout=5, max_running=2)
    yield app
    app.close()


class Server:
    """A live `kg serve` on a free loopback port, with raw-socket helpers."""

    def __init__(self, app, **options):
        self.httpd = make_server(app, "127.0.0.1", 0, **options)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def raw(self, data: bytes, timeout: float = 10) -> tuple[int, dict, bytes]:
        """Send `data` as is; (status, headers, body) of the answer (the server closes)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as s:
            s.sendall(data)
            chunks = []
            while chunk := s.recv(65536):
                chunks.append(chunk)
        return parse_answer(b"".join(chunks))

    def request(self, method: str, target: str, headers: dict | None = None, body: bytes = b""):
        head = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        if body and "Content-Length" not in head:
            head["Content-Length"] = str(len(body))
        lines = [f"{method} {target} HTTP/1.1"] + [f"{k}: {v}" for k, v in head.items()]
        return self.raw(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def parse_answer(data: bytes) -> tuple[int, dict, bytes]:
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:])}
    return status, headers, body


@pytest.fixture(scope="module")
def live(app):
    server = Server(app, max_body=1_000_000)
    yield server
    server.close()


# ---------------------------------------------------------------- 1. SERVICE (SSRF)

class Listener:
    """A local HTTP service that records what reaches it and answers an empty SPARQL result."""

    def __init__(self):
        seen = self.seen = []

        class Record(BaseHTTPRequestHandler):
            def _answer(self):
                seen.append((self.command, self.path))
                body = b'{"head":{"vars":["s"]},"results":{"bindings":[]}}'
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        self.httpd = HTTPServer(("127.0.0.1", 0), Record)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def listener():
    ear = Listener()
    yield ear
    ear.close()


def test_service_is_refused_and_its_target_receives_nothing(app, listener):
    url = listener.url + "x"
    for text in [f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
                 f"select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
                 f"PREFIX far: <{listener.url}> SELECT * WHERE {{ SERVICE far:x {{ ?s ?p ?o }} }}",
                 f"SELECT * WHERE {{ # a comment\n SeRvIcE\n<{url}>{{ ?s ?p ?o }} }}",
                 f"SELECT * WHERE {{ VALUES ?e {{ <{url}> }} SERVICE ?e {{ ?s ?p ?o }} }}"]:
        r = app.handle("GET", q(text))
        assert "is refused" in one_line_error(r.body, 400), text
    time.sleep(0.2)
    assert listener.seen == []


def test_the_word_service_in_strings_comments_and_names_is_not_a_service(app):
    for text in ['SELECT ?s WHERE { VALUES ?s { "SERVICE <http://127.0.0.1:1/x> { }" } }',
                 "SELECT ?s WHERE { VALUES ?s { '''a\nSERVICE <http://127.0.0.1:1/>''' } }",
                 "SELECT ?service WHERE { # SERVICE <http://127.0.0.1:1/x>\n VALUES ?service { 1 } }",
                 'SELECT ?s WHERE { VALUES ?s { "x"@service <http://127.0.0.1:1/SERVICE> } }']:
        r = app.handle("GET", q(text))
        assert r.status == 200, (text, r.body)


def test_allow_service_lets_federation_reach_the_allowed_prefix(corpus_store, listener):
    federated = App(corpus_store, timeout=10, max_running=1, allow_service=[listener.url])
    try:
        r = federated.handle("GET", q(f"SELECT ?s WHERE {{ SERVICE <{listener.url}x> {{ ?s ?p ?o }} }}"))
        assert r.status == 200 and json.loads(r.body)["results"]["bindings"] == []
        assert [m for m, _ in listener.seen] in (["POST"], ["GET"])
        other = federated.handle("GET", q("SELECT * WHERE { SERVICE <http://127.0.0.2:1/> { ?s ?p ?o } }"))
        assert f"allowed: {listener.url}" in one_line_error(other.body, 400)
    finally:
        federated.close()


# ---------------------------------------------------------------- 2. Host (DNS rebinding)

def test_a_foreign_host_header_is_refused(app, live):
    status, headers, body = live.request("GET", "/index.json", {"Host": "attacker.example:80"})
    assert "'attacker.example:80' is not this server's name" in one_line_error(body, 400)
    for host in (f"localhost:{live.port}", f"127.0.0.1:{live.port}", f"[::1]:{live.port}"):
        assert live.request("GET", "/index.json", {"Host": host})[0] == 200
    assert live.raw(b"GET /index.json HTTP/1.0\r\n\r\n")[0] == 400      # no Host at all
    extra = Server(app, allow_host=["kg.lan"])
    try:
        assert extra.request("GET", "/index.json", {"Host": f"kg.lan:{extra.port}"})[0] == 200
        assert extra.request("GET", "/index.json", {"Host": "kg.lan"})[0] == 200
        assert extra.request("GET", "/index.json", {"Host": "other.lan"})[0] == 400
    finally:
        extra.close()


def test_allowed_hosts_follow_the_bound_address():
    assert allowed_hosts("127.0.0.1", 8000) == {"localhost:8000", "127.0.0.1:8000", "[::1]:8000"}
    assert allowed_hosts("0.0.0.0", 80, ["kg.lan"]) == {
        "localhost:80", "127.0.0.1:80", "[::1]:80", "kg.lan:80", "localhost", "127.0.0.1", "[::1]", "kg.lan"}
    assert allowed_hosts("192.168.1.5", 8000) == {"192.168.1.5:8000"}
    assert allowed_hosts("fe80::1", 8000) == {"[fe80::1]:8000"}


# ---------------------------------------------------------------- 3. CORS, methods

def test_sparql_answers_cors_preflight_and_cross_origin_requests(live):
    status, headers, body = live.request("OPTIONS", "/sparql", {
        "Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert status == 204 and body == b""
    assert headers["access-control-allow-origin"] == "*"
    assert headers["access-control-allow-methods"] == "GET, POST, OPTIONS"
    assert headers["access-control-allow-headers"] == "Accept, Content-Type"
    status, headers, body = live.request("POST", "/sparql", {"Origin": "https://yasgui.example",
                                                             "Content-Type": "application/sparql-query",
                                                             "Accept": "text/csv"}, b"ASK {}")
    assert (status, headers["access-control-allow-origin"], body) == (200, "*", b"true\n")
    status, headers, body = live.request("POST", "/sparql", {"Origin": "https://yasgui.example",
                                                             "Content-Type": "application/sparql-update"},
                                         b"CLEAR ALL")
    assert status == 403 and headers["access-control-allow-origin"] == "*"


def test_other_methods_get_405_in_one_line(live):
    for method, path, allow in [("PATCH", "/sparql", "GET, HEAD, POST, OPTIONS"),
                                ("OPTIONS", "/", "GET, HEAD"), ("BREW", "/queries", "GET, HEAD")]:
        status, headers, body = live.request(method, path)
        assert f"{method} is not allowed" in one_line_error(body, 405)
        assert headers["allow"] == allow and headers["x-content-type-options"] == "nosniff"


# ---------------------------------------------------------------- 4. deadlines that stop queries

def alive(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists()


def test_runaway_queries_are_killed_and_free_their_slots(corpus_store):
    app = App(corpus_store, timeout=1.0, max_running=5)
    try:
        before = app.pool.pids()
        answers = []
        runners = [threading.Thread(target=lambda: answers.append(app.handle("GET", q(RUNAWAY))))
                   for _ in range(4)]
        for t in runners:
            t.start()
        time.sleep(0.3)
        started = time.monotonic()
        during = app.handle("GET", q("ASK {}"))
        assert during.body == b'{"head": {}, "boolean": true}' and time.monotonic() - started < 0.1
        for t in runners:
            t.join(10)
        assert [r.status for r in answers] == [503] * 4
        assert {one_line_error(r.body, 503) for r in answers} == {"query timed out after 1 s"}
        started = time.monotonic()
        after = app.handle("GET", q("ASK {}"))
        assert after.status == 200 and time.monotonic() - started < 0.1
        killed = set(before) - set(app.pool.pids())
        assert len(killed) == 4 and not any(alive(p) for p in killed)
        assert len(app.pool.pids()) == 5
    finally:
        app.close()
    assert not any(alive(p) for p in before)


def test_explain_shares_the_slots_and_the_timeout(corpus_store):
    app = App(corpus_store, timeout=0.5, max_running=1)
    try:
        runner = threading.Thread(target=app.handle, args=("GET", q(RUNAWAY)))
        runner.start()
        time.sleep(0.1)
        iri = "https://circulaires-kg.example.org/id/nothing"
        r = app.handle("GET", "/explain.json?" + urllib.parse.urlencode({"iri": iri}))
        assert one_line_error(r.body, 503) == "server busy: 1 queries already running"
        runner.join(10)
        r = app.handle("GET", "/explain.json?" + urllib.parse.urlencode({"iri": iri}))
        assert one_line_error(r.body, 404) == f"{iri}: nothing in the store has this IRI as subject"
    finally:
        app.close()


def test_a_running_server_answers_from_the_latest_build(tmp_path):
    source = tmp_path / "circulaire.txt"
    store = tmp_path / "store"
    sha = "PREFIX ckg: <https://circulaires-kg.example.org/ontology#> SELECT ?sha WHERE { ?d ckg:sha256 ?sha }"
    source.write_text("Circulaire du 3 mars 2024 relative aux dotations.\n\nLa dotation est de 100 euros.\n",
                      encoding="utf-8")
    assert not build_corpus([source], store).failed
    app = App(store, timeout=10, max_running=1)
    try:
        first = json.loads(app.handle("GET", q(sha)).body)["results"]["bindings"]
        assert [b["sha"]["value"] for b in first] == [read_document(source).sha256]
        source.write_text("Circulaire du 3 mars 2024 relative aux dotations.\n\nLa dotation est de 250 euros.\n",
                          encoding="utf-8")
        assert not build_corpus([source], store).failed
        second = json.loads(app.handle("GET", q(sha)).body)["results"]["bindings"]
        assert [b["sha"]["value"] for b in second] == [read_document(source).sha256]
        assert second != first
    finally:
        app.close()


# ---------------------------------------------------------------- 5. bodies, timeouts, threads, errors

def test_content_length_is_checked_before_reading(live):
    host = f"Host: 127.0.0.1:{live.port}\r\n"
    cases = [(b"POST /sparql HTTP/1.1\r\n" + host.encode() + b"Content-Type: application/sparql-query\r\n\r\nASK {}",
              411, "a POST needs a Content-Length"),
             (b"POST /sparql HTTP/1.1\r\n" + host.encode() + b"Content-Length: abc\r\n\r\n",
              400, "Content-Length 'abc' is not a byte count"),
             (b"POST /sparql HTTP/1.1\r\n" + host.encode() + b"Content-Length: -5\r\n\r\n",
              400, "Content-Length '-5' is not a byte count"),
             (b"POST /sparql HTTP/1.1\r\n" + host.encode() + b"Content-Length: 1000000000000\r\n\r\n",
              413, "request body of 1000000000000 bytes is over the limit of 1000000 (kg serve --max-body)"),
             (b"POST /sparql HTTP/1.1\r\n" + host.encode() + b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
              411, "send the body with a Content-Length (Transfer-Encoding is not accepted)")]
    for request, status, message in cases:
        started = time.monotonic()
        got, headers, body = live.raw(request)
        assert one_line_error(body, status) == message and got == status
        assert headers["x-content-type-options"] == "nosniff" and time.monotonic() - started < 2


def test_bad_bodies_and_parameters_get_one_line(live):
    sparql = {"Content-Type": "application/sparql-query"}
    cases = [("POST", "/sparql", sparql, b"ASK {} # \xff\xfe", 400, "the request body is not UTF-8 (byte 9)"),
             ("POST", "/sparql", {"Content-Type": "application/x-www-form-urlencoded"}, b"query=%FF",
              400, "a %-escaped parameter is not UTF-8 (invalid start byte)"),
             ("GET", "/sparql?query=%FF", {}, b"", 400, "a %-escaped parameter is not UTF-8 (invalid start byte)"),
             ("POST", "/sparql", {"Content-Type": "text/plain"}, b"ASK {}", 415,
              "unsupported content type 'text/plain': use application/sparql-query or "
              "application/x-www-form-urlencoded"),
             ("GET", "/explain?iri=not%20an%20iri", {}, b"", 400, None),
             ("GET", "/queries/README.md", {}, b"", 404, "no saved query 'README.md' (see /queries)"),
             ("GET", "/queries/../x", {}, b"", 404, "no saved query '../x' (see /queries)"),
             ("GET", "/queries/..%2Fpyproject", {}, b"", 404, "no saved query '..%2Fpyproject' (see /queries)")]
    for method, path, headers, body, status, message in cases:
        got, answer_headers, answer = live.request(method, path, headers, body)
        error = one_line_error(answer, status)
        assert message is None or error == message, (path, error)
        assert answer_headers["x-content-type-options"] == "nosniff"
    assert one_line_error(live.raw(b"HELLO\r\n\r\n")[2], 400)
    status, headers, _ = live.request("GET", "/sparql?" + urllib.parse.urlencode({"query": "ASK {}"}),
                                      {"Accept": "text/csv"})
    assert status == 200 and headers["x-content-type-options"] == "nosniff"


def test_half_sent_requests_wait_in_a_bounded_pool_and_get_408(app):
    server = Server(app, request_timeout=0.3, threads=32)
    try:
        threads_before = threading.active_count()
        socks = []
        for _ in range(300):
            s = socket.create_connection(("127.0.0.1", server.port), timeout=15)
            s.sendall(f"GET /sparql HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nAcc".encode())
            socks.append(s)
        time.sleep(0.2)
        assert threading.active_count() - threads_before <= 32
        answers = []
        for s in socks:
            chunks = []
            while chunk := s.recv(65536):
                chunks.append(chunk)
            s.close()
            answers.append(parse_answer(b"".join(chunks)))
        assert {status for status, _, _ in answers} == {408}
        assert one_line_error(answers[0][2], 408) == "request not received within 0.3 s"
        assert threading.active_count() - threads_before <= 32
        assert server.request("GET", "/index.json")[0] == 200
    finally:
        server.close()


# ---------------------------------------------------------------- 6. busy port

def test_serve_on_a_busy_port_says_so_in_one_line(corpus_store):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        r = CliRunner().invoke(cli, ["serve", "--store", str(corpus_store), "--port", str(port), "--workers", "1"])
    assert r.exit_code == 1
    assert r.output == f"kg: port {port} is in use; try --port {port + 1} (or --port 0 for any free port)\n"


def test_serve_without_a_store_says_so_in_one_line(tmp_path):
    r = CliRunner().invoke(cli, ["serve", "--store", str(tmp_path / "none"), "--workers", "1"])
    assert r.exit_code == 1
    assert r.output == (f"kg: {tmp_path / 'none'}: no store here; build one first with "
                        f"`kg build PATH --store {tmp_path / 'none'}`\n")


def test_worker_processes_end_with_the_app(corpus_store):
    app = App(corpus_store, timeout=5, max_running=2)
    pids = app.pool.pids()
    assert len(pids) == 2 and all(alive(p) for p in pids) and os.getpid() not in pids
    app.close()
    assert not any(alive(p) for p in pids)


def test_a_request_trickled_byte_by_byte_is_cut_at_the_deadline(app):
    server = Server(app, request_timeout=0.5)
    try:
        started = time.monotonic()
        with socket.create_connection(("127.0.0.1", server.port), timeout=5) as s:
            request = f"GET /index.json HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nX-Slow: {'a' * 100}"
            answer = b""
            for byte in request.encode():
                try:
                    s.sendall(bytes([byte]))
                except OSError:
                    break
                time.sleep(0.05)
                if time.monotonic() - started > 3:
                    break
            while chunk := s.recv(65536):
                answer += chunk
        status, _, body = parse_answer(answer)
        assert status == 408 and one_line_error(body, 408) == "request not received within 0.5 s"
        assert time.monotonic() - started < 3
    finally:
        server.close()
