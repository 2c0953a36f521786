"""The ontology files: they parse, every own term is documented in French and English,
kg/vocab.py names exactly the terms they declare, and extractors/regions.py reads the
regions the reference code lists hold."""
from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

import ontology
from extractors import regions
from kg import vocab
from kg.vocab import ACTIVITY, CKG, ELI, ENVELOPE, OA, REGION, RENEWAL

CKS = "https://circulaires-kg.example.org/shapes#"


@pytest.fixture(scope="module")
def onto():
    return rdflib.Graph().parse(data=ontology.read(ontology.ONTOLOGY), format="turtle")


@pytest.fixture(scope="module")
def reference():
    g = rdflib.Graph()
    for name in ontology.REFERENCE:
        g.parse(data=ontology.read(name), format="turtle")
    return g


def declared(g, ns) -> set[str]:
    return {str(s)[len(ns):] for s in g.subjects() if str(s).startswith(ns)}


def test_files_are_found_through_the_package():
    for name in ontology.graph_files() + [ontology.SHAPES]:
        assert ontology.path(name).is_file(), name
        rdflib.Graph().parse(data=ontology.read(name), format="turtle")


@pytest.mark.parametrize("ns_class", [CKG, ELI, OA])
def test_vocab_names_exactly_the_declared_terms(onto, ns_class):
    ns = str(ns_class._NS)
    assert set(ns_class.__annotations__) == declared(onto, ns)


@pytest.mark.parametrize("ns_class", [ENVELOPE, ACTIVITY, RENEWAL])
def test_closed_code_lists_name_exactly_the_concepts_of_codes_ttl(reference, ns_class):
    ns = str(ns_class._NS)
    concepts = {str(s)[len(ns):] for s in reference.subjects(SKOS.inScheme, None) if str(s).startswith(ns)}
    assert set(ns_class.__annotations__) | set(ns_class._extras) == concepts


def test_a_misspelt_term_fails():
    with pytest.raises(AttributeError):
        CKG.amountEuro
    with pytest.raises(AttributeError):
        ELI.cite
    with pytest.raises(AttributeError):
        RENEWAL["NRR"]


def test_every_own_class_and_property_is_documented_in_french_and_english(onto):
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}
    terms = {s for k in kinds for s in onto.subjects(RDF.type, k)}
    assert CKG.Circular in terms and CKG.amountEUR in terms
    for term in terms:
        for p in (RDFS.label, RDFS.comment):
            langs = {o.language for o in onto.objects(term, p)}
            assert {"fr", "en"} <= langs, (term, p)


def test_the_data_structure_has_five_dimensions_and_one_measure(onto):
    QB = rdflib.Namespace("http://purl.org/linked-data/cube#")
    comps = list(onto.objects(CKG.allocationStructure, QB.component))
    dims = {onto.value(c, QB.dimension) for c in comps} - {None}
    measures = {onto.value(c, QB.measure) for c in comps} - {None}
    assert dims == {CKG.row, CKG.column, CKG.currentRegion, CKG.printedRegion, CKG.year}
    assert measures == {CKG.amountEUR}
    assert all(onto.value(d, RDFS.range) for d in dims)


def test_regions_read_from_the_turtle_have_the_expected_members(reference):
    assert len(regions.CURRENT) == 18 and len(regions.FORMER) == 16
    assert {r.code for r in regions.AGGREGATES} == {"FRM", "DOM", "FR"}
    assert {r.code for r in regions.CURRENT if r.overseas} == {"01", "02", "03", "04", "06"}
    assert {(r.name, r.successor) for r in regions.FORMER} >= {
        ("Alsace", "44"), ("Nord-Pas-de-Calais", "32"), ("Limousin", "75"), ("Rhône-Alpes", "84")}
    assert regions.find_region("PACA").code == "93" and regions.BY_CODE["04"].aliases == ("Réunion",)
    assert regions.BY_CODE["DOM"].overseas and regions.BY_CODE["FR"].aggregate
    assert len(set(reference.subjects(RDF.type, CKG.Region))) == len(regions.ALL)


def test_aggregates_group_what_they_sum(reference):
    def members(code):
        return {str(o).rsplit("/", 1)[1] for o in reference.objects(REGION[code], CKG.groups)}
    assert members("FR") == {"FRM", "DOM"}
    assert members("DOM") == {"01", "02", "03", "04", "06"}
    assert members("FRM") == {r.code for r in regions.CURRENT if not r.overseas}
    # Alsace, Lorraine and Champagne-Ardenne became Grand Est
    assert {str(s) for s in reference.subjects(CKG.todayRegion, REGION["44"])} == {
        str(REGION[c]) for c in ("44", "42-2015", "41-2015", "21-2015")}


def test_code_lists(reference):
    def notations(scheme):
        return {str(reference.value(c, SKOS.notation))
                for c in reference.subjects(SKOS.inScheme, rdflib.URIRef(vocab.CODE + scheme))}
    assert notations("renewals") == {"R", "NR", "JPE"}
    assert {"MIGAC", "MIG", "AC", "DAF", "DAC", "USLD", "PSY", "SMR", "DG", "FIR"} <= notations("envelopes")
    assert notations("activity-fields") == {"MCO", "PSY", "SMR", "USLD", "HAD"}
    assert reference.value(ENVELOPE.MIG, SKOS.broader) == ENVELOPE.MIGAC
    assert (RENEWAL.JPE, RDF.type, CKG.RenewalNature) in reference


def test_shapes_reject_an_observation_without_its_amount_or_quantity():
    """The shapes are live: a bare observation breaks several of them, among them the
    one that wants exactly one of an amount and a quantity."""
    import pyoxigraph as ox

    from kg.validate import validate_store
    store = ox.Store()
    for name in ontology.graph_files():
        store.load(ontology.read(name).encode(), format=ox.RdfFormat.TURTLE)
    obs = ox.NamedNode("http://example.org/obs")
    store.add(ox.Quad(obs, ox.NamedNode(str(RDF.type)), ox.NamedNode("http://purl.org/linked-data/cube#Observation")))
    report = validate_store(store)
    assert not report.conforms
    found = [v for v in report.violations if v.focus == obs.value]
    assert str(CKG.row) in {v.path for v in found}
    assert [v.shape for v in found if v.path is None] == [CKS + "ObservationShape"]
