"""Every vocabulary the graph uses, as closed namespaces: a misspelt term raises
instead of minting a new IRI. `CKG`, `ELI` and `OA` list exactly the terms declared in
ontology/ckg.ttl, `ENVELOPE`, `ACTIVITY` and `RENEWAL` the concepts of ontology/codes.ttl
(tests/test_ontology.py checks both); the W3C vocabularies come closed from rdflib.
Regions and MIG codes stay open namespaces: their members are data."""
from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, QB, RDF, RDFS, SDO, SH, SKOS, XSD, DefinedNamespace

ONTOLOGY = "https://circulaires-kg.example.org/ontology"
CODE = "https://circulaires-kg.example.org/code/"


class CKG(DefinedNamespace):
    """The project's own terms (ontology/ckg.ttl)."""
    _fail = True
    _NS = Namespace(ONTOLOGY + "#")

    ActivityField: URIRef
    AmountCheck: URIRef
    Annex: URIRef
    Circular: URIRef
    Envelope: URIRef
    Measure: URIRef
    Mention: URIRef
    MigCode: URIRef
    Region: URIRef
    RenewalNature: URIRef
    Section: URIRef
    SourceDocument: URIRef
    TableColumn: URIRef
    TableRow: URIRef
    TotalCheck: URIRef
    activityField: URIRef
    addend: URIRef
    allocationStructure: URIRef
    componentQuantity: URIRef
    quantityStructure: URIRef
    ambiguous: URIRef
    amountEUR: URIRef
    quantity: URIRef
    annexNumber: URIRef
    articleEnd: URIRef
    campaignYear: URIRef
    candidate: URIRef
    cellCount: URIRef
    checkKind: URIRef
    checkedTotal: URIRef
    circular: URIRef
    column: URIRef
    columnIndex: URIRef
    componentActivityField: URIRef
    componentAmbiguous: URIRef
    componentAmount: URIRef
    componentCircular: URIRef
    componentColumn: URIRef
    componentCurrentRegion: URIRef
    componentCurrency: URIRef
    componentEnvelope: URIRef
    componentEstablishment: URIRef
    componentIsTotal: URIRef
    componentMigCode: URIRef
    componentPrintedRegion: URIRef
    componentPrintedValue: URIRef
    componentRegion: URIRef
    componentRenewal: URIRef
    componentRow: URIRef
    componentUnit: URIRef
    componentValueInUnit: URIRef
    componentYear: URIRef
    computed: URIRef
    computedEUR: URIRef
    creationYear: URIRef
    currency: URIRef
    currentRegion: URIRef
    denotes: URIRef
    describedBy: URIRef
    envelope: URIRef
    establishment: URIRef
    extractor: URIRef
    fundedBy: URIRef
    groups: URIRef
    headingLabel: URIRef
    inSection: URIRef
    inTable: URIRef
    inseeCode: URIRef
    isTotal: URIRef
    lastTotal: URIRef
    issue: URIRef
    legalCode: URIRef
    legalKind: URIRef
    line: URIRef
    linkMethod: URIRef
    mentionType: URIRef
    migCode: URIRef
    nature: URIRef
    nor: URIRef
    normalised: URIRef
    page: URIRef
    printedLabel: URIRef
    printedRegion: URIRef
    printedValue: URIRef
    proseAmount: URIRef
    reconciled: URIRef
    region: URIRef
    renewal: URIRef
    role: URIRef
    row: URIRef
    rowIndex: URIRef
    sha256: URIRef
    sourceDocument: URIRef
    stated: URIRef
    sumEUR: URIRef
    statedEUR: URIRef
    tableTotal: URIRef
    todayRegion: URIRef
    tolerance: URIRef
    toleranceEUR: URIRef
    unit: URIRef
    valueInUnit: URIRef
    year: URIRef


class ELI(DefinedNamespace):
    """European Legislation Identifier: the terms reused here."""
    _fail = True
    _NS = Namespace("http://data.europa.eu/eli/ontology#")

    Agent: URIRef
    LegalResource: URIRef
    LegalResourceSubdivision: URIRef
    cites: URIRef
    date_document: URIRef
    has_part: URIRef
    id_local: URIRef
    is_part_of: URIRef
    passed_by: URIRef
    title: URIRef


class OA(DefinedNamespace):
    """Web Annotation: the selector terms reused here."""
    _fail = True
    _NS = Namespace("http://www.w3.org/ns/oa#")

    FragmentSelector: URIRef
    SpecificResource: URIRef
    TextPositionSelector: URIRef
    TextQuoteSelector: URIRef
    end: URIRef
    exact: URIRef
    hasSelector: URIRef
    hasSource: URIRef
    prefix: URIRef
    start: URIRef
    suffix: URIRef


class ENVELOPE(DefinedNamespace):
    """Funding envelopes (ontology/codes.ttl)."""
    _fail = True
    _NS = Namespace(CODE + "envelope/")
    _extras = ["PSY-POP", "PSY-FA"]

    MIGAC: URIRef
    MIG: URIRef
    AC: URIRef
    DAF: URIRef
    DG: URIRef
    DAC: URIRef
    USLD: URIRef
    PSY: URIRef
    SMR: URIRef
    FIR: URIRef


class ACTIVITY(DefinedNamespace):
    """Activity fields (ontology/codes.ttl)."""
    _fail = True
    _NS = Namespace(CODE + "activity/")

    MCO: URIRef
    PSY: URIRef
    SMR: URIRef
    USLD: URIRef
    HAD: URIRef


class RENEWAL(DefinedNamespace):
    """Renewal natures (ontology/codes.ttl)."""
    _fail = True
    _NS = Namespace(CODE + "renewal/")

    R: URIRef
    NR: URIRef
    JPE: URIRef


class SCHEMES(DefinedNamespace):
    """The concept schemes (ontology/ckg.ttl)."""
    _fail = True
    _NS = Namespace(CODE)
    _extras = ["activity-fields"]

    regions: URIRef
    envelopes: URIRef
    renewals: URIRef
    mig: URIRef


# open: their members are data (regions from ontology/regions.ttl, MIG codes from the corpus)
REGION = Namespace(CODE + "region/")
MIG = Namespace(CODE + "mig/")

PREFIXES = {
    "ckg": ONTOLOGY + "#", "code": CODE, "reg": str(REGION), "env": str(ENVELOPE._NS),
    "act": str(ACTIVITY._NS), "ren": str(RENEWAL._NS), "mig": str(MIG), "eli": str(ELI._NS), "oa": str(OA._NS), "qb": str(QB),
    "prov": str(PROV), "skos": str(SKOS), "schema": str(SDO), "dct": str(DCTERMS), "rdf": str(RDF),
    "rdfs": str(RDFS), "xsd": str(XSD), "owl": str(OWL), "sh": str(SH),
}

__all__ = ["CKG", "ELI", "OA", "QB", "PROV", "SKOS", "SDO", "DCTERMS", "RDF", "RDFS", "XSD", "OWL", "SH",
           "REGION", "ENVELOPE", "ACTIVITY", "RENEWAL", "MIG", "SCHEMES", "PREFIXES", "URIRef"]
