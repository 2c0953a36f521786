"""Corpus 004 (2001): francs, dates without a year, an annex table of cancer centres whose
row labels are glued to their region."""
from collections import Counter
from decimal import Decimal

import pytest

from extractors.extract import extract

DOC = "004_5a668c0349ee34c2.txt"


@pytest.fixture(scope="module")
def mentions(corpus_docs):
    found = extract(corpus_docs[DOC]).mentions
    return found


def test_counts_per_type(mentions):
    counts = Counter(m.type for m in mentions)
    assert (counts["legal_ref"], counts["mig_code"], counts["establishment"], counts["amount"]) == (18, 0, 53, 12)


def test_amounts_in_francs(mentions):
    amounts = [(m.text, m.value, m.currency) for m in mentions if m.type == "amount"]
    assert amounts[:4] == [("2,125 milliards de francs", Decimal("2125000000"), "FRF"),
                           ("58,464\u00a0millions de francs", Decimal("58464000"), "FRF"),
                           ("2 400\u00a0F", Decimal("2400"), "FRF"), ("71\u00a0millions de francs", Decimal("71000000"), "FRF")]
    assert next(m for m in mentions if m.text == "2 400\u00a0F").value_eur == Decimal("365.88")


def test_dates_without_year_or_with_dernier(mentions):
    dated = [(m.evidence.line, m.kind, m.date) for m in mentions
             if m.type == "legal_ref" and m.kind != "code_article"]
    assert dated[:3] == [(13, "circulaire", "2001-09-27"), (25, "arrete", "2001-02-01"), (26, "arrete", "2001-02-26")]
    assert (91, "arrete", "2001-04-06") in dated and (137, "circulaire", "2001-03-06") in dated
    assert (184, "arrete", "2001-02-26") in dated        # `(arrêté` / `du 26 février 2001)` in a table header


def test_old_code_article_inferred_and_said_so(mentions):
    art = next(m for m in mentions if m.type == "legal_ref" and m.article == "R714-3-49")
    assert (art.text, art.code, art.code_inferred) == ("article R.\u00a0714-3-49-III", "CSP", True)


def test_cancer_centres_as_table_row_labels(mentions):
    rows = [(m.evidence.line, m.text, m.name, m.region) for m in mentions
            if m.type == "establishment" and m.evidence.line < 510]
    assert rows[:3] == [(483, "Strasbourg", "CLCC de Strasbourg", "44"), (484, "Bordeaux", "CLCC de Bordeaux", "75"),
                        (485, "Clermont-Ferrand", "CLCC de Clermont-Ferrand", "84")]
    assert (491, "IGR", "Institut Gustave Roussy", "11") in rows
    assert (492, "R.-Huguenin", "Centre René Huguenin", "11") in rows
    assert len(rows) == 20


def test_establishments_of_the_prison_table_with_their_region(mentions):
    rows = {m.text: m for m in mentions if m.type == "establishment" and m.evidence.line > 510}
    assert rows["CH de Périgueux"].region == "75"               # Aquitaine → Nouvelle-Aquitaine
    assert rows["CHS de Brienne-le-Château"].kind == "CHS"
    assert (rows["CH d'Henry-Ey (Bonneval)"].city, rows["CH d'Henry-Ey (Bonneval)"].region) == ("Bonneval", "24")
    assert rows["EPSM du Val-de-Lys-Artois"].region == "32"


def test_former_regions_map_to_todays(mentions):
    regions = [(m.evidence.line, m.text, m.code, m.former) for m in mentions if m.type == "region"]
    assert regions[:3] == [(151, "Aquitaine", "75", "72"), (151, "Centre", "24", None), (151, "Lorraine", "44", "41")]
