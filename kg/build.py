"""Facts → RDF quads for one document, in that document's named graph.

Per document: the source file, the circular (number, NOR, date, issuer, title, campaign
year, annexes, sections), each amount table as a qb:DataSet of qb:Observations (row ×
column, value in euros, value and unit as printed, renewal, envelope, is-total), the
MIG nomenclature as SKOS concepts, the prose mentions with their normalised identity,
and the links of kg/link.py. Every observation and mention is prov:wasDerivedFrom a
source span (document, page, line, offsets, exact quote with context) and
prov:wasGeneratedBy an extraction activity naming the software version and extractor.
All quads of a document are built before the store is touched."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache

import pyoxigraph as ox

import ontology
from extractors import __version__
from extractors.circular import extract_circular
from extractors.numbers import UNITS
from extractors.regions import BY_CODE, find_region
from extractors.sections import annex_number, section_path
from extractors.tables import NON_AMOUNT_ROLES, column_unit, extract_tables
from extractors.tables.reconcile import check_table
from extractors.textnorm import fold
from kg.iri import DEFAULT_BASE, Minter, mig, region
from kg.vocab import (ACTIVITY, CKG, DCTERMS, ELI, ENVELOPE, OA, ONTOLOGY, PROV, QB, RDF, RDFS, RENEWAL,
                      SCHEMES, SDO, SKOS, XSD)

__all__ = ["DEFAULT_BASE", "document_graph", "ontology_graph", "Builder"]

CONTEXT = 40      # characters of context kept either side of a quote


@lru_cache(maxsize=None)
def N(term) -> ox.NamedNode:
    return ox.NamedNode(str(term))


def L(value, lang: str | None = None) -> ox.Literal:
    """A typed literal: Decimal → xsd:decimal, bool → xsd:boolean, int → xsd:integer,
    date → xsd:date, str → plain (or language-tagged) string."""
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=N(XSD.boolean))
    if isinstance(value, Decimal):   # the canonical form, as the store keeps it (5085000, 38112.25)
        return ox.Literal(f"{value.normalize():f}" if value else "0", datatype=N(XSD.decimal))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=N(XSD.integer))
    if isinstance(value, date):
        return ox.Literal(value.isoformat(), datatype=N(XSD.date))
    return ox.Literal(str(value), language=lang) if lang else ox.Literal(str(value))


# ---------------------------------------------------------------- code lists

@lru_cache(maxsize=1)
def _code_labels() -> dict[str, list[tuple[str, str]]]:
    """For envelopes and activity fields: (folded label or notation, concept IRI), longest
    first, read from ontology/codes.ttl so that the Turtle is the one source of truth."""
    import rdflib
    g = rdflib.Graph().parse(data=ontology.read("codes.ttl"), format="turtle")
    out: dict[str, list[tuple[str, str]]] = {"envelope": [], "activity": []}
    for kind, ns in (("envelope", ENVELOPE), ("activity", ACTIVITY)):
        for concept in set(g.subjects(SKOS.inScheme, None)):
            if not str(concept).startswith(str(ns)):
                continue
            for p in (SKOS.notation, SKOS.altLabel):
                for label in g.objects(concept, p):
                    out[kind].append((fold(str(label)), str(concept)))
        out[kind].sort(key=lambda x: (-len(x[0]), x))
    return out


def classify(text: str | None, kind: str) -> str | None:
    """The envelope (or activity field) a printed nature or title names first, else None."""
    if not text:
        return None
    folded = f" {fold(text)} "
    best = None
    for label, concept in _code_labels()[kind]:
        at = folded.find(f" {label} ")
        if at >= 0 and (best is None or at < best[0]):
            best = (at, concept)
    return best[1] if best else None


def region_iri(name: str | None) -> str | None:
    r = find_region(name) if name else None
    if r is None:
        return None
    return region(r.code if (r.current or r.aggregate) else f"{r.code}-2015")


# ---------------------------------------------------------------- the builder

@dataclass
class Builder:
    """Collects the quads of one document graph and the IRIs kg/link.py needs."""
    doc: object
    minter: Minter
    quads: set = field(default_factory=set)
    circular: str = ""
    sections: dict = field(default_factory=dict)      # heading line → section/annex IRI
    columns: list = field(default_factory=list)       # (table, column, column IRI, dataset IRI)
    totals: dict = field(default_factory=dict)        # column IRI → (rank, grand-total observation IRI, euros)
    row_mentions: dict = field(default_factory=dict)  # line → establishment mentions printed there
    mentions: list = field(default_factory=list)      # (Mention, mention IRI)

    def __post_init__(self):
        self.graph = ox.NamedNode(self.minter.graph(self.doc.name))
        self.document = self.minter.document(self.doc.name)

    def add(self, s, p, o) -> None:
        if o is None:
            return
        s = s if isinstance(s, ox.NamedNode) else N(s)
        p = p if isinstance(p, ox.NamedNode) else N(p)
        if not isinstance(o, (ox.NamedNode, ox.Literal)):
            o = N(o)
        self.quads.add(ox.Quad(s, p, o, self.graph))

    def activity(self, extractor: str) -> str:
        iri = self.minter.activity(self.doc.name, extractor)
        agent = self.minter.agent(__version__)
        self.add(iri, RDF.type, PROV.Activity)
        self.add(iri, CKG.extractor, L(extractor))
        self.add(iri, RDFS.label, L(f"{extractor} on {self.doc.name}"))
        self.add(iri, PROV.used, self.document)
        self.add(iri, PROV.wasAssociatedWith, agent)
        self.add(agent, RDF.type, PROV.SoftwareAgent)
        self.add(agent, RDFS.label, L(f"circulaires-kg {__version__}"))
        self.add(agent, SDO.softwareVersion, L(__version__))
        return iri

    def span(self, ev) -> str:
        """The source span of an Evidence: document, page, line, offsets, quote, context, box."""
        iri = self.minter.span(self.doc.name, ev.start, ev.end)
        before, after = ev.context(self.doc, CONTEXT)
        pos, quote = iri + "#position", iri + "#quote"
        self.add(iri, RDF.type, OA.SpecificResource)
        self.add(iri, OA.hasSource, self.document)
        self.add(iri, CKG.page, L(ev.page))
        self.add(iri, CKG.line, L(ev.line))
        self.add(iri, OA.hasSelector, pos)
        self.add(pos, RDF.type, OA.TextPositionSelector)
        self.add(pos, OA.start, L(ev.start))
        self.add(pos, OA.end, L(ev.end))
        self.add(iri, OA.hasSelector, quote)
        self.add(quote, RDF.type, OA.TextQuoteSelector)
        self.add(quote, OA.exact, L(ev.quote))
        self.add(quote, OA.prefix, L(before))
        self.add(quote, OA.suffix, L(after))
        if ev.box:
            x0, top, x1, bottom = ev.box
            box = iri + "#box"
            self.add(iri, OA.hasSelector, box)
            self.add(box, RDF.type, OA.FragmentSelector)
            self.add(box, DCTERMS.conformsTo, "http://tools.ietf.org/rfc/rfc3778")
            self.add(box, RDF.value, L(f"page={ev.page}&viewrect={x0:.2f},{top:.2f},{x1 - x0:.2f},{bottom - top:.2f}"))
        return iri

    def provenance(self, subject: str, ev, activity: str) -> None:
        self.add(subject, PROV.wasDerivedFrom, self.span(ev))
        self.add(subject, PROV.wasGeneratedBy, activity)

    def mig_concept(self, code: str) -> str:
        iri = mig(code)
        self.add(iri, RDF.type, CKG.MigCode)
        self.add(iri, SKOS.inScheme, SCHEMES.mig)
        self.add(iri, SKOS.notation, L(code.upper()))
        return iri

    def establishment(self, name: str, region_code: str | None) -> str:
        """An establishment, one node per canonical name across documents, placed in
        today's region (the same place whichever year's map a document uses)."""
        iri = self.minter.establishment(name)
        self.add(iri, RDF.type, SDO.Hospital)
        self.add(iri, SDO.name, L(name))
        found = BY_CODE.get(region_code) if region_code else None
        found = found or (find_region(region_code) if region_code else None)
        if found is not None and not found.aggregate:
            self.add(iri, CKG.region, region(found.today))
        return iri

    def canonical_establishment(self, line: int, label: str) -> str | None:
        """The prose extractor's canonical name for an establishment printed as a row label
        on `line` or just above it (a label wrapped before its values), else None."""
        key = fold(label)
        for m in self.row_mentions.get(line, []) + self.row_mentions.get(line - 1, []):
            text = fold(m.text)
            if key and (key in text or text in key):
                return str(m.norm.get("name") or label)
        return None


# ---------------------------------------------------------------- document, circular, sections

def _document(b: Builder) -> None:
    doc = b.doc
    b.add(b.document, RDF.type, CKG.SourceDocument)
    b.add(b.document, RDF.type, PROV.Entity)
    b.add(b.document, RDFS.label, L(doc.name))
    b.add(b.document, DCTERMS.identifier, L(doc.name))
    b.add(b.document, CKG.sha256, L(doc.sha256))
    b.add(b.document, DCTERMS.format, L(doc.format))
    if doc.title:
        b.add(b.document, DCTERMS.title, L(doc.title, "fr"))


def _circular(b: Builder, circ) -> None:
    kind = _text_kind(circ.title)
    iri = b.circular = b.minter.circular(b.doc.name, circ.number, kind)
    act = b.activity("extractors.circular")
    b.add(iri, RDF.type, CKG.Circular)
    b.add(iri, RDF.type, ELI.LegalResource)
    b.add(iri, CKG.sourceDocument, b.document)
    b.add(iri, PROV.wasGeneratedBy, act)
    b.add(iri, CKG.legalKind, L(kind))
    if circ.number:
        b.add(iri, ELI.id_local, L(circ.number))
    if circ.nor:
        b.add(iri, CKG.nor, L(circ.nor))
    if circ.date:
        b.add(iri, ELI.date_document, L(date.fromisoformat(circ.date)))
    if circ.title:
        b.add(iri, ELI.title, L(circ.title, "fr"))
        b.add(iri, RDFS.label, L(circ.title, "fr"))
    else:
        b.add(iri, RDFS.label, L(f"circulaire de {b.doc.name}", "fr"))
    if circ.year:
        b.add(iri, CKG.campaignYear, ox.Literal(f"{circ.year:04d}", datatype=N(XSD.gYear)))
    if circ.issuer:
        org = b.minter.organisation(circ.issuer)
        b.add(iri, ELI.passed_by, org)
        b.add(org, RDF.type, ELI.Agent)
        b.add(org, RDFS.label, L(circ.issuer, "fr"))
    for ev in circ.evidence.values():
        b.add(iri, PROV.wasDerivedFrom, b.span(ev))
    _sections(b, act)


def _sections(b: Builder, act: str) -> None:
    """Annexes and headings as ELI subdivisions, nested as printed."""
    sections = b.doc.sections
    iris = []
    for s in sections:
        if s.kind == "annex":
            iri = _annex(b, s.label, s.title)
        else:
            iri = b.minter.section(b.doc.name, s.line)
            b.add(iri, RDF.type, CKG.Section)
            b.add(iri, RDF.type, ELI.LegalResourceSubdivision)
            if s.label:
                b.add(iri, CKG.headingLabel, L(s.label))
            b.add(iri, ELI.title, L(s.title, "fr"))
            b.add(iri, RDFS.label, L(f"{s.label} {s.title}".strip(), "fr"))
        parent = iris[s.parent] if s.parent is not None else b.circular
        b.add(iri, ELI.is_part_of, parent)
        b.add(parent, ELI.has_part, iri)
        if s.evidence:
            b.provenance(iri, s.evidence, act)
        b.sections[s.line] = iri
        iris.append(iri)


def _text_kind(title: str | None) -> str:
    """circulaire | instruction | note_information, named as the prose extractor names the
    texts it cites, so that a circular and its citations are one node."""
    words = fold(title or "circulaire").split(" ")
    return "note_information" if words[:3] == ["note", "d", "information"] else words[0]


def _annex(b: Builder, label: str, title: str | None = None) -> str:
    number = annex_number(label)
    iri = b.minter.annex(b.circular, number)
    b.add(iri, RDF.type, CKG.Annex)
    b.add(iri, RDF.type, ELI.LegalResourceSubdivision)
    b.add(iri, CKG.annexNumber, L(number))
    b.add(iri, ELI.is_part_of, b.circular)
    b.add(b.circular, ELI.has_part, iri)
    if title:
        b.add(iri, ELI.title, L(title, "fr"))
    return iri


def section_of(b: Builder, line: int) -> str:
    """IRI of the innermost section holding a line (the circular itself outside any)."""
    path = section_path(b.doc, line)
    return b.sections.get(path[-1].line, b.circular) if path else b.circular


# ---------------------------------------------------------------- tables

def _tables(b: Builder, tables) -> None:
    act = b.activity("extractors.tables")
    for table in tables:
        if table.kind == "nomenclature":
            _nomenclature(b, table, act)
        else:
            _dataset(b, table, act)


def _nomenclature(b: Builder, table, act: str) -> None:
    """A MIG nomenclature (code, label, year) gives the labels of the MIG code list."""
    by_row: dict[int, list] = {}
    for cell in table.cells:
        by_row.setdefault(cell.row, []).append(cell)
    for row in table.rows:
        if not re.fullmatch(r"[A-Z]\d{2}", row.label or ""):
            continue
        iri = b.mig_concept(row.label)
        for cell in by_row.get(row.index, []):
            role = table.columns[cell.column].role
            if role == "label" or (role is None and cell.value is None):
                b.add(iri, SKOS.prefLabel, L(re.sub(r"\s+", " ", cell.text).strip(), "fr"))
                b.provenance(iri, cell.evidence, act)
            elif role == "year" and cell.value is not None:
                b.add(iri, CKG.creationYear, ox.Literal(f"{int(cell.value):04d}", datatype=N(XSD.gYear)))


def _dataset(b: Builder, table, act: str) -> None:
    ds = b.minter.dataset(table.id)
    table_unit = UNITS.get(table.unit) if table.unit else None
    envelope = classify(table.title, "envelope")
    b.add(ds, RDF.type, QB.DataSet)
    b.add(ds, QB.structure, CKG.allocationStructure)
    b.add(ds, RDFS.label, L(table.title, "fr"))
    b.add(ds, DCTERMS.identifier, L(table.id))
    b.add(ds, CKG.circular, b.circular)
    b.add(ds, PROV.wasGeneratedBy, act)
    b.add(ds, CKG.envelope, envelope)
    if table.unit:
        b.add(ds, CKG.unit, L(table.unit))
    if table.annex:
        b.add(ds, DCTERMS.isPartOf, _annex(b, table.annex))
    for issue in table.issues:
        b.add(ds, CKG.issue, L(issue))
    if table_unit is None:
        b.add(ds, CKG.issue, L(f"unit not printed: {len(table.cells)} cells kept out of the cube"))
    for r in check_table(table):
        if not r.ok:
            trow, tcol = r.check.total
            b.add(ds, CKG.issue, L(
                f"line {r.total.evidence.line}: {table.rows[trow].label} × {table.columns[tcol].label}: "
                f"printed total {r.stated}, sum of parts {r.computed} (difference {r.diff}, tolerance {r.tolerance})"))

    rows = [_row(b, ds, row) for row in table.rows]
    cols = []
    for col in table.columns:
        iri, attrs = _column(b, ds, col, envelope)
        cols.append((iri, attrs))
        b.columns.append((table, col, iri, ds))
    if table_unit is None:
        return
    for cell in table.cells:
        col = table.columns[cell.column]
        if cell.value is None or col.role in NON_AMOUNT_ROLES:
            continue
        row = table.rows[cell.row]
        (row_iri, row_attrs), (col_iri, col_attrs) = rows[cell.row], cols[cell.column]
        obs = b.minter.observation(ds, row.index, col.index)
        unit = UNITS[column_unit(table, col)]
        euros = unit.to_eur(cell.value)
        b.add(obs, RDF.type, QB.Observation)
        b.add(obs, QB.dataSet, ds)
        b.add(obs, CKG.row, row_iri)
        b.add(obs, CKG.column, col_iri)
        b.add(obs, CKG.amountEUR, L(euros))
        b.add(obs, CKG.valueInUnit, L(cell.value))
        b.add(obs, CKG.printedValue, L(cell.text))
        b.add(obs, CKG.unit, L(unit.symbol))
        b.add(obs, CKG.currency, L(unit.currency))
        b.add(obs, CKG.circular, b.circular)
        b.add(obs, CKG.isTotal, L(bool(row.is_total or col.is_total)))
        b.add(obs, CKG.ambiguous, L(bool(cell.ambiguous or row.ambiguous)))
        for alt in cell.alternatives:
            b.add(obs, CKG.candidate, L(_alternative(alt)))
        for p, o in row_attrs + col_attrs:
            b.add(obs, p, o)
        b.provenance(obs, cell.evidence, act)
        if row.is_total and not col.is_total:
            grand = getattr(find_region(row.label or ""), "code", None) == "FR"
            rank = (grand, row.index)
            if col_iri not in b.totals or rank >= b.totals[col_iri][0]:
                b.totals[col_iri] = (rank, obs, euros)


def _alternative(alt) -> str:
    if isinstance(alt, (list, tuple)):
        return " | ".join(map(str, alt))
    return str(alt)


def _row(b: Builder, ds: str, row):
    iri = b.minter.row(ds, row.index)
    b.add(iri, RDF.type, CKG.TableRow)
    b.add(iri, RDFS.label, L(row.label or ""))
    b.add(iri, CKG.rowIndex, L(row.index))
    b.add(iri, CKG.line, L(row.line))
    b.add(iri, CKG.isTotal, L(bool(row.is_total)))
    b.add(iri, CKG.ambiguous, L(bool(row.ambiguous)))
    if row.printed_label:
        b.add(iri, CKG.printedLabel, L(row.printed_label))
    for c in row.candidates:
        b.add(iri, CKG.candidate, L(c))
    attrs = []
    if not row.ambiguous:
        reg = region_iri(row.label)
        # a row is an establishment when the prose extractor names one there, or when the
        # table nests it under a region; a total row or any other label is neither
        name = None if reg or row.is_total or not row.label else \
            b.canonical_establishment(row.line, row.label) or (row.label if row.parent else None)
        if name:
            attrs.append((CKG.establishment, b.establishment(name, row.parent)))
            reg = region_iri(row.parent)
        if reg:
            attrs.append((CKG.region, reg))
    for p, o in attrs:
        b.add(iri, p, o)
    return iri, [(N(p), N(o)) for p, o in attrs]


def _column(b: Builder, ds: str, col, dataset_envelope: str | None):
    iri = b.minter.column(ds, col.index)
    b.add(iri, RDF.type, CKG.TableColumn)
    label = re.sub(r"\s+", " ", col.label).strip()
    b.add(iri, RDFS.label, L(label))
    b.add(iri, CKG.columnIndex, L(col.index))
    b.add(iri, CKG.isTotal, L(bool(col.is_total)))
    if col.role:
        b.add(iri, CKG.role, L(col.role))
    if col.nature:
        b.add(iri, CKG.nature, L(col.nature))
    attrs = []
    if col.code:
        code = b.mig_concept(col.code)
        attrs.append((CKG.migCode, code))
        if label:       # the name a table gives the code; the nomenclature's is its prefLabel
            b.add(code, SKOS.altLabel, L(label, "fr"))
    envelope = classify(col.nature, "envelope") or dataset_envelope
    if envelope:
        attrs.append((CKG.envelope, envelope))
    activity = classify(col.nature, "activity")
    if activity:
        attrs.append((CKG.activityField, activity))
    if col.renewal and col.renewal.upper() in ("JPE", "R", "NR"):
        attrs.append((CKG.renewal, str(RENEWAL[col.renewal.upper()])))
    for p, o in attrs:
        b.add(iri, p, o)
    return iri, [(N(p), N(o)) for p, o in attrs]


# ---------------------------------------------------------------- prose mentions

def _mentions(b: Builder, mentions) -> None:
    act = b.activity("extractors.prose")
    for m in mentions:
        ev = m.evidence
        iri = b.minter.mention(b.doc.name, ev.start, ev.end, m.type)
        b.add(iri, RDF.type, CKG.Mention)
        b.add(iri, CKG.mentionType, L(m.type))
        b.add(iri, RDFS.label, L(m.text))
        b.add(iri, CKG.normalised, L(json.dumps(m.norm, ensure_ascii=False, sort_keys=True, default=str)))
        b.add(iri, CKG.inSection, section_of(b, ev.line))
        b.provenance(iri, ev, act)
        target = _identity(b, m)
        b.add(iri, CKG.denotes, target)
        if m.type == "amount" and m.norm.get("value") is not None:
            b.add(iri, CKG.amountEUR, L(Decimal(str(m.norm.get("value_eur", m.norm["value"])))))
            b.add(iri, CKG.currency, L(str(m.norm.get("currency") or "EUR")))
        if m.type == "measure" and target:
            _measure_codes(b, target, m.norm)
        b.mentions.append((m, iri))


def _measure_codes(b: Builder, measure: str, norm: dict) -> None:
    """A measure heading's markers (`MIG F21 JPE`, `(AC NR)`, `DAF MCO R`) as concepts."""
    if norm.get("code"):
        b.add(measure, CKG.migCode, b.mig_concept(str(norm["code"])))
    b.add(measure, CKG.envelope, classify(norm.get("envelope"), "envelope"))
    b.add(measure, CKG.activityField, classify(norm.get("field"), "activity"))
    renewal = str(norm.get("renewal") or "").upper()
    if renewal in ("JPE", "R", "NR"):
        b.add(measure, CKG.renewal, str(RENEWAL[renewal]))


