"""Corpus 000 (2024, markdown): the typed mentions of its prose, exactly."""
from collections import Counter
from decimal import Decimal

import pytest

from extractors.extract import extract
from extractors.prose import mention_record

DOC = "000_e5e150b2e5b19c7b.txt"


@pytest.fixture(scope="module")
def doc(corpus_docs):
    return corpus_docs[DOC]


@pytest.fixture(scope="module")
def mentions(doc):
    found = extract(doc).mentions
    return found


def of(mentions, kind):
    return [m for m in mentions if m.type == kind]


def test_counts_per_type(mentions):
    counts = Counter(m.type for m in mentions)
    assert (counts["legal_ref"], counts["mig_code"], counts["establishment"], counts["amount"]) == (55, 54, 17, 115)


def test_every_mention_is_exactly_its_source_text(doc, mentions):
    for m in mentions:
        record = mention_record(doc, m)
        assert doc.text[record["start"]:record["end"]] == record["text"] == m.text
        assert doc.line_at(record["start"]).number == record["line"]


def test_article_list_of_the_references_one_mention_per_article(mentions):
    line37 = [(m.text, m.code, m.article, m.article_end)
              for m in of(mentions, "legal_ref") if m.evidence.line == 37 and m.kind == "code_article"]
    assert line37[:14] == [
        ("L. 162-22-8-2", "CSS", "L162-22-8-2", None), ("L. 162-22-13", "CSS", "L162-22-13", None),
        ("L. 162-23-8", "CSS", "L162-23-8", None), ("L. 174-1-1", "CSS", "L174-1-1", None),
        ("L. 174-1-2", "CSS", "L174-1-2", None), ("R. 162-32-2", "CSS", "R162-32-2", None),
        ("R. 162-33-18", "CSS", "R162-33-18", None), ("R. 162-33-25", "CSS", "R162-33-25", None),
        ("R. 162-33-26", "CSS", "R162-33-26", None), ("R. 162-34-12", "CSS", "R162-34-12", None),
        ("D. 162-6 à D. 162-8", "CSS", "D162-6", "D162-8"),
        ("L. 6145-1 et suivants", "CSP", "L6145-1", None), ("R. 6145-1 et suivants", "CSP", "R6145-1", None),
        ("article L. 162-22-6 du Code de la sécurité sociale", "CSS", "L162-22-6", None)]


def test_texts_of_the_references(mentions):
    texts = [(m.text, m.kind, m.number, m.date)
             for m in of(mentions, "legal_ref") if m.kind != "code_article"]
    assert texts[:6] == [
        ("CIRCULAIRE N° DGOS/FIP1/2024/166** du 18 novembre 2024", "circulaire", "DGOS/FIP1/2024/166", "2024-11-18"),
        ("Loi n° 2003-1199 du 18 décembre 2003", "loi", "2003-1199", "2003-12-18"),
        ("Loi n° 2015-1702 du 21 décembre 2015", "loi", "2015-1702", "2015-12-21"),
        ("Loi n° 2023-1250 du 26 décembre 2023", "loi", "2023-1250", "2023-12-26"),
        ("Décret n° 2021-216 du 25 février 2021", "decret", "2021-216", "2021-02-25"),
        ("Arrêté du 29 mars 2018", "arrete", None, "2018-03-29")]
    decret = next(m for m in of(mentions, "legal_ref") if m.kind == "decret" and m.number)
    assert decret.uri == "https://www.legifrance.gouv.fr/eli/decret/2021/2/25/2021-216/jo/texte"
    assert ("instruction N° DGOS/R4/2020/149 du 28 août 2020", "instruction", "DGOS/R4/2020/149", "2020-08-28") in texts


def test_earlier_circulars_by_rank_but_not_this_one(mentions):
    ranked = [(m.evidence.line, m.text) for m in of(mentions, "legal_ref") if m.rank is not None]
    assert ranked == [(567, "1<sup>ère</sup> circulaire 2024"), (810, "1<sup>ère</sup> circulaire budgétaire 2024"),
                      (846, "1<sup>ère</sup> circulaire 2024"), (877, "première circulaire budgétaire 2024"),
                      (922, "1<sup>ère</sup> circulaire budgétaire 2024"), (969, "première circulaire"),
                      (993, "première circulaire budgétaire"), (1023, "1ère circulaire budgétaire 2025")]


def test_amounts_with_scales(mentions):
    amounts = {(m.evidence.line, m.text): m.value for m in of(mentions, "amount")}
    assert amounts[(48, "761M€")] == Decimal("761000000")
    assert amounts[(577, "19,2K€")] == Decimal("19200")
    assert amounts[(607, "69 773,13 €")] == Decimal("69773.13")
    assert amounts[(661, "7,3 M€")] == Decimal("7300000")      # `- **7,3 M€**`: a list dash, not a sign
    assert amounts[(932, "-2 M€")] == Decimal("-2000000")
    assert amounts[(954, "0.7M€")] == Decimal("700000")
    assert not [m for m in of(mentions, "amount") if m.evidence.line in range(76, 554)]   # table cells


def test_establishments(mentions):
    assert [(m.evidence.line, m.text, m.name) for m in of(mentions, "establishment")][:8] == [
        (662, "Assistance Publique- Hôpitaux de Paris (AP-HP)", "Assistance Publique-Hôpitaux de Paris"),
        (684, "AP-HP", "Assistance Publique-Hôpitaux de Paris"),
        (744, "centre hospitalier universitaire de Strasbourg", "CHU de Strasbourg"),
        (758, "CHU de St Etienne", "CHU de Saint-Etienne"),
        (758, "hôpital Necker (AP-HP)", "Hôpital Necker (AP-HP)"),
        (774, "CHU de Toulouse", "CHU de Toulouse"),
        (774, "CHU de Toulouse", "CHU de Toulouse"),
        (804, "CHU de Lille", "CHU de Lille")]
    vinatier = next(m for m in of(mentions, "establishment") if "Vinatier" in m.text)
    assert (vinatier.kind, vinatier.region) == ("CH", "84")


def test_mig_codes_in_tables_and_prose(mentions):
    codes = [m.code for m in of(mentions, "mig_code")]
    assert codes[:4] == ["Q03", "F21", "F22", "F23"]
    assert Counter(codes)["F09"] == 6          # the table header cell, the heading, four sentences
    assert "O02" in codes and "O03" in codes


def test_measures_with_envelope_renewal_code_and_section(mentions):
    measures = {m.code: m for m in of(mentions, "measure") if m.code}
    f21 = measures["F21"]
    assert f21.evidence.line == 649
    assert f21.title == ("Financement des plateformes d'expertise dans le domaine des maladies rares - "
                                 "Centres mémoire ressources et recherche")
    assert (f21.envelope, f21.renewal) == ("MIG", "JPE")
    assert f21.section[0] == "Annexe III - Plans et mesures de santé publique"
    douleur = next(m for m in of(mentions, "measure") if m.title == "Assistants spécialistes douleur")
    assert (douleur.envelope, douleur.renewal) == ("AC", "NR")
    assert measures["O02"].renewal == "JPE"


def test_regions_in_prose_not_in_tables(mentions):
    regions = [(m.evidence.line, m.text, m.code) for m in of(mentions, "region")]
    assert (885, "Bretagne", "53") in regions
    assert (688, "Centre-Val de Loire", "24") in regions and (688, "PACA", "93") in regions
    assert not [r for r in regions if 76 <= r[0] <= 553]          # table row labels are table facts
