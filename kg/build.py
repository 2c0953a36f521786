"""DocumentFacts → RDF quads for one document, in that document's named graph, and
nothing else: no text is read and nothing is resolved here (extractors/ did both).

Per document: the source file, the circular (number, NOR, date, issuer, title, campaign
year, annexes, sections), each amount table as a qb:DataSet of qb:Observations (row,
column, today's and printed region, year: the cube's dimensions; value in euros, value
and unit as printed, renewal, envelope, is-total), each printed total recomputed
(ckg:TotalCheck), the MIG nomenclature as SKOS concepts, the prose mentions with their
normalised identity, and the links of extractors/resolve (measures ↔ columns, prose
amounts ↔ table totals, citations). Every observation and mention is
prov:wasDerivedFrom a source span (document, page, line, offsets, exact quote with
context) and prov:wasGeneratedBy an extraction activity naming the software version
and extractor. All quads of a document are built before the store is touched."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache

import pyoxigraph as ox

import ontology
from extractors import __version__
from extractors.facts import DocumentFacts
from extractors.numbers import UNITS
from kg.iri import DEFAULT_BASE, Minter, mig, region
from kg.vocab import (ACTIVITY, CKG, DCTERMS, ELI, ENVELOPE, OA, ONTOLOGY, PROV, QB, RDF, RDFS, RENEWAL,
                      SCHEMES, SDO, SKOS, XSD)

__all__ = ["DEFAULT_BASE", "document_graph", "ontology_graph", "Builder"]

CONTEXT = 40      # characters of context kept either side of a quote


@lru_cache(maxsize=4096)           # the vocabulary's terms; minted IRIs pass through
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


# ---------------------------------------------------------------- the builder

@dataclass
class Builder:
    """Collects the quads of one document graph, and the IRIs its facts were given."""
    facts: DocumentFacts
    minter: Minter
    quads: set = field(default_factory=set)
    circular: str = ""
    sections: dict = field(default_factory=dict)      # heading line → section/annex IRI
    mentions: list = field(default_factory=list)      # mention IRI, by mention index
    observations: dict = field(default_factory=dict)  # (table id, row, column) -> its observation IRI

    def __post_init__(self):
        self.doc = self.facts.document
        self.graph = ox.NamedNode(self.minter.graph(self.doc.name))
        self.reference = ox.NamedNode(self.minter.reference_graph())
        self.document = self.minter.document(self.doc.name)
        self._scoped = self.minter.scoped(self.doc.name)

    def add(self, s, p, o) -> None:
        """A triple about one of the document's own resources goes to its graph; one about
        a shared term (legal text, establishment, MIG code…) to the reference graph."""
        if o is None:
            return
        s = s if isinstance(s, ox.NamedNode) else ox.NamedNode(s)
        p = p if isinstance(p, ox.NamedNode) else N(p)
        if not isinstance(o, (ox.NamedNode, ox.Literal)):
            o = ox.NamedNode(o)
        own = s.value == self.document or s.value.startswith(self._scoped)
        self.quads.add(ox.Quad(s, p, o, self.graph if own else self.reference))

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

    def establishment(self, name: str, today: str | None) -> str:
        """An establishment, one node per canonical name across documents, placed in
        today's region (the same place whichever year's map a document uses)."""
        iri = self.minter.establishment(name)
        self.add(iri, RDF.type, SDO.Hospital)
        self.add(iri, SDO.name, L(name))
        if today:
            self.add(iri, CKG.region, region(today))
        return iri

    def observation(self, table_id: str, row: int, column: int) -> str | None:
        """The observation IRI of a cell, when the cell became one."""
        return self.observations.get((table_id, row, column))

    def section_of(self, line: int | None) -> str:
        """IRI of the section whose heading is on `line` (the circular outside any)."""
        return self.sections.get(line, self.circular) if line is not None else self.circular


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
    iri = b.circular = b.minter.circular(b.doc.name, circ.number, circ.kind)
    act = b.activity("extractors.circular")
    b.add(iri, RDF.type, CKG.Circular)
    b.add(iri, RDF.type, ELI.LegalResource)
    b.add(iri, CKG.sourceDocument, b.document)
    b.add(iri, PROV.wasGeneratedBy, act)
    b.add(iri, CKG.legalKind, L(circ.kind))
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
    iris = []
    for s in b.doc.sections:
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


def _annex(b: Builder, number: str, title: str | None = None) -> str:
    """An annex by its number, as roman numerals (extractors normalise `1` to `I`)."""
    iri = b.minter.annex(b.circular, number)
    b.add(iri, RDF.type, CKG.Annex)
    b.add(iri, RDF.type, ELI.LegalResourceSubdivision)
    b.add(iri, CKG.annexNumber, L(number))
    b.add(iri, ELI.is_part_of, b.circular)
    b.add(b.circular, ELI.has_part, iri)
    if title:
        b.add(iri, ELI.title, L(title, "fr"))
    return iri


# ---------------------------------------------------------------- tables

def _tables(b: Builder) -> None:
    act = b.activity("extractors.tables")
    for table in b.facts.tables:
        if table.kind == "nomenclature":
            _nomenclature(b, table, act)
        else:
            _dataset(b, table, act)
    for result in b.facts.checks:
        _total_check(b, result, act)


def _nomenclature(b: Builder, table, act: str) -> None:
    """A MIG nomenclature (code, label, year) gives the labels of the MIG code list."""
    by_row: dict[int, list] = {}
    for cell in table.cells:
        by_row.setdefault(cell.row, []).append(cell)
    for row in table.rows:
        code = b.facts.links.nomenclature.get((table.id, row.index))
        if code is None:
            continue
        iri = b.mig_concept(code)
        for cell in by_row.get(row.index, []):
            role = table.columns[cell.column].role
            if role == "label" or (role is None and cell.value is None):
                b.add(iri, SKOS.prefLabel, L(" ".join(cell.text.split()), "fr"))
                b.provenance(iri, cell.evidence, act)
            elif role == "year" and cell.value is not None:
                b.add(iri, CKG.creationYear, ox.Literal(f"{int(cell.value):04d}", datatype=N(XSD.gYear)))


def _dataset(b: Builder, table, act: str) -> None:
    links = b.facts.links
    ds = b.minter.dataset(table.id)
    b.add(ds, RDF.type, QB.DataSet)
    b.add(ds, QB.structure, CKG.allocationStructure)
    b.add(ds, RDFS.label, L(table.title, "fr"))
    b.add(ds, DCTERMS.identifier, L(table.id))
    b.add(ds, CKG.circular, b.circular)
    b.add(ds, PROV.wasGeneratedBy, act)
    envelope = links.datasets.get(table.id)
    if envelope:
        b.add(ds, CKG.envelope, ENVELOPE[envelope])
    if table.unit:
        b.add(ds, CKG.unit, L(table.unit))
    if table.annex:
        b.add(ds, DCTERMS.isPartOf, _annex(b, table.annex))
    for issue in table.issues:
        b.add(ds, CKG.issue, L(issue))
    rows = [_row(b, ds, table, row) for row in table.rows]
    cols = [_column(b, ds, table, col) for col in table.columns]
    numbers = [c for c in table.cells if c.value is not None]
    quantities = [c for c in numbers if table.columns[c.column].role in QUANTITY_UNITS]
    if quantities:
        _observations(b, table, _quantity_dataset(b, table, ds, act), quantities, rows, cols, act)
    amounts = [c for c in numbers if table.columns[c.column].is_amount]
    priced = [c for c in amounts if table.unit_of(table.columns[c.column]) in UNITS]
    if len(priced) < len(amounts):
        b.add(ds, CKG.issue, L(f"unit not printed: {len(amounts) - len(priced)} cells kept out of the cube"))
    if priced:
        _observations(b, table, ds, priced, rows, cols, act)


# columns whose cells are quantities, not amounts, and the unit they are counted in
QUANTITY_UNITS = {"count": "nombre", "percent": "%"}


def _quantity_dataset(b: Builder, table, ds: str, act: str) -> str:
    """The table's counts and percentages: a dataset of their own (the allocation cube
    measures euros only), part of the same table's dataset."""
    qds = ds + "/quantities"
    b.add(qds, RDF.type, QB.DataSet)
    b.add(qds, QB.structure, CKG.quantityStructure)
    b.add(qds, RDFS.label, L(f"{table.title} (quantités)", "fr"))
    b.add(qds, DCTERMS.identifier, L(table.id + "/quantities"))
    b.add(qds, DCTERMS.isPartOf, ds)
    b.add(qds, CKG.circular, b.circular)
    b.add(qds, PROV.wasGeneratedBy, act)
    return qds


