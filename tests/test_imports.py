"""The project's imports, read from its source: no cycle, and data flows one way —
reference data → document model → readers → extractors → resolution → one pass →
kg (the only package that knows RDF). An import against that flow fails here."""
from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("ontology", "queries", "extractors", "kg")

# Lower layers never import higher ones. Within a layer, each entry is a unit that may
# use the others only when the layer says `shared` (the model and reference modules).
LAYERS = [
    (True, ("ontology", "queries")),
    (True, ("extractors", "extractors.facts", "extractors.document", "extractors.sections", "extractors.numbers",
            "extractors.textnorm", "extractors.regions", "extractors.codes")),
    (False, ("extractors.readers",)),
    (False, ("extractors.circular", "extractors.tables", "extractors.prose")),
    (False, ("extractors.resolve",)),
    (False, ("extractors.extract",)),
    (False, ("kg",)),
]


def modules() -> dict[str, Path]:
    out = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            out[name.removesuffix(".__init__")] = path
    return out


def import_graph() -> nx.DiGraph:
    """Module → the project modules it imports (`from pkg import mod` counts as `pkg.mod`)."""
    mods = modules()
    graph = nx.DiGraph()
    graph.add_nodes_from(mods)
    for name, path in mods.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                subs = [f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in mods]
                targets = subs or [node.module]
            graph.add_edges_from((name, t) for t in targets if t in mods and t != name)
    return graph


def unit(module: str) -> tuple[int, str]:
    """(layer, entry) of a module: the longest entry that is the module or a package holding it."""
    best = None
    for layer, (_, entries) in enumerate(LAYERS):
        for entry in entries:
            if (module == entry or module.startswith(entry + ".")) and (best is None or len(entry) > len(best[1])):
                best = (layer, entry)
    assert best is not None, f"{module} is in no layer of tests/test_imports.py"
    return best


def violations(graph: nx.DiGraph) -> list[str]:
    out = []
    for a, b in graph.edges:
        (la, ea), (lb, eb) = unit(a), unit(b)
        if lb > la:
            out.append(f"{a} imports {b}, a higher layer")
        elif lb == la and ea != eb and not LAYERS[la][0]:
            out.append(f"{a} imports {b}, a sibling of the same layer")
    return sorted(out)


def test_the_project_imports_have_no_cycle():
    graph = import_graph()
    assert graph.number_of_edges() > 50
    assert list(nx.simple_cycles(graph)) == []


def test_imports_follow_the_data_flow():
    graph = import_graph()
    assert violations(graph) == []
    assert graph.has_edge("kg.build", "extractors.facts")      # the graph builder reads facts


def test_an_upward_or_sibling_import_is_caught():
    graph = nx.DiGraph([("extractors.readers", "extractors.tables"), ("extractors.extract", "kg.build"),
                        ("extractors.tables.solver", "extractors.prose.legal"), ("kg.cli", "extractors.extract")])
    assert violations(graph) == [
        "extractors.extract imports kg.build, a higher layer",
        "extractors.readers imports extractors.tables, a higher layer",
        "extractors.tables.solver imports extractors.prose.legal, a sibling of the same layer"]
    assert list(nx.simple_cycles(nx.DiGraph([("kg.a", "kg.b"), ("kg.b", "kg.a")])))
