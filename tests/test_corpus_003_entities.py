"""Corpus 003 (2005): `no` for n°, lists of circulars, MEuro, a table of cancer centres
named by abbreviations."""
from decimal import Decimal

import pytest

from extractors.extract import extract

DOC = "003_eb69c40a305daa31.txt"


@pytest.fixture(scope="module")
def mentions(corpus_docs):
    found = extract(corpus_docs[DOC]).mentions
    return found


def test_list_of_circulars_sharing_their_kind(mentions):
    line10 = [(m.text, m.kind, m.number, m.date) for m in mentions
              if m.type == "legal_ref" and m.evidence.line == 10]
    assert line10 == [
        ("Circulaires DHOS-F-O/DSS-1\u00a0A no\u00a0119 du 1er\u00a0mars\u00a02005", "circulaire", "119", "2005-03-01"),
        ("no\u00a0181 du 5\u00a0avril\u00a02005", "circulaire", "181", "2005-04-05"),
        ("no\u00a0356 du 26\u00a0juillet\u00a02005", "circulaire", "356", "2005-07-26")]


def test_meuro_amounts(mentions):
    amounts = [(m.text, m.value) for m in mentions if m.type == "amount"]
    assert ("40,43\u00a0MEuro", Decimal("40430000")) in amounts and ("315\u00a0Euro", Decimal("315")) in amounts


def test_code_named_by_its_abbreviation(mentions):
    cgct = [(m.text, m.article) for m in mentions if m.type == "legal_ref" and m.code == "CGCT"]
    assert cgct == [("article L.\u00a01424-42 du code général des collectivités territoriales", "L1424-42"),
                    ("article L.\u00a01424-42 du\u00a0CGCT", "L1424-42")]


def test_cancer_centres_by_abbreviation(mentions):
    names = {m.text: m.name for m in mentions if m.type == "establishment"}
    assert names["CF Baclesse"] == "Centre François Baclesse"
    assert names["CLB"] == "Centre Léon Bérard"
    milétrie = next(m for m in mentions if m.text == "CHU La Milétrie")
    assert milétrie.city == "Poitiers"        # `CHU La Milétrie, Poitiers 1 21,00`
    assert names["Centre A.-Lacassagne"] == "Centre Antoine Lacassagne"


def test_a_site_of_a_known_institution_is_one_establishment(mentions):
    site = [(m.text, m.name, m.parent) for m in mentions if m.type == "establishment" and m.evidence.line == 485]
    assert site == [("AP-HP - Hôpital Tenon", "Hôpital Tenon (AP-HP)", "AP-HP")]


def test_every_row_of_the_radiophysicists_table_is_an_establishment(mentions):
    rows = [m for m in mentions if m.type == "establishment" and 470 <= m.evidence.line <= 493]
    assert len(rows) == 24


def test_second_text_of_a_list_with_its_own_issuer(mentions):
    line65 = [(m.text, m.number, m.date) for m in mentions
              if m.type == "legal_ref" and m.evidence.line == 65]
    assert line65 == [("circulaires DHOS/OPRC no\u00a030 du 17\u00a0janvier\u00a02005", "30", "2005-01-17"),
                      ("no\u00a0183 du 6\u00a0avril\u00a02005", "183", "2005-04-06")]
