"""Fuzzing (hypothesis, bounded): the readers, the number parser and the table detectors
meet random input and raise nothing but the project's own errors (ReadError,
NumberError); the examples fuzzing found are kept below as explicit tests."""
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from extractors.numbers import NumberError, decimals_of, find_money, header_unit, parse_money, parse_number, table_unit
from extractors.readers import ReadError, read_document
from extractors.tables import LAYOUTS, cell_records, check_records, extract_tables

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


# ---------------------------------------------------------------- readers

SUFFIXES = st.sampled_from([".txt", ".md", ".html", ".pdf", ""])
BOMS = st.sampled_from([b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00"])


def _read(path):
    """The Document read, or None for a ReadError: anything else fails the test."""
    try:
        doc = read_document(path)
    except ReadError as exc:
        assert str(exc).startswith(f"{path}: ") and "\n" not in str(exc)
        return None
    for line in doc.lines:
        assert doc.text[line.start:line.end] == line.text
    return doc


@FUZZ
@given(data=st.binary(max_size=3000), bom=BOMS, suffix=SUFFIXES)
@example(data=b"%PDF-1.4\n", bom=b"", suffix=".txt")
def test_random_bytes_are_read_or_refused_in_one_line(folder, data, bom, suffix):
    path = folder / f"bytes{suffix}"
    path.write_bytes(bom + data)
    _read(path)


@FUZZ
@given(text=st.text(max_size=2000), encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32"]),
       suffix=SUFFIXES)
def test_random_text_in_any_unicode_encoding(folder, text, encoding, suffix):
    path = folder / f"text{suffix}"
    path.write_bytes(text.encode(encoding, "surrogatepass"))
    doc = _read(path)
    if doc is not None and encoding != "utf-16-le" and doc.format != "pdf":
        assert doc.text == text.replace("\r\n", "\n").replace("\r", "\n")


# ---------------------------------------------------------------- numbers

NUMBERISH = st.text(alphabet="0123456789 ,.-\u2212\u2013\u00a0\u202f%€kKMdFa()*é\n\t", max_size=40)
MONEY = st.builds("{} {}".format, st.one_of(st.from_regex(r"-?\d{1,40}(,\d{1,40})?", fullmatch=True),
                                            st.decimals(allow_nan=False, allow_infinity=False)),
                  st.sampled_from(["€", "M€", "k€", "Md€", "F", "millions d'euros", "milliards de francs", "MF"]))


@FUZZ
@given(text=st.one_of(st.text(max_size=60), NUMBERISH, MONEY))
def test_number_parser_gives_a_decimal_or_number_error(text):
    try:
        value = parse_number(text)
    except NumberError:
        pass
    else:
        assert isinstance(value, Decimal) and value.is_finite()
    decimals_of(text)
    table_unit(text)
    header_unit(text)
    for money in find_money(text):
        assert text[money.start:money.end] == money.text
        money.value_eur
    try:
        parse_money(text)
    except NumberError:
        pass


# ---------------------------------------------------------------- table detectors

WORDS = st.sampled_from(["Alsace", "Bretagne", "Total", "TOTAL", "dont", "Région", "Base", "Mesures",
                         "en milliers d'euros", "en milliers de francs", "(en M€)", "Annexe II", "MIG F21", "Dotation", "Les montants sont en euros",
                         "Sous-total", "-", "n.d.", "(*)", "%", "€", "M€", "FINESS 750712184"])
NUMBERS = st.builds(lambda n, d, sep, sign: sign + f"{n:,}".replace(",", sep) + (f",{d:02d}" if d >= 0 else ""),
                    st.integers(0, 10 ** 30), st.integers(-1, 99), st.sampled_from([" ", "\u00a0", "\u202f", ""]),
                    st.sampled_from(["", "-", "- "]))
CELLS = st.one_of(WORDS, NUMBERS, st.text(max_size=8))
HTML = st.sampled_from(["<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th colspan=\"2\">",
                        "<td rowspan=\"3\">", "<br>", "<b>", "</b>", "<thead>"])


@st.composite
def table_lines(draw):
    cells = draw(st.lists(CELLS, min_size=1, max_size=6))
    shape = draw(st.sampled_from(["pipe", "tab", "space", "html", "alone", "rule", "blank", "bare"]))
    if shape == "pipe":
        return "| " + " | ".join(cells) + " |"
    if shape == "tab":
        return "\t".join(cells)
    if shape == "space":
        return draw(st.sampled_from([" ", "   "])).join(cells)
    if shape == "html":
        return "".join(draw(HTML) + c for c in cells) + draw(HTML)
    if shape == "rule":
        return "|" + "|".join("---" for _ in cells) + "|"
    if shape == "blank":
        return ""
    if shape == "bare":
        return " | ".join(cells)
    return cells[0]


@FUZZ
@given(lines=st.lists(table_lines(), min_size=1, max_size=40), suffix=st.sampled_from([".txt", ".md", ".html"]),
       end=st.sampled_from(["\n", ""]))
def test_table_detectors_raise_nothing_on_random_lines(folder, lines, suffix, end):
    path = folder / f"table{suffix}"
    path.write_text("\n".join(lines) + end, encoding="utf-8")
    doc = _read(path)
    if doc is None:
        return
    for layout in LAYOUTS:
        layout.find_tables(doc)
    for table in extract_tables(doc):
        for record in cell_records(table):
            assert doc.text[record["start"]:record["end"]] == record["text"] or record["text"] is None
        check_records(table)


# ---------------------------------------------------------------- what fuzzing found

@pytest.mark.parametrize("text", ["10000000000000000000Md€", "0.0005618688235535670854359261713 F",
                                  "99999999999999999999999999999 M€"])
def test_an_amount_too_large_for_decimal_arithmetic_is_no_amount(text):
    """Found by fuzzing: scaling (`Md€`) or converting francs (to the cent) overflowed
    Decimal's 28 digits and raised decimal.InvalidOperation out of find_money."""
    assert list(find_money(text)) == []
    with pytest.raises(NumberError, match="has more than 15 digits before its comma"):
        parse_number(text.split(" ")[0].rstrip("Md€").split(".")[-1])


def test_the_largest_amount_read_converts_to_euros():
    money = parse_money("999 999 999 999 999 milliards de francs")
    assert money.value == Decimal("999999999999999000000000") and money.currency == "FRF"
    assert money.value_eur == Decimal("152449017237410226584974.32")


# ---------------------------------------------------------------- linear where it was pairwise

SPANS = st.lists(st.tuples(st.sampled_from(["establishment", "amount", "region"]), st.integers(0, 30),
                           st.integers(0, 8)).map(lambda t: (t[0], t[1], t[1] + t[2], {})), max_size=25)


@FUZZ
@given(spans=SPANS)
def test_dedupe_keeps_what_the_pairwise_rule_keeps(spans):
    """_dedupe's furthest-end scan against its definition: a span is dropped when a kept
    span of its type holds it (or is it), or, for establishments, overlaps it."""
    from extractors.prose import TYPES, _dedupe
    kept = []
    for kind, start, end, norm in sorted(spans, key=lambda s: (s[1], -(s[2] - s[1]), TYPES.index(s[0]))):
        same = [(s, e) for k, s, e, _ in kept if k == kind]
        if any(s <= start and end <= e for s, e in same) or \
                (kind == "establishment" and any(s < end and start < e for s, e in same)):
            continue
        kept.append((kind, start, end, norm))
    assert _dedupe(spans) == sorted(kept, key=lambda s: (s[1], s[2], TYPES.index(s[0])))
