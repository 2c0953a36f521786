"""kg/push.py against a real Oxigraph server (the `oxigraph` PyPI package) started on
127.0.0.1 and a free port: every named graph arrives whole, and pushing twice replaces
instead of duplicating."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.push import PushError, graph_url, push

OXIGRAPH = Path(sys.executable).parent / "oxigraph"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    if not OXIGRAPH.exists():
        pytest.fail(f"{OXIGRAPH} missing: install the test extras (pip install -e '.[test]')")
    port = free_port()
    proc = subprocess.Popen([str(OXIGRAPH), "serve", "--location", str(tmp_path_factory.mktemp("oxigraph")),
                             "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"oxigraph serve did not start: {proc.stderr.read().decode()[:500]}")
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def remote_counts(base: str) -> dict[str, int]:
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    req = urllib.request.Request(base + "/query?" + urllib.parse.urlencode({"query": query}),
                                 headers={"Accept": "text/csv"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        lines = resp.read().decode().splitlines()[1:]
    return {g: int(n) for g, n in (line.rsplit(",", 1) for line in lines)}


def local_counts(store) -> dict[str, int]:
    return {g.value: len({q.triple for q in store.quads_for_pattern(None, None, None, g)})
            for g in store.named_graphs()}


def test_push_puts_every_named_graph_and_replaces_on_second_push(corpus_store, graph, oxigraph_server):
    store = graph
    endpoint = oxigraph_server + "/store"
    first = list(push(store, endpoint, timeout=30))
    expected = local_counts(store)
    assert len(expected) >= 5                      # one graph per corpus document at least
    assert {p.graph: p.triples for p in first if p.graph} == expected
    assert {p.status for p in first} <= {200, 201, 204}
    assert remote_counts(oxigraph_server) == expected
    smallest = min(expected, key=expected.get)
    result = CliRunner().invoke(cli, ["push", "--store", str(corpus_store), "--endpoint", endpoint,
                                      "--graph", smallest, "--json"])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["graph"] for line in result.output.splitlines()] == [smallest]
    assert remote_counts(oxigraph_server) == expected          # replaced, not duplicated


def test_unknown_graph_is_refused(graph, oxigraph_server):
    with pytest.raises(PushError, match="no such graph"):
        list(push(graph, oxigraph_server + "/store", graphs=["http://example.org/none"]))


def test_unreachable_server_is_one_clear_error(corpus_store):
    port = free_port()
    r = CliRunner().invoke(cli, ["push", "--store", str(corpus_store), "--endpoint",
                                 f"http://127.0.0.1:{port}/store", "--timeout", "2"])
    assert r.exit_code == 1 and "cannot reach the server" in r.output


def test_graph_urls_use_indirect_identification():
    import pyoxigraph as ox
    g = ox.NamedNode("https://x.org/graph/a?b#c")
    assert graph_url("http://h/store", g) == "http://h/store?graph=https%3A%2F%2Fx.org%2Fgraph%2Fa%3Fb%23c"
    assert graph_url("http://h/ds/data?x=1", None) == "http://h/ds/data?x=1&default"
