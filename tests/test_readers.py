"""Readers: the five corpus text layouts, PDFs the test makes itself, and bad input."""
import os
from pathlib import Path

import pikepdf
import pytest

from extractors.readers import ReadError, max_size, parse_size, read_document
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


def test_whitespace_only_file_is_an_empty_document(tmp_path):
    (tmp_path / "blank.txt").write_bytes(b" \n\t\n\f\n")
    with pytest.raises(ReadError, match=r"blank\.txt: empty document \(nothing but white space\)$"):
        read_document(tmp_path / "blank.txt")


@pytest.mark.parametrize("bom", [b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00"])
def test_a_byte_order_mark_alone_is_an_empty_document(tmp_path, bom):
    (tmp_path / "bom.txt").write_bytes(bom)
    with pytest.raises(ReadError, match=r"bom\.txt: empty document \(nothing but a byte-order mark\)$"):
        read_document(tmp_path / "bom.txt")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_utf16_and_utf32_are_read_as_such(tmp_path, encoding):
    """With a byte-order mark, or BOM-less UTF-16 told by its zero bytes: the text of the
    corpus circular, not "binary file"."""
    raw = (CORPUS / "003_eb69c40a305daa31.txt").read_text(encoding="utf-8")
    (tmp_path / "wide.txt").write_bytes(raw.encode(encoding))
    doc = read_document(tmp_path / "wide.txt")
    assert doc.text == raw
    assert doc.title.startswith("Circulaire DHOS/F 2/DSS/1 A no 2005-473 du 18 octobre 2005")
    assert doc.line(181).text.startswith("Alsace 359\u00a0436,24")


def test_truncated_utf16_names_its_encoding(tmp_path):
    (tmp_path / "cut.txt").write_bytes("Région Bretagne".encode("utf-16")[:-1])
    with pytest.raises(ReadError, match=r"cut\.txt: not valid UTF-16-LE \(byte 0x65 at offset 30: truncated data\)$"):
        read_document(tmp_path / "cut.txt")


def test_html_declaring_utf16_but_written_in_ascii_bytes_is_utf8(tmp_path):
    page = '<html><head><meta charset="utf-16"></head><body><p>Région Bretagne</p></body></html>'
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    doc = read_document(tmp_path / "page.html")
    assert doc.format == "html" and doc.text == page


# ---------------------------------------------------------------- not a regular file, too large

def test_fifo_is_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    with pytest.raises(ReadError, match=r"pipe\.txt: not a regular file \(FIFO\)$"):
        read_document(tmp_path / "pipe.txt")


def test_fifo_swapped_in_after_the_first_look_is_refused_once_open(tmp_path, monkeypatch):
    """The race: the path was a regular file when looked at, a FIFO when opened."""
    os.mkfifo(tmp_path / "pipe.txt")
    regular = os.stat(CORPUS / "003_eb69c40a305daa31.txt")
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda p, *a, **k: regular if str(p).endswith("pipe.txt") else real_stat(p, *a, **k))
    with pytest.raises(ReadError, match=r"pipe\.txt: not a regular file \(FIFO\)$"):
        read_document(tmp_path / "pipe.txt")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero on this system")
def test_device_is_refused():
    with pytest.raises(ReadError, match=r"^/dev/zero: not a regular file \(character device\)$"):
        read_document("/dev/zero")


def test_directory_is_refused(tmp_path):
    with pytest.raises(ReadError, match=r": is a directory, not a document$"):
        read_document(tmp_path)


def test_symlink_loop_says_so(tmp_path):
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    with pytest.raises(ReadError, match=r"a\.txt: symbolic link loop"):
        read_document(tmp_path / "a.txt")


def test_broken_symlink_names_its_target(tmp_path):
    (tmp_path / "link.txt").symlink_to("gone.txt")
    with pytest.raises(ReadError, match=r"link\.txt: broken symbolic link \(its target gone\.txt does not exist\)$"):
        read_document(tmp_path / "link.txt")


def test_size_limit_from_the_environment(tmp_path, monkeypatch):
    path = CORPUS / "003_eb69c40a305daa31.txt"
    size = path.stat().st_size
    monkeypatch.setenv("KG_MAX_SIZE", "1K")
    with pytest.raises(ReadError, match=rf"003_eb69c40a305daa31\.txt: too large \({size} bytes; the limit is 1024 bytes, "
                                        r"set KG_MAX_SIZE to change it"):
        read_document(path)
    monkeypatch.setenv("KG_MAX_SIZE", str(size))
    assert len(read_document(path).lines) == 508
    monkeypatch.setenv("KG_MAX_SIZE", "lots")
    with pytest.raises(ReadError, match=r"no size limit to apply: KG_MAX_SIZE 'lots' is not a size"):
        read_document(path)


def test_default_size_limit_is_50_megabytes(monkeypatch):
    monkeypatch.delenv("KG_MAX_SIZE", raising=False)
    assert max_size() == 50 * 1024 * 1024
    assert [parse_size(s) for s in ("52428800", "50M", "512k", "1G", "2MiB")] == [
        52428800, 52428800, 524288, 1024 ** 3, 2 * 1024 ** 2]


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="no /proc on this system")
def test_file_larger_than_its_stated_size_is_read_only_to_the_limit():
    """/proc files say size 0 and hold more: the reader stops at limit + 1 bytes."""
    with pytest.raises(ReadError, match=r"^/proc/self/maps: too large \(over 64 bytes; the limit is 64 bytes"):
        read_document("/proc/self/maps", limit=64)


