"""The embedded Oxigraph store: one folder on disk, one named graph per document.
A document's graph is replaced only once its new quads are fully built, so a failed
build never leaves a half-written document behind."""
from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox

DEFAULT_STORE = "kg-store"


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
            return ox.Store.read_only(str(p))
        p.mkdir(parents=True, exist_ok=True)
        return ox.Store(str(p))
    except OSError as exc:
        raise StoreError(f"{p}: cannot open the store ({exc})") from exc


def replace_graph(store: ox.Store, graph: ox.NamedNode, quads) -> int:
    """Swap a document's named graph for `quads` (already built, all in `graph`)."""
    quads = list(quads)
    if store.contains_named_graph(graph):
        store.remove_graph(graph)
    store.extend(quads)
    store.flush()
    return len(quads)


def sorted_nquads(store: ox.Store) -> str:
    """The whole store as N-Quads, one quad per line, sorted: the determinism check."""
    lines = {str(q) + " ." for q in store}
    return "\n".join(sorted(lines)) + ("\n" if lines else "")
