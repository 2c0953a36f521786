"""Run SPARQL on the store: saved queries with declared parameters, and result formatting.

A saved query (queries/NAME.rq) opens with a comment that says what it answers and what
it takes, in a form both people and this module read:

    # fr: Montants par région pour une mesure.
    # en: Amounts per region for one measure.
    # param ?code (string): the measure's MIG or AC code
    # accepts ?code: ?mig a ckg:MigCode ; skos:notation ?code

A parameter's default lives in the query text, as a `VALUES ?code { "F21" }` line of its
WHERE group, so the file run as it is on any SPARQL 1.1 server gives the default answer;
a given value replaces that block, an empty one removes it, and a parameter without such
a block is free (it means "all"). `accepts` names, as a graph pattern, the values a
parameter can take: a given value is matched against them ignoring case, accents and
spaces, and an unknown one is refused with the accepted ones."""
from __future__ import annotations

import csv
import difflib
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
_ACCEPTS = re.compile(r"^#\s*accepts\s+\?(\w+)\s*:\s*(.+?)\s*$")
# strings, IRIs and comments: where braces, `#` and keywords are not code
_NOT_CODE = re.compile(r'#[^\n]*|<[^<>"{}|^`\\\s]*>|"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\''
                       r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'')
_LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\'')
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
    accepts: str | None = None     # a graph pattern binding ?name to every accepted value


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


def code_only(text: str) -> str:
    """The text with strings, IRIs and comments blanked (same length, same offsets), so
    that braces, keywords and `VALUES` blocks are found only where they are code."""
    return _NOT_CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


def _values_blocks(text: str, name: str) -> list[re.Match]:
    """The `VALUES ?name { … }` blocks of the query's code (its default; one per group that
    needs it, e.g. each branch of a UNION, so that each branch is planned from the value)."""
    return list(re.finditer(rf"\bVALUES\s+\?{name}\s*\{{[^{{}}]*\}}", code_only(text), re.IGNORECASE))


def _lexical(term_text: str) -> str:
    """A SPARQL term as written (`"F21"`, `"2024"^^xsd:gYear`, `2024`) → its lexical value."""
    m = _LITERAL.match(term_text)
    return (m.group(1) if m.group(1) is not None else m.group(2)) if m else term_text


def parse_query(text: str, name: str = "query", path: Path | None = None) -> SavedQuery:
    """Read the opening comment block (questions, parameters, accepted values) of a query
    text, and each parameter's default from its `VALUES` block."""
    q = SavedQuery(name=name, text=text, path=path)
    where = path or name
    declared, accepts = [], {}
    for line in text.splitlines():
        if not line.strip():
            continue
        if not line.lstrip().startswith("#"):
            break
        line = line.strip()
        if m := _HEAD.match(line):
            setattr(q, m.group(1), m.group(2))
        elif m := _ACCEPTS.match(line):
            accepts[m.group(1)] = m.group(2)
        elif m := _PARAM.match(line):
            pname, ptype, default, phelp = m.groups()
            if ptype not in PARAM_TYPES:
                raise QueryError(f"{where}: parameter ?{pname} has unknown type {ptype!r} "
                                 f"(one of {', '.join(sorted(PARAM_TYPES))})")
            if default is not None:
                raise QueryError(f"{where}: parameter ?{pname}: a default lives in the query text, as a line "
                                 f"`VALUES ?{pname} {{ {default} }}` in its WHERE group, not in the comment")
            declared.append((pname, ptype, phelp))
    for pname, ptype, phelp in declared:
        blocks = {re.sub(r"\s+", " ", text[b.start():b.end()]) for b in _values_blocks(text, pname)}
        default = None
        if len(blocks) > 1:
            raise QueryError(f"{where}: the VALUES blocks of ?{pname} differ: {' / '.join(sorted(blocks))}")
        if blocks:
            terms = blocks.pop()
            inner = terms[terms.index("{") + 1:-1].strip()
            if len(_LITERAL.findall(inner)) > 1 or (not _LITERAL.match(inner) and len(inner.split()) > 1):
                raise QueryError(f"{where}: the default of ?{pname} must be one value: {terms}")
            default = _lexical(inner)
        q.params.append(Param(pname, ptype, default, phelp, accepts.pop(pname, None)))
    if accepts:
        raise QueryError(f"{where}: `# accepts` for undeclared parameter ?{', ?'.join(accepts)}")
    return q


