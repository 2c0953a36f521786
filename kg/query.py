"""Run SPARQL on the store: saved queries with declared parameters, and result formatting.

A saved query (queries/NAME.rq) opens with a comment that says what it answers and what
it takes, in a form both people and this module read:

    # fr: Montants par région pour une mesure.
    # en: Amounts per region for one measure.
    # param ?code (string, default "F21"): the measure's MIG or AC code

Parameters are bound by a `VALUES` block opening the query's WHERE group, so the text
stays plain SPARQL that any endpoint runs; without a binding the variable is simply free
(a parameter without default then means "all")."""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from extractors.numbers import format_number

QUERIES_DIR = Path(__file__).resolve().parent.parent / "queries"
FORMATS = ("table", "csv", "tsv", "json")
XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + t for t in ("decimal", "integer", "double", "float", "int", "long", "short",
                             "nonNegativeInteger", "positiveInteger", "gYear")}
PARAM_TYPES = {"string", "iri", "integer", "decimal", "year", "date", "langstring"}
WELL_KNOWN = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": XSD,
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "qb": "http://purl.org/linked-data/cube#",
    "oa": "http://www.w3.org/ns/oa#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "schema": "https://schema.org/",
    "org": "http://www.w3.org/ns/org#",
    "ckg": "https://circulaires-kg.example.org/ontology#",
    "code": "https://circulaires-kg.example.org/code/",
    "id": "https://circulaires-kg.example.org/id/",
}

# declared for every query (CLI and endpoint): a query may use them without PREFIX lines,
# and its own PREFIX lines still win
DECLARED = {k: WELL_KNOWN[k] for k in ("ckg", "qb", "eli", "prov", "oa", "skos", "schema", "xsd", "rdfs", "rdf",
                                       "dcterms", "owl", "org")}

_HEAD = re.compile(r"^#\s*(fr|en)\s*:\s*(.+?)\s*$")
_PARAM = re.compile(r"^#\s*param\s+\?(\w+)\s*\((\w+)(?:\s*,\s*default\s+(.+?))?\)\s*:\s*(.+?)\s*$")
_PREFIX = re.compile(r"PREFIX\s+([\w-]*):\s*<([^>]*)>", re.IGNORECASE)
_UPDATE = re.compile(r"^\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", re.IGNORECASE)


class QueryError(Exception):
    """A query that cannot run: bad file, bad parameter, syntax error, update attempt."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None
    help: str


@dataclass
class SavedQuery:
    """A query's text with what its opening comment declares."""
    name: str
    text: str
    fr: str = ""
    en: str = ""
    params: list[Param] = field(default_factory=list)
    path: Path | None = None

    def record(self) -> dict:
        return {"name": self.name, "fr": self.fr, "en": self.en, "text": self.text,
                "params": [{"name": p.name, "type": p.type, "default": p.default, "help": p.help}
                           for p in self.params]}


def parse_query(text: str, name: str = "query", path: Path | None = None) -> SavedQuery:
    """Read the opening comment block (questions and parameters) of a query text."""
    q = SavedQuery(name=name, text=text, path=path)
    for line in text.splitlines():
        if not line.strip():
            continue
        if not line.lstrip().startswith("#"):
            break
        line = line.strip()
        if m := _HEAD.match(line):
            setattr(q, m.group(1), m.group(2))
        elif m := _PARAM.match(line):
            pname, ptype, default, phelp = m.groups()
            if ptype not in PARAM_TYPES:
                raise QueryError(f"{path or name}: parameter ?{pname} has unknown type {ptype!r} "
                                 f"(one of {', '.join(sorted(PARAM_TYPES))})")
            if default is not None:
                default = default.strip()
                if len(default) >= 2 and default[0] == default[-1] == '"':
                    default = default[1:-1]
            q.params.append(Param(pname, ptype, default, phelp))
    return q


def load_query(spec: str | Path) -> SavedQuery:
    """A query from a file path, or a saved query by name (`documents` → queries/documents.rq)."""
    p = Path(spec)
    if not p.is_file() and not p.suffix and (QUERIES_DIR / f"{spec}.rq").is_file():
        p = QUERIES_DIR / f"{spec}.rq"
    elif not p.exists() and not p.suffix:
        names = ", ".join(q.name for q in saved_queries())
        raise QueryError(f"{spec}: no saved query of this name and no such file (saved queries: {names}; "
                         "`kg query --list` says what each answers)")
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise QueryError(f"{p}: cannot read the query ({exc.strerror or exc})") from exc
    return parse_query(text, name=p.stem, path=p)