def test_cli_names_a_fifo_and_a_link_loop_in_a_folder_and_reads_the_rest(tmp_path):
    from click.testing import CliRunner

    from kg.cli import cli
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(folder / "a_pipe.txt")
    (folder / "b_loop.txt").symlink_to(folder / "b_loop.txt")
    (folder / "c_good.txt").write_bytes((CORPUS / "003_eb69c40a305daa31.txt").read_bytes())
    result = CliRunner().invoke(cli, ["extract", "tables", "--json", str(folder)])
    assert result.exit_code == 1
    errors = [l for l in result.output.splitlines() if l.startswith("kg: ")]
    assert errors == [f"kg: {folder / 'a_pipe.txt'}: not a regular file (FIFO)",
                      f"kg: {folder / 'b_loop.txt'}: symbolic link loop (following its links never reaches a file)"]
    assert sum('"document": "c_good.txt"' in l for l in result.output.splitlines()) == 1445   # as kg reads 003


# ---------------------------------------------------------------- longer than spaCy's max_length

def test_pieces_end_at_cuts_else_white_space_else_anywhere():
    from extractors.prose.pipeline import pieces
    assert pieces("abcdefghij", [3, 5, 9], 4) == [(0, 3), (3, 5), (5, 9), (9, 10)]
    assert pieces("abcdefghij", [3, 5, 9], 6) == [(0, 5), (5, 10)]
    assert pieces("aaaa bbbb\ncccc", [], 6) == [(0, 5), (5, 10), (10, 14)]
    assert pieces("x" * 10, [], 4) == [(0, 4), (4, 8), (8, 10)]
    assert pieces("short", [2], 6) == [(0, 5)]


def test_text_over_max_length_goes_through_in_pieces_with_exact_spans(tmp_path, monkeypatch):
    """Real corpus paragraphs repeated past a (lowered) max_length: no error, every span
    points at its exact characters, and the mentions are those of the text read whole."""
    from extractors.prose import extract_mentions, pipeline
    from extractors.tables import extract_tables

    raw = (CORPUS / "003_eb69c40a305daa31.txt").read_text(encoding="utf-8")
    (tmp_path / "long.txt").write_text("\n\n".join([raw.rstrip("\n")] * 3) + "\n", encoding="utf-8")
    doc = read_document(tmp_path / "long.txt")
    tables = [extract_tables(doc)]
    whole = extract_mentions([doc], tables)[0]
    monkeypatch.setattr(pipeline.nlp(), "max_length", 50_000)
    monkeypatch.setattr(pipeline, "PIECE", 30_000)
    pieced = extract_mentions([doc], tables)[0]
    assert len(doc.text) == 126_965
    assert len(pieced) == 201
    for m in pieced:
        assert doc.text[m.evidence.start:m.evidence.end] == m.text
    assert [(m.type, m.evidence.start, m.evidence.end, m.norm) for m in pieced] == \
        [(m.type, m.evidence.start, m.evidence.end, m.norm) for m in whole]