def _identity(b: Builder, m) -> str | None:
    """The resource a mention designates, from its normalised identity."""
    norm = m.norm
    if m.type == "legal_ref":
        iri = b.minter.legal(norm)
        if iri:
            _legal(b, iri, norm)
        return iri
    if m.type == "mig_code" and norm.get("code"):
        return b.mig_concept(str(norm["code"]))
    if m.type == "region":
        if norm.get("former"):
            return region(f"{norm['former']}-2015")
        if norm.get("code"):
            return region(str(norm["code"]))
        return region_iri(m.text)
    if m.type == "measure":
        return b.sections.get(m.evidence.line)
    if m.type == "establishment":
        return b.establishment(str(norm.get("name") or m.text), norm.get("region"))
    return None


def _legal(b: Builder, iri: str, norm: dict) -> None:
    b.add(iri, RDF.type, ELI.LegalResource)
    kind = norm.get("kind")
    if kind:
        b.add(iri, CKG.legalKind, L(str(kind)))
    if norm.get("code"):
        b.add(iri, CKG.legalCode, L(str(norm["code"])))
    if norm.get("article"):
        b.add(iri, ELI.id_local, L(str(norm["article"])))
        if norm.get("article_end"):
            b.add(iri, CKG.articleEnd, L(str(norm["article_end"])))
        label = f"{norm.get('code', '')} {norm['article']}" + (f" à {norm['article_end']}" if norm.get("article_end") else "")
        if norm.get("code"):           # the article is part of its code, one node per code
            code = b.minter.legal_code(str(norm["code"]))
            b.add(iri, ELI.is_part_of, code)
            b.add(code, RDF.type, ELI.LegalResource)
            b.add(code, CKG.legalKind, L("code"))
            b.add(code, CKG.legalCode, L(str(norm["code"])))
            b.add(code, RDFS.label, L(str(norm["code"])))
            b.add(code, RDFS.seeAlso, norm.get("uri"))
    else:
        if norm.get("number"):
            b.add(iri, ELI.id_local, L(str(norm["number"])))
        if norm.get("date"):
            try:
                b.add(iri, ELI.date_document, L(date.fromisoformat(str(norm["date"]))))
            except ValueError:
                pass
        label = " ".join(str(x) for x in (kind, norm.get("number"), norm.get("date")) if x)
    b.add(iri, RDFS.label, L(label.strip()))
    if norm.get("uri") and not norm.get("article"):
        b.add(iri, RDFS.seeAlso, str(norm["uri"]))