def _observations(b: Builder, table, ds: str, cells, rows, cols, act: str) -> None:
    """One qb:Observation per cell: an amount (in euros and in the table's unit) in the
    table's dataset, a count or percentage in its quantities dataset."""
    links = b.facts.links
    year = b.facts.circular.year
    for cell in cells:
        col = table.columns[cell.column]
        row = table.rows[cell.row]
        (row_iri, row_attrs), (col_iri, col_attrs) = rows[cell.row], cols[cell.column]
        obs = b.minter.observation(ds, row.index, col.index)
        b.observations[(table.id, row.index, col.index)] = obs
        b.add(obs, RDF.type, QB.Observation)
        b.add(obs, QB.dataSet, ds)
        b.add(obs, CKG.row, row_iri)
        b.add(obs, CKG.column, col_iri)
        for p, o in _region_dimensions(links.rows.get((table.id, row.index)), row):
            b.add(obs, p, o)
        b.add(obs, CKG.year, L(year) if year else None)
        if col.is_amount:
            unit = UNITS[table.unit_of(col)]
            b.add(obs, CKG.amountEUR, L(unit.to_eur(cell.value)))
            b.add(obs, CKG.unit, L(unit.symbol))
            b.add(obs, CKG.currency, L(unit.currency))
        else:
            b.add(obs, CKG.quantity, L(cell.value))
            b.add(obs, CKG.unit, L(QUANTITY_UNITS[col.role]))
        b.add(obs, CKG.valueInUnit, L(cell.value))
        b.add(obs, CKG.printedValue, L(cell.text))
        b.add(obs, CKG.circular, b.circular)
        b.add(obs, CKG.isTotal, L(bool(row.is_total or col.is_total)))
        b.add(obs, CKG.ambiguous, L(bool(cell.ambiguous or row.ambiguous)))
        for reading in cell.readings:
            b.add(obs, CKG.candidate, L(reading))
        for p, o in row_attrs + col_attrs:
            b.add(obs, p, o)
        b.provenance(obs, cell.evidence, act)


