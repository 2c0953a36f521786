"""Corpus 001 (2024 annex, pdftotext): lost accents and amounts cut over lines."""
from decimal import Decimal

import pytest

from extractors.extract import extract
from extractors.prose.repair import repair

DOC = "001_18c743be9dc09e1e.txt"


@pytest.fixture(scope="module")
def mentions(corpus_docs):
    found = extract(corpus_docs[DOC]).mentions
    return found


def test_lost_accents_are_repaired(corpus_docs):
    text = repair(corpus_docs[DOC].text).text
    assert "Les crédits alloués aux activités de psychiatrie" in text
    assert "Les crédits alloués aux activités de soins médicaux" in text


def test_amount_split_over_lines(mentions):
    split = next(m for m in mentions if m.type == "amount" and "\n" in m.text)
    assert (split.evidence.line, split.text, split.value) == (59, "5 \n\nM€", Decimal("5000000"))


def test_references(mentions):
    refs = [(m.evidence.line, m.kind, m.number, m.date, m.article)
            for m in mentions if m.type == "legal_ref" and m.kind != "code_article"]
    assert (35, "loi", "2022-46", "2022-01-22", "17") in refs            # `L'article 17 de la loi n° …`
    assert (907, "note_information", "DGOS/R4/2023/173", "2023-11-03", None) in refs
    assert (665, "instruction", None, "2018-02-23", None) in refs     # `L’instruction du Premier ministre du …`


def test_establishments(mentions):
    assert [(m.evidence.line, m.name) for m in mentions if m.type == "establishment"] == [
        (397, "CHRU de Lille"), (633, "CHU de Lille")]


def test_mig_codes_also_glued_to_a_dash(mentions):
    assert [(m.evidence.line, m.code, m.renewal) for m in mentions if m.type == "mig_code"] == [
        (806, "V01", "JPE"), (831, "V02", "JPE"), (851, "V12", "JPE"), (871, "V13", "JPE")]   # `» -MIG V02 (JPE)`


def test_earlier_circulars_kept_and_the_circular_itself_left_out(mentions):
    # an annex of the first 2024 circular: `en première circulaire budgétaire 2024` is itself
    ranked = [(m.evidence.line, m.rank, m.year) for m in mentions if m.type == "legal_ref" and m.rank is not None]
    assert ranked == [(95, 1, 2022), (101, 1, 2023)]


def test_measure_headings_wrapped_over_lines(mentions):
    measures = {m.evidence.line: m for m in mentions if m.type == "measure"}
    sas = measures[215]
    assert sas.title == ("Apporter une réponse plus adaptée aux besoins de soins urgents et non programmés "
                                 "– le volet psychiatrique du SAS")
    assert sas.renewal == "NR"
    assert sas.section[-1] == "II. Dotations accompagnement à la transformation"
    assert (measures[805].code, measures[805].renewal) == ("V01", "JPE")
