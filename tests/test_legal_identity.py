"""One identity per legal text in the graph (issue 12): labels, ids, texts of one date,
a law cited by name, by date and by number."""
from extractors.facts import Evidence, LegalReference
from extractors.resolve.legal import identity
from kg.build import legal_iri
from kg.iri import DEFAULT_BASE, Minter

LEGAL_TEXTS = """?t a eli:LegalResource . FILTER(!CONTAINS(STR(?t), "/legal/code/"))"""


def test_no_legal_text_labelled_with_none(sparql):
    rows = sparql(f"""SELECT ?t ?label WHERE {{ {LEGAL_TEXTS} ?t rdfs:label ?label .
        FILTER(CONTAINS(?label, "None")) }}""")
    assert rows == []


def test_one_label_per_language_per_legal_text(sparql):
    rows = sparql(f"""SELECT ?t ?lang (COUNT(DISTINCT ?label) AS ?n) WHERE {{ {LEGAL_TEXTS}
        ?t rdfs:label ?label . BIND(LANG(?label) AS ?lang) }} GROUP BY ?t ?lang HAVING (COUNT(DISTINCT ?label) > 1)""")
    assert rows == []


def test_a_law_cited_for_an_article_is_the_law(sparql):
    rows = sparql("""SELECT DISTINCT ?id ?label WHERE { <%slegal/loi/2003-1199> eli:id_local ?id ; rdfs:label ?label }"""
                  % DEFAULT_BASE)
    assert rows == [("2003-1199", "Loi n° 2003-1199 du 18 décembre 2003 de financement de la sécurité sociale pour 2004")]


def test_two_arretes_of_one_date_with_different_titles_are_two_nodes(sparql):
    rows = sparql("""SELECT DISTINCT ?t WHERE { ?t a eli:LegalResource ; ckg:legalKind "arrete" ;
        eli:date_document ?d . FILTER(STR(?d) = "2024-04-12") }""")
    assert len(rows) == 5          # five arrêtés of 12 April 2024 are cited in the 2024 circulars


def test_a_law_cited_by_date_and_by_number_is_one_node(sparql):
    rows = sparql("""SELECT DISTINCT ?t WHERE { ?t a eli:LegalResource ; ckg:legalKind "loi" .
        FILTER(CONTAINS(STR(?t), "/legal/loi/2015-")) }""")
    assert rows == [(DEFAULT_BASE + "legal/loi/2015-1702",)]


def _iri(kind, **kw):
    """The IRI of the text a reference of this kind and these fields designates."""
    ref = LegalReference("…", Evidence("hand.txt", "0" * 64, 1, 1, 0, 1, "…"), kind=kind, **kw)
    return legal_iri(Minter(), identity(ref))


def test_a_law_cited_by_name_by_date_and_by_number_is_one_iri():
    by_number = _iri("loi", number="2015-1702", date="2015-12-21")
    assert by_number == DEFAULT_BASE + "legal/loi/2015-1702"
    assert _iri("loi", date="2015-12-21") == by_number
    assert _iri("loi", act="lfss", year=2016) == by_number
    assert _iri("loi", date="2015-12-21", title="relative à autre chose") != by_number
    assert _iri("loi", act="lf", year=1998) == DEFAULT_BASE + "legal/loi/97-1269"


def test_texts_of_one_date_keep_their_whole_title_apart():
    a = _iri("arrete", date="2024-04-12", title="fixant pour l'année 2024 l'objectif de dépenses d'assurance "
                                                  "maladie afférent aux activités de psychiatrie")
    b = _iri("arrete", date="2024-04-12", title="fixant pour l'année 2024 l'objectif de dépenses d'assurance "
                                                  "maladie afférent aux activités de soins médicaux et de réadaptation")
    assert a != b and a == _iri("arrete", date="2024-04-12", title="fixant pour l'année 2024 l'objectif de dépenses "
                                "d'assurance maladie afférent aux activités de psychiatrie")


def test_article_of_a_law_stays_on_the_mention():
    assert _iri("loi", article="33", number="2003-1199", date="2003-12-18") == DEFAULT_BASE + "legal/loi/2003-1199"
    ref = LegalReference("article 33 de la loi n° 2003-1199", Evidence("hand.txt", "0" * 64, 1, 1, 0, 1, "…"),
                         kind="loi", article="33", number="2003-1199", date="2003-12-18")
    assert identity(ref).label == ("Loi n° 2003-1199 du 18 décembre 2003 de financement de la sécurité sociale "
                                   "pour 2004")