def load_query(spec: str | Path) -> SavedQuery:
    """A query from a file path, or a saved query by name (`documents` → queries/documents.rq)."""
    p = Path(spec)
    if not p.is_file() and not p.suffix and (QUERIES_DIR / f"{spec}.rq").is_file():
        p = QUERIES_DIR / f"{spec}.rq"
    elif not p.exists() and not p.suffix:
        names = [q.stem for q in sorted(QUERIES_DIR.glob("*.rq"))]
        near = difflib.get_close_matches(str(spec), names, n=3, cutoff=0.5)
        hint = f"did you mean {' or '.join(near)}? " if near else ""
        raise QueryError(f"{spec}: no saved query of this name and no such file ({hint}saved queries: "
                         f"{', '.join(names)}; `kg query --list` says what each answers)")
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise QueryError(f"{p}: cannot read the query ({exc.strerror or exc})") from exc
    return parse_query(text, name=p.stem, path=p)


def saved_queries(folder: Path = QUERIES_DIR) -> list[SavedQuery]:
    """Every saved query, sorted by name."""
    return [load_query(p) for p in sorted(folder.glob("*.rq"))]


_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")


def term_of(value: str, ptype: str) -> ox.NamedNode | ox.Literal:
    """A parameter's text as the RDF term its declared type asks for (numbers may be
    printed with any spaces, no-break and narrow no-break ones included, and a decimal comma)."""
    number = _SPACES.sub("", value)
    try:
        if ptype == "iri":
            return ox.NamedNode(value.strip().strip("<>"))
        if ptype == "integer":
            return ox.Literal(str(int(number)), datatype=ox.NamedNode(XSD + "integer"))
        if ptype == "decimal":
            return ox.Literal(str(Decimal(number.replace(",", "."))), datatype=ox.NamedNode(XSD + "decimal"))
        if ptype == "year":
            return ox.Literal(f"{int(number):04d}", datatype=ox.NamedNode(XSD + "gYear"))
        if ptype == "date":
            return ox.Literal(value.strip(), datatype=ox.NamedNode(XSD + "date"))
        if ptype == "langstring":
            return ox.Literal(value, language="fr")
        return ox.Literal(value)
    except (ValueError, InvalidOperation) as exc:
        raise QueryError(f"parameter value {value!r} is not a valid {ptype}") from exc


def value_key(text: str) -> str:
    """What two spellings of one value share: case, accents, spaces of every kind and
    punctuation between words ignored (`Île-de-France` = `ile de france`,
    `154 432,77` with a no-break space = with a plain one)."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[^\w,.]+", "", plain.casefold()).replace("_", "")


def accepted_values(store: ox.Store, query: SavedQuery, param: Param) -> list[str]:
    """Every value the parameter's `accepts` pattern finds in the store, sorted."""
    text = f"SELECT DISTINCT ?{param.name} WHERE {{ {param.accepts} }}"
    try:
        res = store.query(text, prefixes=prefixes_of(query.text), use_default_graph_as_union=True)
    except (SyntaxError, RuntimeError) as exc:
        raise QueryError(f"{query.name}: `# accepts ?{param.name}` is not a valid pattern "
                         f"({syntax_message(text, str(exc)) if isinstance(exc, SyntaxError) else exc})") from exc
    return sorted({sol[param.name].value for sol in res if sol[param.name] is not None})


def resolve_value(store: ox.Store, query: SavedQuery, param: Param, value: str) -> list[str]:
    """The accepted values a given value stands for (same key); an unknown value is
    refused with the accepted ones (the nearest when there are many)."""
    accepted = accepted_values(store, query, param)
    key = value_key(value)
    same = [a for a in accepted if value_key(a) == key]
    if same:
        return same
    if len(accepted) <= 12:
        listed = f"accepted: {', '.join(accepted) or '(none in this store)'}"
    else:
        keys = {}
        for a in accepted:
            keys.setdefault(value_key(a), a)
        near = [keys[k] for k in difflib.get_close_matches(key, list(keys), n=5, cutoff=0.6)]
        listed = (f"nearest accepted: {', '.join(near)}; " if near else "") + \
            f"{len(accepted)} accepted values (SELECT DISTINCT ?{param.name} WHERE {{ {param.accepts} }})"
    raise QueryError(f"{query.name}: unknown value {value!r} for {param.name}; {listed}")


def bindings(query: SavedQuery, given: dict[str, str], store: ox.Store | None = None) -> dict:
    """{variable: terms} for the given parameters ([] unbinds one: `--param code=`); each
    value resolved against the accepted ones when the parameter declares them and a store
    is at hand. Parameters not given keep the default written in the query."""
    declared = {p.name: p for p in query.params}
    unknown = sorted(set(given) - set(declared))
    if unknown:
        names = ", ".join(declared) or "none"
        raise QueryError(f"{query.name}: unknown parameter {', '.join(unknown)} (declared: {names})")
    subs = {}
    for name, value in given.items():
        p = declared[name]
        if not value.strip():
            subs[ox.Variable(name)] = []
            continue
        term_of(value, p.type)                              # of the declared type, before anything else
        values = resolve_value(store, query, p, value) if p.accepts and store is not None else [value]
        subs[ox.Variable(name)] = [term_of(v, p.type) for v in values]
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
    """Offset just after the `{` that opens the query's first WHERE group (in code only)."""
    m = re.search(r"\bWHERE\s*\{", code_only(text), re.IGNORECASE)
    return m.end() if m else None


