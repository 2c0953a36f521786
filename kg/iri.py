"""Deterministic IRIs under a configurable base: every minted name comes from what the
source says (file name, table id, character offsets, normalised references), never from
a counter or a clock, so building the same input twice gives the same graph.

    {base}doc/{stem}                         the file read            graph/{file name} its named graph
    {base}reference                          the graph of the terms documents share
    {base}legal/circulaire/{number}          a numbered circular      ({base}doc/{stem}/circular otherwise)
    {circular}/annex/{I…}                    an annex                 {base}doc/{stem}/section/{line}
    {base}dataset/{stem}/t{n}                a table (qb:DataSet)     …/row/{i}, …/column/{j}, …/obs/{i}-{j}
    {base}span/{stem}/{start}-{end}          a source span            #position, #quote, #box selectors
    {base}mention/{stem}/{start}-{end}/{type}  a prose mention
    {base}legal/code/{code}/{article}        a code article, part of  {base}legal/code/{code}
    {base}legal/{kind}/{number}              a numbered text          {base}legal/{kind}/{date}[/{title}]
    {base}establishment/{name}               an establishment         {base}org/{name} an issuer
    {base}activity/{stem}/{extractor}        an extraction activity   {base}agent/circulaires-kg/{version}
    {base}check/{stem}/{start}-{end}         a prose amount ↔ table total reconciliation
    {dataset}/check/{column|row}/{i}-{j}      a printed total recomputed from its parts
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote

from kg.vocab import MIG, REGION

DEFAULT_BASE = "https://circulaires-kg.example.org/id/"


def slug(text: str) -> str:
    """`CHU de Lille` → `chu-de-lille`; `DGOS/R1/2017/164` → `dgos-r1-2017-164`."""
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-") or "x"


def segment(text: str) -> str:
    """A path segment kept readable but IRI-safe (file names, table ids, article numbers)."""
    return quote(text, safe="-._~")


def stem(name: str) -> str:
    return name.rsplit(".", 1)[0] if "." in name else name


class Minter:
    """All the IRIs of one build, under `base` (which must end with `/` or `#`)."""

    def __init__(self, base: str = DEFAULT_BASE):
        if not re.match(r"^[a-z][a-z0-9+.-]*:", base) or base[-1] not in "/#":
            raise ValueError(f"base IRI must be absolute and end with '/' or '#': {base!r}")
        self.base = base

    def _(self, *parts: str) -> str:
        return self.base + "/".join(parts)

    # ------------------------------------------------ documents and their parts
    def graph(self, doc_name: str) -> str:
        """Named after the file name, so a changed file replaces its old graph."""
        return self._("graph", segment(doc_name))

    def reference_graph(self) -> str:
        """The one graph of the terms documents share (legal texts, establishments, MIG
        codes, numbered circulars): described once, however many documents cite them."""
        return self._("reference")

    def scoped(self, doc_name: str) -> tuple[str, ...]:
        """IRI prefixes of the resources one document alone mints (its own facts)."""
        doc, name = self.document(doc_name), segment(stem(doc_name))
        return (doc + "/", *(self._(kind, name) + "/" for kind in ("dataset", "span", "mention", "check", "activity")))

    def document(self, doc_name: str) -> str:
        return self._("doc", segment(stem(doc_name)))

    def circular(self, doc_name: str, number: str | None, kind: str = "circulaire") -> str:
        """A numbered circular is the same node as the legal text other circulars cite."""
        if number:
            return self.legal(kind=kind, number=number)
        return self.document(doc_name) + "/circular"

    @staticmethod
    def annex(circular: str, label: str) -> str:
        return f"{circular}/annex/{segment(label)}"

    def section(self, doc_name: str, line: int) -> str:
        return f"{self.document(doc_name)}/section/{line}"

    def dataset(self, table_id: str) -> str:
        return self._("dataset", *map(segment, table_id.split("/")))

    @staticmethod
    def row(dataset: str, index: int) -> str:
        return f"{dataset}/row/{index}"

    @staticmethod
    def column(dataset: str, index: int) -> str:
        return f"{dataset}/column/{index}"

    @staticmethod
    def observation(dataset: str, row: int, column: int) -> str:
        return f"{dataset}/obs/{row}-{column}"

    def span(self, doc_name: str, start: int, end: int) -> str:
        return self._("span", segment(stem(doc_name)), f"{start}-{end}")

    def mention(self, doc_name: str, start: int, end: int, kind: str) -> str:
        return self._("mention", segment(stem(doc_name)), f"{start}-{end}", segment(kind))

    def measure(self, doc_name: str, start: int, end: int) -> str:
        return self._("measure", segment(stem(doc_name)), f"{start}-{end}")

    @staticmethod
    def total_check(dataset: str, kind: str, row: int, column: int) -> str:
        return f"{dataset}/check/{kind}/{row}-{column}"

    def check(self, doc_name: str, start: int, end: int) -> str:
        return self._("check", segment(stem(doc_name)), f"{start}-{end}")

    def activity(self, doc_name: str, extractor: str) -> str:
        return self._("activity", segment(stem(doc_name)), segment(extractor))

    def agent(self, version: str) -> str:
        return self._("agent", "circulaires-kg", segment(version))

    # ------------------------------------------------ things shared across documents
    def establishment(self, name: str) -> str:
        return self._("establishment", slug(name))

    def organisation(self, name: str) -> str:
        return self._("org", slug(name))

    def legal_code(self, code: str) -> str:
        return self._("legal", "code", slug(code))

    def legal(self, *, kind: str | None = None, code: str | None = None, article: str | None = None,
              article_end: str | None = None, number: str | None = None, date: str | None = None,
              title: str | None = None) -> str | None:
        """One node per legal text or code article, whichever document cites it: the
        identity (extractors/resolve/legal.py) is code + article, or kind + number, or kind
        + date + the full title (a long title ends with a hash of the whole folded title,
        so two texts of one date never share a node)."""
        if article and code:
            article = re.sub(r"[\s.]", "", article)
            if article_end:
                article += "_" + re.sub(r"[\s.]", "", article_end)
            return self.legal_code(code) + "/" + segment(article)
        kind = slug(kind or "texte")
        if number:
            return self._("legal", kind, slug(number))
        if date:
            extra = []
            if title:
                full = slug(title)
                extra = [full if len(full) <= 60 else
                         full[:60].rstrip("-") + "-" + hashlib.sha1(full.encode()).hexdigest()[:10]]
            return self._("legal", kind, date, *extra)
        return None


def region(code: str) -> str:
    """Reference regions live in ontology/regions.ttl: current codes as is, former ones `-2015`."""
    return str(REGION[code])


def mig(code: str) -> str:
    return str(MIG[code.upper()])
