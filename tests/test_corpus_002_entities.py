"""Corpus 002 (2017, pdftotext): references split over lines, `n` / `o` for n°, glued
articles, a nomenclature — mentions exactly as printed, offsets into the original."""
from collections import Counter
from decimal import Decimal

import pytest

from extractors.extract import extract

DOC = "002_9f9b17e8f055c11f.txt"


@pytest.fixture(scope="module")
def mentions(corpus_docs):
    found = extract(corpus_docs[DOC]).mentions
    return found


def refs(mentions):
    return [m for m in mentions if m.type == "legal_ref"]


def test_counts_per_type(mentions):
    counts = Counter(m.type for m in mentions)
    assert (counts["legal_ref"], counts["mig_code"], counts["establishment"], counts["amount"]) == (57, 17, 12, 76)


def test_article_split_over_two_lines(mentions):
    split = [(m.evidence.line, m.text, m.code, m.article) for m in refs(mentions) if "\n" in m.text
             and m.kind == "code_article"]
    assert split == [
        (5, "R.6145-1 et \nsuivants", "CSP", "R6145-1"),
        (13, "article L. 162-22-6 du code \nde la sécurité sociale", "CSS", "L162-22-6"),
        (19, "article L. \n162-23-8", "CSS", "L162-23-8"),      # code from the sentence's earlier articles
        (822, "article L. \n162-22-6 du code de la sécurité sociale", "CSS", "L162-22-6"),
        (1033, "article \n2044 du code civil", "CCIV", "2044")]


def test_glued_list_and_range_on_a_damaged_line(mentions):
    line4 = [(m.text, m.article, m.article_end) for m in refs(mentions) if m.evidence.line == 4]
    assert line4 == [("L.174-1-1", "L174-1-1", None), ("D.162-6 à D.162-8", "D162-6", "D162-8"),
                     ("R. 162-32-2", "R162-32-2", None), ("R. 162-33-1 à R. 162-33-3", "R162-33-1", "R162-33-3"),
                     ("R. 162-33-4", "R162-33-4", None)]


def test_numero_sign_printed_as_n_and_o_on_two_lines(mentions):
    circ = next(m for m in refs(mentions) if m.number == "DGOS/R1/2017/164")
    # the kind word is three lines above its number: the mention is anchored on the number
    assert (circ.evidence.line, circ.text, circ.kind, circ.date) == (
        44, "DGOS/R1/2017/164 du 9 mai 2017", "circulaire", "2017-05-09")
    assert circ.title == "relative à la campagne tarifaire et budgétaire 2017 des établissements de santé"


def test_texts_split_over_lines(mentions):
    by_line = {m.evidence.line: m for m in refs(mentions)}
    assert (by_line[789].text, by_line[789].date) == ("décret n° 2016-46 du 26 \n\njanvier 2016", "2016-01-26")
    assert (by_line[730].number, by_line[730].date) == ("DGOS/PF5/2016/146", "2016-05-10")
    assert (by_line[964].text, by_line[964].date) == ("Arrêté \n\ndu 8 août 2017", "2017-08-08")
    assert by_line[1026].number == "DGOS//PFA/DGFIP/CL1C/CL2A/2014/363"
    assert (by_line[1028].kind, by_line[1028].number) == (
        "instruction", "DGOS/PF1/DGFIP/CL1C/CL2A/2015/251")
    assert (by_line[567].kind, by_line[567].article) == ("loi", "9")    # `(art 9)`


def test_nomenclature_codes(mentions):
    codes = [(m.evidence.line, m.code) for m in mentions if m.type == "mig_code"]
    assert codes == [(333, "F15"), (962, "F04")] + [
        (line, f"V{n:02d}") for n, line in enumerate(
            [1079, 1085, 1087, 1093, 1095, 1097, 1103, 1109, 1115, 1117, 1119, 1129, 1131, 1133, 1135], start=1)]


def test_establishments_split_and_long_forms(mentions):
    found = [(m.evidence.line, m.name, m.kind, m.city)
             for m in mentions if m.type == "establishment"]
    assert found[1:4] == [
        (363, "CH Jeanne de Navarre", "CH", "Château-Thierry"),
        (373, "CH de Château-Thierry", "CH", "Château-Thierry"),
        (375, "EPSM de l'Aisne de Prémontré", "EPSM", None)]


def test_amounts(mentions):
    amounts = [(m.evidence.line, m.text, m.value) for m in mentions if m.type == "amount"]
    assert amounts[:3] == [(80, "270,6M€", Decimal("270600000")), (81, "244,6M€", Decimal("244600000")),
                           (82, "21,5M€", Decimal("21500000"))]
    assert (280, "-0,05M€", Decimal("-50000")) in amounts
    assert (992, "60 000 euros", Decimal("60000")) in amounts