def _region_dimensions(entity, row) -> list:
    """The two region dimensions of an observation: today's region and the region as
    printed; a row naming no region still has both, `none` (a total or an establishment
    placed nowhere) or `unknown` (its label is in doubt), so every observation has every
    dimension of the cube."""
    if entity is None or entity.region is None:
        code = region("unknown" if row.ambiguous and not row.printed_label else "none")
        return [(CKG.currentRegion, code), (CKG.printedRegion, code)]
    return [(CKG.currentRegion, region(entity.today)), (CKG.printedRegion, region(entity.region))]


def _row(b: Builder, ds: str, table, row):
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
    entity = b.facts.links.rows.get((table.id, row.index))
    attrs = []
    if entity is not None and entity.establishment:
        attrs.append((CKG.establishment, b.establishment(entity.establishment, entity.establishment_region)))
    if entity is not None and entity.region:
        attrs.append((CKG.region, region(entity.region)))
    for p, o in attrs:
        b.add(iri, p, o)
    return iri, [(N(p), N(o)) for p, o in attrs]


def _column(b: Builder, ds: str, table, col):
    iri = b.minter.column(ds, col.index)
    b.add(iri, RDF.type, CKG.TableColumn)
    b.add(iri, RDFS.label, L(col.name))
    b.add(iri, CKG.columnIndex, L(col.index))
    b.add(iri, CKG.isTotal, L(bool(col.is_total)))
    b.add(iri, CKG.circular, b.circular)          # materialised: queries reach it without the cells
    if b.facts.links.last_totals.get(table.id) == col.index:
        b.add(iri, CKG.lastTotal, L(True))
    if (table.id, col.index) in b.facts.links.column_sums:
        cells, euros = b.facts.links.column_sums[(table.id, col.index)]
        b.add(iri, CKG.cellCount, L(cells))
        b.add(iri, CKG.sumEUR, L(euros))
    if col.role:
        b.add(iri, CKG.role, L(col.role))
    if col.nature:
        b.add(iri, CKG.nature, L(col.nature))
    attrs = []
    if col.code:
        code = b.mig_concept(col.code)
        attrs.append((CKG.migCode, code))
        if col.name:    # the name a table gives the code; the nomenclature's is its prefLabel
            b.add(code, SKOS.altLabel, L(col.name, "fr"))
    codes = b.facts.links.columns.get((table.id, col.index))
    if codes is not None:
        attrs += [(p, ns[v]) for p, ns, v in ((CKG.envelope, ENVELOPE, codes.envelope),
                                             (CKG.activityField, ACTIVITY, codes.activity),
                                             (CKG.renewal, RENEWAL, codes.renewal)) if v]
    for p, o in attrs:
        b.add(iri, p, o)
    return iri, [(N(p), N(o)) for p, o in attrs]


