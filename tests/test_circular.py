"""Header facts of every corpus circular, exactly, with where each was read."""
from __future__ import annotations

import pytest

from extractors.circular import extract_circular
from extractors.document import Document, Line, Page


@pytest.fixture(scope="module")
def circulars(corpus_docs):
    return {name[:3]: extract_circular(doc) for name, doc in corpus_docs.items()}


def test_2024_circular_with_its_header_table(circulars):
    c = circulars["000"]
    assert (c.number, c.nor, c.date, c.year) == ("DGOS/FIP1/2024/166", "MSAH2431077C", "2024-11-18", 2024)
    assert c.issuer == "Ministère de la santé et de l'accès aux soins Direction générale de l'offre de soins (DGOS)"
    assert c.title == ("CIRCULAIRE N° DGOS/FIP1/2024/166 du 18 novembre 2024 relative à la deuxième phase de "
                       "délégation des crédits de dotations aux établissements de santé pour 2024")
    assert [a.label for a in c.annexes] == ["I", "II", "III", "IV", "V", "VI"]
    # the signature field gives the date; the number is read on line 14
    assert c.evidence["date"].line == 24 and c.evidence["number"].line == 14
    assert c.evidence["nor"].quote == "MSAH2431077C"


def test_2005_circular_from_the_bulletin_officiel(circulars):
    c = circulars["003"]
    assert (c.number, c.nor, c.date, c.year) == ("2005-473", "SANH0530421C", "2005-10-18", 2005)
    assert c.issuer == "Le ministre de la santé et des solidarités"
    assert c.title.startswith("Circulaire DHOS/F 2/DSS/1 A no 2005-473 du 18 octobre 2005 relative à la fixation")
    assert [a.label for a in c.annexes] == ["I", "II", "III", "IV", "V"]
    assert c.evidence["number"].line == 1


def test_2001_circular_after_its_service_block(circulars):
    c = circulars["004"]
    assert (c.number, c.nor, c.date, c.year) == ("2001-465", "MESH0130661C", "2001-09-27", 2001)
    assert c.issuer == "La ministre de l'emploi et de la solidarité ; le ministre délégué à la santé"
    assert c.evidence["year"].quote == "campagne budgétaire pour 2001"
    # the cited circulars of its reference list are not the circular itself
    assert "2000-603" not in c.title


def test_an_annex_sent_alone_has_no_header_but_a_campaign_year(circulars):
    c = circulars["001"]
    assert (c.number, c.nor, c.date, c.title, c.issuer) == (None, None, None, None, None)
    assert c.year == 2024 and c.evidence["year"].quote == "En 2024"
    assert [a.label for a in c.annexes] == ["VIII"]


def test_first_page_missing_keeps_the_cited_circulars_out(circulars):
    """002 starts in its reference list: `Circulaire n° DGOS/R1/2017/164` is cited, not its number."""
    c = circulars["002"]
    assert (c.number, c.nor, c.date, c.title) == (None, None, None, None)
    assert c.year == 2017


def test_instruction_with_slash_date_and_no_nor():
    text = ("INSTRUCTION N° DGOS/R1/2019/12 du 3 mars 2019 relative à la campagne tarifaire 2019\n"
            "Le ministre des solidarités et de la santé\nà\nMesdames et Messieurs\n")
    lines, pos = [], 0
    for n, t in enumerate(text.split("\n")[:-1], start=1):
        lines.append(Line(n, 1, pos, pos + len(t), t))
        pos += len(t) + 1
    doc = Document("x.txt", "x.txt", "0" * 64, "text", text, [Page(1, lines)])
    c = extract_circular(doc)
    assert (c.number, c.date, c.year, c.nor) == ("DGOS/R1/2019/12", "2019-03-03", 2019, None)
    assert c.issuer == "Le ministre des solidarités et de la santé"


def test_a_note_d_information_is_read_like_a_circular():
    text = "NOTE D'INFORMATION N° DGOS/PF1/2020/5 du 6 janvier 2020 relative aux tarifs\n"
    doc = Document("n.txt", "n.txt", "0" * 64, "text", text, [Page(1, [Line(1, 1, 0, len(text) - 1, text[:-1])])])
    c = extract_circular(doc)
    assert (c.number, c.date, c.year) == ("DGOS/PF1/2020/5", "2020-01-06", 2020)
    assert c.title.startswith("NOTE D'INFORMATION")


def test_month_names_are_read_with_or_without_accents():
    import re

    from extractors.dates import MONTH, MONTHS
    assert sorted(set(MONTHS.values())) == list(range(1, 13))
    assert [MONTHS[m.group(0)] for m in re.finditer(MONTH, "1er aout, 3 août, 9 decembre")] == [8, 8, 12]
