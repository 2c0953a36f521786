"""`kg push`: copy the store to any SPARQL 1.1 Graph Store Protocol server, one HTTP PUT
per named graph (one graph per document), so a document rebuilt here replaces its old
version there and the others stay untouched."""
from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

import pyoxigraph as ox

NTRIPLES = "application/n-triples"


class PushError(Exception):
    pass


@dataclass(frozen=True)
class Pushed:
    graph: str          # graph IRI, or "" for the default graph
    triples: int
    status: int


def graph_url(endpoint: str, graph: ox.NamedNode | None) -> str:
    """The Graph Store Protocol address of a graph (indirect identification: ?graph=IRI)."""
    sep = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    if graph is None:
        return f"{endpoint}{sep}default"
    return f"{endpoint}{sep}graph={urllib.parse.quote(graph.value, safe='')}"


def graph_payload(store: ox.Store, graph) -> tuple[bytes, int]:
    """A graph's triples as sorted N-Triples (deterministic bodies)."""
    triples = [q.triple for q in store.quads_for_pattern(None, None, None, graph)]
    lines = sorted({str(t) + " .\n" for t in triples})
    return "".join(lines).encode("utf-8"), len(lines)


def put(url: str, body: bytes, timeout: float) -> int:
    req = urllib.request.Request(url, data=body, method="PUT", headers={"Content-Type": NTRIPLES})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        detail = exc.read(300).decode("utf-8", "replace").strip()
        raise PushError(f"{url}: HTTP {exc.code} {exc.reason}" + (f" ({detail})" if detail else "")) from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise PushError(f"{url}: cannot reach the server ({reason})") from exc


def push(store: ox.Store, endpoint: str, graphs=None, include_default: bool = True,
         timeout: float = 60.0):
    """PUT every named graph (or those listed) to `endpoint`; yield a Pushed per graph.
    The default graph (reference data, if the build puts any there) goes to ?default."""
    wanted = sorted(store.named_graphs(), key=lambda g: g.value)
    if graphs:
        names = set(graphs)
        missing = names - {g.value for g in wanted}
        if missing:
            raise PushError(f"no such graph in the store: {', '.join(sorted(missing))}")
        wanted = [g for g in wanted if g.value in names]
    for g in wanted:
        body, n = graph_payload(store, g)
        yield Pushed(g.value, n, put(graph_url(endpoint, g), body, timeout))
    if include_default and not graphs:
        body, n = graph_payload(store, ox.DefaultGraph())
        if n:
            yield Pushed("", n, put(graph_url(endpoint, None), body, timeout))
