"""The embedded Oxigraph store: one folder on disk, one named graph per document.
A document's graph is replaced only once its new quads are fully built, and in one commit,
so a failed or killed build never leaves a document half-written or missing, and a reader
sees each document's old graph or its new one."""
from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pyoxigraph as ox

DEFAULT_STORE = "kg-store"
SHARED = "shared-terms"      # in the store folder: what each document says of shared terms
GENERATION = "generation"    # in the store folder: bumped by every build that commits


def default_store_path() -> Path:
    """`$KG_STORE` when set, else `./kg-store`."""
    return Path(os.environ.get("KG_STORE") or DEFAULT_STORE)


class StoreError(Exception):
    pass


def open_store(path=None, *, read_only: bool = False, create: bool = True) -> ox.Store:
    """Open (or create) the store folder. Read-only opening lets several readers share it."""
    p = Path(path) if path else default_store_path()
    if read_only or not create:
        if not p.exists():
            raise StoreError(f"{p}: no store here; build one first with `kg build PATH --store {p}`")
    try:
        if read_only:
            return _open_read_only(p)
        p.mkdir(parents=True, exist_ok=True)
        return ox.Store(str(p))
    except (OSError, RuntimeError) as exc:
        raise StoreError(f"{p}: cannot open the store ({exc})") from exc


def _open_read_only(p: Path, attempts: int = 40) -> ox.Store:
    """RocksDB opens read-only from the file list of its manifest; a build writing meanwhile
    may delete a listed file (a recycled log, SSTs merged by compaction) between that read and
    the opening: "No such file or directory" (issue 15). pyoxigraph 0.5 offers no secondary
    mode that follows a writer, so the opening is retried on that error alone, which then
    reads the newer manifest; any other error is no race and is raised at once."""
    for attempt in range(attempts):
        try:
            return ox.Store.read_only(str(p))
        except (OSError, RuntimeError) as exc:
            if "No such file or directory" not in str(exc) or attempt == attempts - 1 or not p.exists():
                raise
            time.sleep(0.005 * (attempt + 1))


def generation(path) -> str:
    """A token that changes each time a build commits to the store at `path` (readers such
    as `kg serve` reopen their read-only view when it changes); "" before any build."""
    try:
        return (Path(path) / GENERATION).read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def bump_generation(path) -> str:
    """Mark the store at `path` as changed (atomic replace of its generation file)."""
    token = str(int(generation(path) or 0) + 1)
    tmp = Path(path) / (GENERATION + ".part")
    tmp.write_text(token + "\n", encoding="utf-8")
    tmp.replace(Path(path) / GENERATION)
    return token


def replace_graph(store: ox.Store, graph: ox.NamedNode, quads) -> int:
    """Swap a named graph for `quads` (already built, all in `graph`) in one commit (`swap_graph`)."""
    triples = [q.triple for q in quads]
    swap_graph(store, graph, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
    return len(triples)


def swap_graph(store: ox.Store, graph: ox.NamedNode, ntriples: bytes) -> None:
    """Make `graph` hold exactly `ntriples` (N-Triples, one per line) in one commit, so a
    reader, or a store reopened after a kill, sees the old graph or the new one, never none
    nor a mix. A graph not yet stored is bulk-loaded (one atomic ingestion of its files); a
    stored one gets the difference, removed and added in ONE SPARQL update, which Oxigraph
    runs as one transaction (remove_graph then a load were two commits). An unchanged graph
    costs no write, and a document's small change a small one. (The builder mints no blank
    nodes, which DELETE DATA refuses.)"""
    if not store.contains_named_graph(graph):
        store.bulk_load(ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
        return
    new = set(ntriples.splitlines())
    old = set(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph).splitlines())
    gone, added = old - new, new - old
    if gone or added:
        store.update(f"DELETE DATA {{ GRAPH <{graph.value}> {{\n" + b"\n".join(gone).decode()
                     + f"\n}} }} ;\nINSERT DATA {{ GRAPH <{graph.value}> {{\n" + b"\n".join(added).decode() + "\n} }")


def split(graph: ox.NamedNode, quads) -> tuple[bytes, bytes]:
    """A document's quads as (its own triples, what it says of shared terms sorted), both
    N-Triples: the two parts `replace_document` stores."""
    quads = list(quads)
    own = ox.serialize([q.triple for q in quads if q.graph_name == graph], format=ox.RdfFormat.N_TRIPLES)
    shared = "".join(sorted({f"{q.triple} .\n" for q in quads if q.graph_name != graph})).encode()
    return own, shared


def replace_document(store: ox.Store, store_dir, graph: ox.NamedNode, own: bytes, shared: bytes,
                     reference: str) -> None:
    """Replace a document's graph with its own triples (N-Triples, see `swap_graph`), and record in
    the store folder the triples it states about shared terms (N-Triples), which
    `refresh_reference` gathers into the `reference` graph."""
    folder = Path(store_dir) / SHARED
    folder.mkdir(exist_ok=True)
    record = folder / f"{hashlib.sha256(graph.value.encode()).hexdigest()[:32]}.nt"
    tmp = record.with_suffix(".part")
    tmp.write_bytes(f"# {graph.value}\n# reference {reference}\n".encode() + shared)
    tmp.replace(record)
    swap_graph(store, graph, own)


def refresh_reference(store: ox.Store, store_dir) -> int:
    """Rebuild each reference graph as the union of the documents' records (each shared
    triple once, whichever documents state it); the number of triples."""
    by_graph: dict[str, set] = {}
    for record in sorted((Path(store_dir) / SHARED).glob("*.nt")):
        lines = record.read_text(encoding="utf-8").splitlines()
        triples = [x for x in lines if x and not x.startswith("#")]
        for line in lines:
            if line.startswith("# reference "):
                by_graph.setdefault(line[len("# reference "):], set()).update(triples)
    total = 0
    for name, lines in sorted(by_graph.items()):
        graph = ox.NamedNode(name)
        triples = ox.parse("\n".join(sorted(lines)) + "\n", format=ox.RdfFormat.N_TRIPLES)
        total += replace_graph(store, graph, (ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples))
    return total


def sorted_nquads(store: ox.Store) -> str:
    """The whole store as N-Quads, one quad per line, sorted: the determinism check."""
    lines = {str(q) + " ." for q in store}
    return "\n".join(sorted(lines)) + ("\n" if lines else "")