def _total_check(b: Builder, r, act: str) -> None:
    """A printed total recomputed from its parts: stated, computed and tolerance in the
    table's unit, its observations when the table has a unit, its readings left open."""
    ds = b.minter.dataset(r.table)
    (trow, tcol) = r.check.total
    table = next(t for t in b.facts.tables if t.id == r.table)
    iri = b.minter.total_check(ds, r.check.kind, trow, tcol)
    b.add(iri, RDF.type, CKG.TotalCheck)
    b.add(iri, RDFS.label, L(f"{table.rows[trow].label} × {table.columns[tcol].name}"))
    b.add(iri, CKG.inTable, ds)
    b.add(iri, CKG.checkKind, L(r.check.kind))
    b.add(iri, CKG.checkedTotal, b.observation(r.table, trow, tcol))
    for cell in r.parts:
        b.add(iri, CKG.addend, b.observation(r.table, cell.row, cell.column))
    b.add(iri, CKG.stated, L(r.stated))
    b.add(iri, CKG.computed, L(r.computed))
    b.add(iri, CKG.tolerance, L(r.tolerance))
    b.add(iri, CKG.reconciled, L(r.ok))
    b.add(iri, CKG.ambiguous, L(r.ambiguous))
    for c in r.candidates:
        b.add(iri, CKG.candidate, L(c))
    b.provenance(iri, r.total.evidence, act)


# ---------------------------------------------------------------- prose mentions

def _mentions(b: Builder) -> None:
    act = b.activity("extractors.prose")
    links = b.facts.links
    for i, m in enumerate(b.facts.mentions):
        ev = m.evidence
        iri = b.minter.mention(b.doc.name, ev.start, ev.end, m.type)
        b.mentions.append(iri)
        b.add(iri, RDF.type, CKG.Mention)
        b.add(iri, CKG.mentionType, L(m.type))
        b.add(iri, RDFS.label, L(m.text))
        b.add(iri, CKG.normalised, L(json.dumps(m.norm, ensure_ascii=False, sort_keys=True, default=str)))
        b.add(iri, CKG.inSection, b.section_of(m.section_line))
        b.provenance(iri, ev, act)
        if m.type == "legal_ref":
            target = _legal(b, links.legal[i]) if i in links.legal else None
        elif m.type == "mig_code" and m.code:
            target = b.mig_concept(m.code)
        elif m.type == "region":
            target = region(links.regions[i]) if i in links.regions else None
        elif m.type == "measure":
            target = b.sections.get(ev.line)
            if target:
                _measure_codes(b, target, m, i)
        elif m.type == "establishment":
            cited = links.establishments[i]
            target = b.establishment(cited.name, cited.region)
        else:
            target = None
        b.add(iri, CKG.denotes, target)
        if m.type == "amount" and m.value is not None:
            b.add(iri, CKG.amountEUR, L(m.value_eur if m.value_eur is not None else m.value))
            b.add(iri, CKG.currency, L(m.currency or "EUR"))


def _measure_codes(b: Builder, measure: str, m, index: int) -> None:
    """A measure heading's markers (`MIG F21 JPE`, `(AC NR)`, `DAF MCO R`) as concepts."""
    if m.code:
        b.add(measure, CKG.migCode, b.mig_concept(m.code))
    codes = b.facts.links.measure_codes.get(index)
    if codes is not None:
        b.add(measure, CKG.envelope, ENVELOPE[codes.envelope] if codes.envelope else None)
        b.add(measure, CKG.activityField, ACTIVITY[codes.activity] if codes.activity else None)
        b.add(measure, CKG.renewal, RENEWAL[codes.renewal] if codes.renewal else None)


def legal_iri(minter: Minter, ident) -> str | None:
    """The node of the text or code article a legal identity designates."""
    return minter.legal(kind=ident.iri_kind or ident.kind, code=ident.code, article=ident.article,
                        article_end=ident.article_end, number=ident.number, date=ident.date, title=ident.title)


