"""Which remote endpoints a query's SERVICE clauses would call, found by tokenising the
text (strings, comments and IRIs skipped), so the endpoint can refuse federation: a
SERVICE clause makes the server itself send HTTP requests wherever the caller says."""
from __future__ import annotations

import re

from kg.query import DECLARED, QueryError

# SPARQL 1.1 terminals, enough to tell code from strings, comments, IRIs and names
_TOKEN = re.compile(r'''
  (?P<space>\s+)
| (?P<comment>\#[^\n]*)
| (?P<string>"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""|\'\'\'(?:(?:\'|\'\')?(?:[^\'\\]|\\.))*\'\'\'
            |"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\')
| (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
| (?P<var>[?$]\w+)
| (?P<pname>(?:[^\W\d_][\w.-]*)?:(?:[\w:%.-]|\\.)*)
| (?P<word>\w+)
| (?P<other>.)
''', re.VERBOSE | re.DOTALL)


def tokens(text: str):
    """(kind, text) for each significant token (spaces and comments dropped)."""
    previous = None
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind in ("space", "comment"):
            continue
        if kind == "word" and previous == ("other", "@"):
            kind = "langtag"    # "x"@service is a language tag, not the keyword
        previous = (kind, m.group())
        yield previous


def service_endpoints(text: str) -> list[str]:
    """The endpoint of every SERVICE clause, as written: an absolute IRI when the query
    gives one (prefixed names resolved with its PREFIX lines and the declared prefixes),
    else the raw token (a variable, an unknown prefix, a relative IRI)."""
    prefixes = dict(DECLARED)
    toks = list(tokens(text))
    found = []
    for i, (kind, value) in enumerate(toks):
        word = value.upper() if kind == "word" else ""
        if word == "PREFIX" and i + 2 < len(toks) and toks[i + 1][0] == "pname" and toks[i + 2][0] == "iri":
            prefixes[toks[i + 1][1][:-1]] = toks[i + 2][1][1:-1]
        elif word == "SERVICE":
            j = i + 1
            if j < len(toks) and toks[j][0] == "word" and toks[j][1].upper() == "SILENT":
                j += 1
            target_kind, target = toks[j] if j < len(toks) else ("other", "")
            if target_kind == "iri":
                target = target[1:-1]
            elif target_kind == "pname":
                prefix, _, local = target.partition(":")
                if prefix in prefixes:
                    target = prefixes[prefix] + local
            found.append(target)
    return found


def check_services(text: str, allowed: tuple[str, ...] = ()) -> None:
    """Raise QueryError unless every SERVICE endpoint is an IRI starting with an allowed prefix."""
    for target in service_endpoints(text):
        if not any(re.match(r"[A-Za-z][\w+.-]*:", target) and target.startswith(p) for p in allowed):
            hint = (f"allowed: {', '.join(allowed)}" if allowed else
                    "this endpoint does not federate; `kg serve --allow-service PREFIX` allows it")
            raise QueryError(f"SERVICE {target or '(nothing)'} is refused ({hint})")