def saved_queries(folder: Path = QUERIES_DIR) -> list[SavedQuery]:
    """Every saved query, sorted by name."""
    return [load_query(p) for p in sorted(folder.glob("*.rq"))]


def term_of(value: str, ptype: str) -> ox.NamedNode | ox.Literal:
    """A parameter's text as the RDF term its declared type asks for."""
    try:
        if ptype == "iri":
            return ox.NamedNode(value.strip("<>"))
        if ptype == "integer":
            return ox.Literal(str(int(value)), datatype=ox.NamedNode(XSD + "integer"))
        if ptype == "decimal":
            return ox.Literal(str(Decimal(value.replace(",", ".").replace(" ", "").replace("\u00a0", ""))),
                              datatype=ox.NamedNode(XSD + "decimal"))
        if ptype == "year":
            return ox.Literal(f"{int(value):04d}", datatype=ox.NamedNode(XSD + "gYear"))
        if ptype == "date":
            return ox.Literal(value, datatype=ox.NamedNode(XSD + "date"))
        if ptype == "langstring":
            return ox.Literal(value, language="fr")
        return ox.Literal(value)
    except (ValueError, InvalidOperation) as exc:
        raise QueryError(f"parameter value {value!r} is not a valid {ptype}") from exc


def bindings(query: SavedQuery, given: dict[str, str]) -> dict:
    """Substitutions for the declared parameters: given values, else defaults."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        names = ", ".join(declared) or "none"
        raise QueryError(f"{query.name}: unknown parameter {', '.join(unknown)} (declared: {names})")
    subs = {}
    for p in query.params:
        value = given.get(p.name, p.default)
        if value is not None and value != "":
            subs[ox.Variable(p.name)] = term_of(value, p.type)
    return subs


def parse_params(pairs) -> dict[str, str]:
    """`name=value` strings (from `--param`) as a dict."""
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param {pair!r}: expected name=value")
        out[name.strip().lstrip("?")] = value
    return out


def is_update(text: str) -> bool:
    """True when the text is a SPARQL Update rather than a query (after prologue and comments)."""
    body = re.sub(r"#[^\n]*", "", text)
    body = re.sub(r"(?is)^\s*((PREFIX\s+[\w-]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*", "", body)
    return bool(_UPDATE.match(body))


def _where_brace(text: str) -> int | None:
    """Offset just after the `{` that opens the query's first WHERE group, skipping IRIs,
    strings and comments (a `#` inside `<…#>` is not a comment)."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            i = text.find("\n", i)
            i = n if i < 0 else i
        elif c == "<" and (m := re.match(r"<[^<>\"{}|^`\\\s]*>", text[i:])):
            i += m.end()
        elif c in "\"'":
            m = re.match(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'', text[i:])
            i += m.end() if m else 1
        elif (m := re.match(r"WHERE\s*\{", text[i:], re.IGNORECASE)) and (i == 0 or not text[i - 1].isalnum()):
            return i + m.end()
        else:
            i += 1
    return None


def bind_text(text: str, subs: dict) -> str:
    """The query with its parameters bound: `VALUES ?name { term }` opening the WHERE group,
    so the text stays standard SPARQL that any endpoint runs (and that can be shared)."""
    if not subs:
        return text
    at = _where_brace(text)
    if at is None:
        raise QueryError("cannot bind parameters: the query has no WHERE { … } group")
    values = " ".join(f"VALUES ?{v.value} {{ {t} }}" for v, t in subs.items())
    return f"{text[:at]} {values}{text[at:]}"