def _legal(b: Builder, ident) -> str | None:
    """The legal node of a reference, with its kind, identity and its one French label;
    the document's own circular keeps the title its header gives it."""
    iri = legal_iri(b.minter, ident)
    if iri is None:
        return None
    b.add(iri, RDF.type, ELI.LegalResource)
    b.add(iri, CKG.legalKind, L(ident.kind))
    if ident.code and ident.article:
        b.add(iri, CKG.legalCode, L(ident.code))
        b.add(iri, ELI.id_local, L(ident.article))
        if ident.article_end:
            b.add(iri, CKG.articleEnd, L(ident.article_end))
        code = b.minter.legal_code(ident.code)
        b.add(iri, ELI.is_part_of, code)
        b.add(code, RDF.type, ELI.LegalResource)
        b.add(code, CKG.legalKind, L("code"))
        b.add(code, CKG.legalCode, L(ident.code))
        b.add(code, RDFS.label, L(ident.code_name, "fr"))
        b.add(code, RDFS.seeAlso, ident.uri)
        b.add(iri, RDFS.label, L(ident.label, "fr"))
        return iri
    if ident.number:
        b.add(iri, ELI.id_local, L(ident.number))
    if ident.date:
        try:
            b.add(iri, ELI.date_document, L(date.fromisoformat(ident.date)))
        except ValueError:
            pass
    b.add(iri, RDFS.seeAlso, ident.uri)
    if iri != b.circular:          # the document itself is labelled with its own title
        b.add(iri, RDFS.label, L(ident.label, "fr"))
    return iri


# ---------------------------------------------------------------- links

def _links(b: Builder) -> None:
    """The links of extractors/resolve: measures ↔ columns, prose amounts ↔ table totals,
    and the texts each part of the document cites."""
    links = b.facts.links
    for link in links.measures:
        m = link.measure
        iri = b.sections[m.heading_line] if m.heading_line is not None else b.mentions[m.mention]
        b.add(iri, RDF.type, CKG.Measure)
        b.add(iri, CKG.linkMethod, L(link.method))
        for table_id, index in link.columns:
            col = b.minter.column(b.minter.dataset(table_id), index)
            b.add(iri, CKG.fundedBy, col)
            b.add(col, CKG.describedBy, iri)
    for check in links.amount_checks:
        _amount_check(b, check)
    for i, ident in sorted(links.legal.items()):
        target = legal_iri(b.minter, ident)
        if target is None or target == b.circular:
            continue
        part = b.section_of(b.facts.mentions[i].section_line)
        b.add(part, ELI.cites, target)
        if part != b.circular:
            b.add(b.circular, ELI.cites, target)


def _amount_check(b: Builder, check) -> None:
    m = b.facts.mentions[check.mention]
    iri = b.minter.check(b.doc.name, m.evidence.start, m.evidence.end)
    b.add(iri, RDF.type, CKG.AmountCheck)
    b.add(iri, CKG.proseAmount, b.mentions[check.mention])
    for key in check.totals:
        b.add(iri, CKG.tableTotal, b.observation(*key))
    b.add(iri, CKG.statedEUR, L(check.stated))
    b.add(iri, CKG.computedEUR, L(check.computed))
    b.add(iri, CKG.toleranceEUR, L(check.tolerance))
    b.add(iri, CKG.reconciled, L(check.reconciled))
    verdict = "reconciles with" if check.reconciled else "does not reconcile with"
    b.add(iri, RDFS.comment,
          L(f"line {m.evidence.line}: {m.text!s} = {check.stated} € {verdict} the table total {check.computed} € "
            f"(difference {check.stated - check.computed} €, tolerance {check.tolerance} €)"))


# ---------------------------------------------------------------- entry points

def document_graph(facts: DocumentFacts, base: str = DEFAULT_BASE):
    """(graph IRI, sorted quads) for a document's facts: its own facts in its graph, named
    after its file name; what it says of shared terms in the reference graph."""
    b = Builder(facts, Minter(base))
    _document(b)
    _circular(b, facts.circular)
    _tables(b)
    _mentions(b)
    _links(b)
    return b.graph, sorted(b.quads, key=str)


def ontology_graph():
    """(graph IRI, quads): the ontology and the reference code lists, in their own graph."""
    graph = ox.NamedNode(ONTOLOGY)
    quads = []
    for name in ontology.graph_files():
        for t in ox.parse(ontology.read(name).encode("utf-8"), format=ox.RdfFormat.TURTLE):
            quads.append(ox.Quad(t.subject, t.predicate, t.object, graph))
    return graph, quads
