"""Section structure: annexes and headings recovered from every layout."""
import re
from pathlib import Path

from extractors.readers import read_document
from extractors.sections import ANNEX_HEAD, annex_number, section_path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def annexes(name):
    doc = read_document(CORPUS / name)
    return [(s.label, s.title, s.line) for s in doc.sections if s.kind == "annex"]


def test_markdown_annexes_and_table_pages_of_the_same_annex():
    # "Annexe 1 - dotations SMR" continues Annexe I; the header's list of annexes is not a heading
    assert annexes("000_e5e150b2e5b19c7b.txt") == [
        ("I", "MIGAC", 74),
        ("II", "Mesures relatives aux ressources humaines", 555),
        ("III", "Plans et mesures de santé publique", 635),
        ("IV", "Innovation, recherche et référence", 776),
        ("V", "Mesures spécifiques à la psychiatrie et aux soins médicaux et de réadaptation", 834),
        ("VI", "Accompagnements et mesures ponctuelles", 981),
    ]


def test_bulletin_officiel_annexes_with_title_on_next_line():
    assert annexes("003_eb69c40a305daa31.txt") == [
        ("I", "DOTATIONS RÉGIONALES DAF AU 30 SEPTEMBRE 2005", 134),
        ("II", "DOTATIONS RÉGIONALES DES MIGAC AU 30 SEPTEMBRE 2005", 215),
        ("III", "DOTATIONS RÉGIONALES DAC AU 30 SEPTEMBRE 2005", 376),
        ("IV", "PLAN CANCER", 445),
        ("V", "LE SOUTIEN AUX ÉTABLISSEMENTS", 496),
    ]


def test_spaced_letters_annex_heading():
    labels = [a[0] for a in annexes("004_5a668c0349ee34c2.txt")]
    assert labels[:3] == ["I", "II", "IV"]        # "A N N E X E I" is read; the header list is not
    assert "IX" in labels


def test_annex_numbers_compare_as_roman():
    assert annex_number("1") == "I" and annex_number("14") == "XIV" and annex_number("IB") == "IB"


def test_section_path_of_a_line():
    doc = read_document(CORPUS / "000_e5e150b2e5b19c7b.txt")
    path = [(s.kind, s.label) for s in section_path(doc, 579)]   # inside "III. Assistants spécialistes douleur"
    assert path[0] == ("annex", "II")
    assert path[-1] == ("heading", "III")
    assert doc.sections[[s.line for s in doc.sections].index(575)].title == "Assistants spécialistes douleur – AC NR"


def test_paragraphs_are_blocks_cut_at_blank_lines_and_headings():
    from extractors.sections import find_paragraphs
    doc = read_document(CORPUS / "000_e5e150b2e5b19c7b.txt")
    paragraphs = find_paragraphs(doc)
    assert (577, 577) in paragraphs          # the 19,2K€ paragraph under "III. Assistants spécialistes douleur"
    assert all(not any(s.line == first for s in doc.sections) for first, _ in paragraphs)
    # pdftotext puts blank lines inside sentences: "... les missions d'intérêt général" / "" / "mentionnés ..."
    doc = read_document(CORPUS / "001_18c743be9dc09e1e.txt")
    assert find_paragraphs(doc)[:4] == [(3, 5), (9, 10), (13, 13), (15, 22)]


def test_one_annex_head_for_every_reader():
    head = re.compile(ANNEX_HEAD)
    assert [head.match(t).group("num") for t in ("A N N E X E IV", "ANNEXE 3", "Annexe IB : DAF")] == ["IV", "3", "IB"]
    assert not any(head.match(t) for t in ("annexe 3 du décret", "Annexes", "Annexe Ix"))