def run(store: ox.Store, query: SavedQuery | str, params: dict[str, str] | None = None):
    """Execute on the store (graphs seen as their union by default)."""
    if isinstance(query, str):
        query = parse_query(query)
    if is_update(query.text):
        raise QueryError("SPARQL Update is not allowed: the store is read-only here")
    text = bind_text(query.text, bindings(query, params or {}))
    try:
        return store.query(text, prefixes=DECLARED, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(f"{query.name}: SPARQL syntax error: {exc}") from exc
    except RuntimeError as exc:
        raise QueryError(f"{query.name}: {exc}") from exc


# ---------------------------------------------------------------- results as plain data

def term_record(term) -> dict | None:
    """A term as in the SPARQL 1.1 JSON results format."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        rec = {"type": "literal", "value": term.value}
        if term.language:
            rec["xml:lang"] = term.language
        elif term.datatype.value != XSD + "string":
            rec["datatype"] = term.datatype.value
        return rec
    return {"type": "triple", "value": str(term)}


def table_of(results) -> tuple[list[str], list[list]]:
    """(variable names, rows of terms) for a SELECT result."""
    names = [v.value for v in results.variables]
    rows = [[sol[n] for n in names] for sol in results]
    return names, rows


def is_numeric(term) -> bool:
    return isinstance(term, ox.Literal) and term.datatype.value in NUMERIC


def prefixes_of(text: str) -> dict[str, str]:
    """The query's own PREFIX declarations, over the well-known ones."""
    out = dict(WELL_KNOWN)
    out.update({m.group(1): m.group(2) for m in _PREFIX.finditer(text)})
    return out


def short(term, prefixes: dict[str, str], numbers: str = "plain") -> str:
    """A term for a person: IRIs as prefix:local, literals as their value."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        best = max(((p, ns) for p, ns in prefixes.items() if term.value.startswith(ns)),
                   key=lambda pn: len(pn[1]), default=None)
        if best and re.fullmatch(r"[\w./-]*", term.value[len(best[1]):]):
            return f"{best[0]}:{term.value[len(best[1]):]}"
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        if numbers == "fr" and is_numeric(term) and term.datatype.value != XSD + "gYear":
            try:
                return format_number(Decimal(term.value), sep=" ")
            except InvalidOperation:
                return term.value
        return term.value
    return str(term)


def _width(text: str) -> int:
    """Display width (combining marks take no column)."""
    return sum(0 if unicodedata.combining(c) else 1 for c in text)


def _clip(text: str, width: int) -> str:
    return text if not width or _width(text) <= width else text[:width - 1] + "…"


def format_table(names, rows, prefixes=None, numbers: str = "plain", max_width: int = 60) -> str:
    """An aligned text table: numbers right-aligned, everything else left; cells longer
    than `max_width` characters are cut with an ellipsis (0: never)."""
    prefixes = prefixes or WELL_KNOWN
    cells = [[_clip(short(t, prefixes, numbers).replace("\n", " "), max_width) for t in row] for row in rows]
    right = [bool(rows) and all(is_numeric(r[i]) or r[i] is None for r in rows) for i in range(len(names))]
    widths = [max([_width(n)] + [_width(c[i]) for c in cells]) for i, n in enumerate(names)]

    def line(values):
        out = []
        for i, v in enumerate(values):
            pad = " " * (widths[i] - _width(v))
            out.append(pad + v if right[i] else v + pad)
        return "  ".join(out).rstrip()

    sep = "  ".join("-" * w for w in widths)
    body = [line(names), sep] + [line(c) for c in cells]
    body.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(body) + "\n"


def format_delimited(names, rows, delimiter: str) -> str:
    """CSV/TSV of plain values (IRIs in full, literals as their lexical form)."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(names)
    for row in rows:
        w.writerow(["" if t is None else t.value if hasattr(t, "value") else str(t) for t in row])
    return buf.getvalue()


def format_json(names, rows) -> str:
    """SPARQL 1.1 Query Results JSON, stable key order."""
    doc = {"head": {"vars": names},
           "results": {"bindings": [{n: term_record(t) for n, t in zip(names, row) if t is not None}
                                    for row in rows]}}
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def format_results(results, fmt: str = "table", prefixes=None, numbers: str = "plain", max_width: int = 60) -> str:
    """Any query result (SELECT, ASK, CONSTRUCT) in one of FORMATS."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    if isinstance(results, ox.QueryBoolean):
        value = bool(results)
        return json.dumps({"head": {}, "boolean": value}) + "\n" if fmt == "json" else f"{str(value).lower()}\n"
    if isinstance(results, ox.QueryTriples):
        nt = ox.serialize(list(results), format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        return "".join(sorted(nt.splitlines(keepends=True)))
    names, rows = table_of(results)
    if fmt == "table":
        return format_table(names, rows, prefixes, numbers, max_width)
    if fmt == "json":
        return format_json(names, rows)
    return format_delimited(names, rows, "," if fmt == "csv" else "\t")


def select_records(results) -> list[dict]:
    """SELECT rows as dicts of Python values (numbers as Decimal, IRIs as strings)."""
    names, rows = table_of(results)
    return [{n: python_value(t) for n, t in zip(names, row)} for row in rows]


def python_value(term):
    if term is None:
        return None
    if is_numeric(term) and term.datatype.value != XSD + "double":
        return Decimal(term.value) if term.datatype.value not in (XSD + "integer", XSD + "gYear") else int(term.value)
    return term.value