def bind_text(text: str, subs: dict) -> str:
    """The query with its parameters bound: each of a variable's `VALUES` blocks gets the
    given terms (an empty list removes them, leaving the variable free); a variable without
    one gets `VALUES ?name { … }` opening the WHERE group. Standard SPARQL either way, that
    any endpoint runs (and that can be shared)."""
    for var, terms in subs.items():
        terms = terms if isinstance(terms, list) else [terms]
        values = f"VALUES ?{var.value} {{ {' '.join(map(str, terms))} }}" if terms else ""
        if blocks := _values_blocks(text, var.value):
            for block in reversed(blocks):
                text = text[:block.start()] + values + text[block.end():]
        elif values:
            at = _where_brace(text)
            if at is None:
                raise QueryError("cannot bind parameters: the query has no WHERE { … } group")
            text = f"{text[:at]} {values}{text[at:]}"
    return text


def bound_text(query: SavedQuery, params: dict[str, str] | None = None, store: ox.Store | None = None) -> str:
    """The query's text with the given parameters bound (what `kg query NAME --print` shows)."""
    return bind_text(query.text, bindings(query, params or {}, store))


_POSITION = re.compile(r"error at (\d+):(\d+): (?:expected (?:one of )?)?(.*)", re.DOTALL)
# a prefixed name in code (not a variable, not inside an IRI or a `^^` datatype's IRI)
_PREFIXED = re.compile(r"(?<![\w?$:.\u00b7-])([A-Za-z\u00c0-\U000effff][\w.\u00b7-]*)?:(?=[\w%]|\s|$)")


def syntax_message(text: str, error: str) -> str:
    """Oxigraph's parse error (a position and the whole grammar expected there) as one
    line naming the problem: an undeclared prefix, a missing `}`, `)` or closing quote,
    an unexpected word, with its line and column."""
    m = _POSITION.match(error)
    if not m:
        return error.splitlines()[0] if error else "syntax error"
    line_no, col, expected = int(m.group(1)), int(m.group(2)), m.group(3)
    lines = text.split("\n")
    where = f"(line {line_no}, column {col})"
    code = code_only(text)
    if not code.strip():
        return "the query is empty"
    declared = {**DECLARED, **prefixes_of(text)}
    for p in _PREFIXED.finditer(code):              # the parser points past it, or elsewhere
        if (p.group(1) or "") not in declared:
            at_line = code.count("\n", 0, p.start()) + 1
            at_col = p.start() - (code.rfind("\n", 0, p.start()) + 1) + 1
            return f"prefix {p.group(1) or ''}: is not declared (line {at_line}, column {at_col})"
    expected = re.sub(r"\\u\{[0-9A-Fa-f]+\}", "", expected)      # character classes' code points
    messages = re.findall(r"(?<![\w'\"])[A-Z][a-z]+(?: [\w()]+){2,}", expected)
    if messages:                                    # Oxigraph's own words, e.g. an unbound SELECT variable
        return f"{messages[0][0].lower()}{messages[0][1:]} {where}"
    tokens = [a or b for a, b in re.findall(r'"([^"\\\s]+)"|\b([A-Z][A-Z_]+|is[A-Z]+)\b', expected)]
    hint = f"; expected one of {', '.join(tokens[:10])}" if tokens else ""
    offset = sum(len(x) + 1 for x in lines[:line_no - 1]) + col - 1
    if not code[offset:].strip():
        missing = [f"a `{c}` is missing" for o, c in (("{", "}"), ("(", ")"), ("[", "]"))
                   if code.count(o) > code.count(c)]
        if re.search(r"[\"']", code):
            missing.insert(0, "a string is not closed")
        if missing:
            return f"unexpected end of query: {', '.join(missing)} {where}"
        return f"unexpected end of query {where}{hint}" if hint else \
            f"not valid SPARQL (the parser gave up at the end of the query, {where[1:-1]})"
    while offset > 0 and (text[offset - 1].isalnum() or text[offset - 1] in "_:"):
        offset -= 1                                 # the whole word the parser stopped in
    word = re.match(r"[^\s{}()\[\].,;]+|\S", text[offset:].lstrip())
    return f"unexpected `{word.group() if word else ''}` {where}{hint}"


def run(store: ox.Store, query: SavedQuery | str, params: dict[str, str] | None = None):
    """Execute on the store (graphs seen as their union by default)."""
    if isinstance(query, str):
        query = parse_query(query)
    if is_update(query.text):
        raise QueryError("SPARQL Update is not allowed: the store is read-only here")
    text = bound_text(query, params, store)
    try:
        return store.query(text, prefixes=DECLARED, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(f"{query.name}: SPARQL syntax error: {syntax_message(text, str(exc))}") from exc
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
