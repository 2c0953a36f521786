"""Saved queries travel: each file's text, sent as it is to a separate Oxigraph server
loaded with the corpus N-Quads export, gives the rows `kg query NAME` gives without
parameters (the defaults are in the text). The documents' named graphs are queried as
the union default graph, asked for with Oxigraph's `union-default-graph` request parameter
(the queries themselves need it, as they do in `kg`)."""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.export import export
from kg.query import run, saved_queries, table_of, term_record

OXIGRAPH = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
TIMEOUT = 60


@pytest.fixture(scope="module")
def server(graph, tmp_path_factory):
    """The base URL of `oxigraph serve-read-only` over the corpus N-Quads, stopped at the end."""
    if not Path(OXIGRAPH).exists():
        pytest.fail("the oxigraph server CLI is missing: pip install 'circulaires-kg[test]'")
    tmp = tmp_path_factory.mktemp("travel")
    with open(tmp / "corpus.nq", "wb") as out:
        export(graph, "nquads", out)
    subprocess.run([OXIGRAPH, "load", "--location", tmp / "db", "--file", tmp / "corpus.nq"],
                   check=True, capture_output=True, timeout=TIMEOUT)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([OXIGRAPH, "serve-read-only", "--location", tmp / "db", "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + TIMEOUT
    while True:
        try:
            urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=5).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"oxigraph serve did not start: {proc.stderr.read().decode()[-500:]}")
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(timeout=TIMEOUT)


def remote(url: str, text: str, accept: str) -> bytes:
    """POST the query text (SPARQL 1.1 Protocol) asking for the union default graph."""
    req = urllib.request.Request(url + "/query?" + urllib.parse.urlencode({"union-default-graph": ""}),
                                 data=text.encode("utf-8"),
                                 headers={"Content-Type": "application/sparql-query", "Accept": accept})
    with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:
        return resp.read()


@pytest.mark.parametrize("query", saved_queries(), ids=lambda q: q.name)
def test_the_file_text_gives_the_default_answer_on_another_server(server, graph, query):
    local = run(graph, query)
    if isinstance(local, ox.QueryTriples):
        nt = remote(server, query.text, "application/n-triples").decode("utf-8")
        theirs = sorted(line for line in nt.splitlines() if line.strip())
        ours = sorted(ox.serialize(list(local), format=ox.RdfFormat.N_TRIPLES).decode("utf-8").splitlines())
        assert theirs == ours and ours
        return
    names, rows = table_of(local)
    doc = json.loads(remote(server, query.text, "application/sparql-results+json"))
    assert doc["head"]["vars"] == names
    theirs = [[b.get(n) for n in names] for b in doc["results"]["bindings"]]
    ours = [[term_record(t) for t in row] for row in rows]
    assert theirs == ours
    assert ours, f"{query.name}: the default answer is empty"
