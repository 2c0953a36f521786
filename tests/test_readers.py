"""Readers: the five corpus text layouts, PDFs the test makes itself, and bad input."""
from pathlib import Path

import pikepdf
import pytest

from extractors.readers import ReadError, read_document
from pdf_factory import new_pdf, save, write_lines, write_table

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.mark.parametrize("name,fmt,n_lines", [
    ("000_e5e150b2e5b19c7b.txt", "markdown", 1029),
    ("001_18c743be9dc09e1e.txt", "text", 971),
    ("002_9f9b17e8f055c11f.txt", "text", 1136),
    ("003_eb69c40a305daa31.txt", "text", 508),
    ("004_5a668c0349ee34c2.txt", "text", 779),
])
def test_corpus_lines_keep_their_source_positions(name, fmt, n_lines):
    doc = read_document(CORPUS / name)
    raw = (CORPUS / name).read_text(encoding="utf-8")
    assert doc.format == fmt
    assert len(doc.lines) == n_lines
    assert doc.text == raw
    for line in doc.lines:
        assert doc.text[line.start:line.end] == line.text
        assert raw.split("\n")[line.number - 1] == line.text
    assert len(doc.sha256) == 64


def test_line_at_finds_the_line_of_an_offset():
    doc = read_document(CORPUS / "003_eb69c40a305daa31.txt")
    line = doc.line(181)
    assert line.text.startswith("Alsace 359\u00a0436,24")
    offset = line.start + line.text.index("109,05")
    assert doc.line_at(offset).number == 181


def test_titles_of_circulars():
    assert read_document(CORPUS / "003_eb69c40a305daa31.txt").title.startswith(
        "Circulaire DHOS/F 2/DSS/1 A no 2005-473 du 18 octobre 2005")
    assert read_document(CORPUS / "000_e5e150b2e5b19c7b.txt").title.startswith(
        "CIRCULAIRE N° DGOS/FIP1/2024/166 du 18 novembre 2024")
    assert read_document(CORPUS / "001_18c743be9dc09e1e.txt").title is None
    # 002 lacks its first page: "circulaire selon le dispositif…" in a sentence is no title
    assert read_document(CORPUS / "002_9f9b17e8f055c11f.txt").title is None


# ---------------------------------------------------------------- PDF

@pytest.fixture
def multipage_pdf(tmp_path):
    pdf = new_pdf()
    pdf.add_page()
    write_lines(pdf, ["Circulaire n° 2024-12 du 3 mai 2024 relative aux crédits",
                      "Les montants sont en milliers d'euros"])
    write_table(pdf, [["Région", "Base", "Mesure"],
                      ["Bretagne", "1 234,5", "12,0"],
                      ["Corse", "- 116,83", ""],
                      ["Total", "1 117,67", "12,0"]], y=120, ruled=True)
    pdf.add_page(orientation="L")
    write_lines(pdf, ["Annexe II - Page paysage", "Occitanie 2 000,0"])
    return save(pdf, tmp_path / "multi.pdf")


def test_pdf_lines_in_reading_order_with_pages_and_boxes(multipage_pdf):
    doc = read_document(multipage_pdf)
    assert doc.format == "pdf"
    assert [(l.page, l.text) for l in doc.lines] == [
        (1, "Circulaire n° 2024-12 du 3 mai 2024 relative aux crédits"),
        (1, "Les montants sont en milliers d'euros"),
        (1, "Région Base Mesure"),
        (1, "Bretagne 1 234,5 12,0"),
        (1, "Corse - 116,83"),
        (1, "Total 1 117,67 12,0"),
        (2, "Annexe II - Page paysage"),
        (2, "Occitanie 2 000,0"),
    ]
    assert doc.pages[1].width > doc.pages[1].height          # landscape page
    assert doc.title.startswith("Circulaire n° 2024-12")
    for line in doc.lines:
        assert doc.text[line.start:line.end] == line.text
        for word in line.words:
            assert doc.text[word.start:word.end] == word.text
            assert word.x0 < word.x1 and word.top < word.bottom
    bretagne = doc.lines[3]
    # numbers are right-aligned in their column: "12,0" ends near the right edge of column 3
    assert bretagne.words[-1].text == "12,0"
    assert bretagne.words[-1].x1 == pytest.approx(50 + 170 + 90 + 90 - 3, abs=1)


def test_pdf_sideways_text_is_turned_back(tmp_path):
    pdf = new_pdf()
    pdf.add_page()
    with pdf.rotation(90, 300, 400):
        write_lines(pdf, ["Tableau tourné : Corse 12,0", "seconde ligne"], x=150, y=400, step=20)
    doc = read_document(save(pdf, tmp_path / "sideways.pdf"))
    assert [l.text for l in doc.lines] == ["Tableau tourné : Corse 12,0", "seconde ligne"]


def test_pdf_page_with_rotate_attribute(multipage_pdf, tmp_path):
    with pikepdf.open(multipage_pdf) as pdf:
        pdf.pages[0].Rotate = 90
        pdf.save(tmp_path / "rotated.pdf")
    doc = read_document(tmp_path / "rotated.pdf")
    assert doc.pages[0].rotation == 90
    assert doc.lines[3].text == "Bretagne 1 234,5 12,0"


# ---------------------------------------------------------------- bad input

def test_empty_file(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(ReadError, match=r"empty\.txt: empty file"):
        read_document(tmp_path / "empty.txt")


def test_binary_file(tmp_path):
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ReadError, match="binary file"):
        read_document(tmp_path / "blob.txt")


def test_latin1_text_is_refused_with_a_hint(tmp_path):
    (tmp_path / "latin1.txt").write_bytes("Dotations régionales : 1 234,5".encode("latin-1"))
    with pytest.raises(ReadError, match=r"latin1\.txt: not valid UTF-8 \(byte 0xe9 at offset 11\).*Latin-1"):
        read_document(tmp_path / "latin1.txt")


def test_corrupt_pdf(tmp_path):
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage\n%%EOF")
    with pytest.raises(ReadError, match=r"broken\.pdf: corrupt or unreadable PDF"):
        read_document(tmp_path / "broken.pdf")


def test_truncated_pdf(multipage_pdf, tmp_path):
    data = multipage_pdf.read_bytes()
    (tmp_path / "cut.pdf").write_bytes(data[: len(data) // 3])
    with pytest.raises(ReadError, match=r"cut\.pdf: "):
        read_document(tmp_path / "cut.pdf")


def test_encrypted_pdf(multipage_pdf, tmp_path):
    with pikepdf.open(multipage_pdf) as pdf:
        pdf.save(tmp_path / "locked.pdf", encryption=pikepdf.Encryption(user="secret", owner="owner"))
    with pytest.raises(ReadError, match=r"locked\.pdf: encrypted PDF \(a password is required\)"):
        read_document(tmp_path / "locked.pdf")


def test_missing_path(tmp_path):
    with pytest.raises(ReadError, match=r"nowhere\.txt: no such file"):
        read_document(tmp_path / "nowhere.txt")