# ---------------------------------------------------------------- entry points

def _prose(doc):
    """The prose mentions of one document."""
    from extractors.prose import extract_mentions
    return extract_mentions([doc])[0]


def document_graph(doc, base: str = DEFAULT_BASE, *, tables=None, mentions=None):
    """(graph IRI, sorted quads) for a document, its graph named after its file name.
    `tables` and `mentions` may be given (tests); else the extractors run."""
    from kg import link

    b = Builder(doc, Minter(base))
    _document(b)
    _circular(b, extract_circular(doc))
    mentions = _prose(doc) if mentions is None else mentions
    for m in mentions:
        if m.type == "establishment":
            b.row_mentions.setdefault(m.evidence.line, []).append(m)
    _tables(b, extract_tables(doc) if tables is None else tables)
    _mentions(b, mentions)
    link.link_document(b)
    return b.graph, sorted(b.quads, key=str)


def ontology_graph():
    """(graph IRI, quads): the ontology and the reference code lists, in their own graph."""
    graph = ox.NamedNode(ONTOLOGY)
    quads = []
    for name in ontology.graph_files():
        for t in ox.parse(ontology.read(name).encode("utf-8"), format=ox.RdfFormat.TURTLE):
            quads.append(ox.Quad(t.subject, t.predicate, t.object, graph))
    return graph, quads
