"""French numbers and money, with property tests: print the French way, parse it back."""
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from extractors.numbers import (NumberError, find_money, format_number, parse_money, parse_number,
                                rounding_tolerance, table_unit, to_eur)


@pytest.mark.parametrize("text,value", [
    ("1 234,5", "1234.5"), ("- 116,83", "-116.83"), ("-1 615,4", "-1615.4"), ("0,0", "0.0"),
    ("1 234 567,89", "1234567.89"), ("1\u00a0706,72", "1706.72"), ("12\u202f027\u202f341,10", "12027341.10"),
    ("1\u2009000", "1000"), ("\u22123,5", "-3.5"), ("2016", "2016"),
])
def test_parse_number(text, value):
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "12 34,5 x", "--1"])
def test_parse_number_refuses(text):
    with pytest.raises(NumberError):
        parse_number(text)


@pytest.mark.parametrize("text,value,currency", [
    ("15,6K€", 15600, "EUR"), ("19,2 k€", 19200, "EUR"), ("1,2 M€", 1200000, "EUR"),
    ("0,52 M€", 520000, "EUR"), ("4Md€", 4000000000, "EUR"),
    ("2,125 milliards de francs", 2125000000, "FRF"), ("40,43 MEuro", 40430000, "EUR"),
    ("315 Euro", 315, "EUR"), ("107 500 €", 107500, "EUR"), ("60 000 €/place", 60000, "EUR"),
    ("2 400 F", 2400, "FRF"), ("150 millions d'euros", 150000000, "EUR"),
    ("71 millions de francs", 71000000, "FRF"), ("182\u00a0700€", 182700, "EUR"),
])
def test_parse_money(text, value, currency):
    money = parse_money(text)
    assert (money.value, money.currency) == (Decimal(value), currency)


def test_money_rate_keeps_its_denominator():
    assert parse_money("60 000 €/place").per == "place"


def test_francs_convert_at_the_legal_rate_keeping_the_original():
    money = parse_money("2,125 milliards de francs")
    assert money.value == Decimal("2125000000")
    assert money.value_eur == Decimal("323954161.63")
    assert to_eur(Decimal("6.55957"), "FRF") == Decimal("1.00")


def test_find_money_in_a_sentence_with_offsets():
    text = "un montant global de 19,2K€, visant à financer 8 postes, puis 0,9M€ en 2024"
    found = list(find_money(text))
    assert [(m.text, m.value) for m in found] == [("19,2K€", Decimal("19200")), ("0,9M€", Decimal("900000"))]
    assert all(text[m.start:m.end] == m.text for m in found)


def test_percentages_and_plain_numbers_are_not_money():
    assert list(find_money("porte le niveau à 97% des crédits, 8 postes en 2024")) == []


@pytest.mark.parametrize("sentence,symbol", [
    ("Les montants sont en milliers d'euros", "k€"),
    ("(Les montants sont en milliers d’euros.)", "k€"),
    ("Les données sont en milliers de francs.Mesures déléguées", "kF"),
    ("Les montants doivent être indiqués en milliers de francs.", None),
    ("Le plan cancer", None),
])
def test_table_unit(sentence, symbol):
    unit = table_unit(sentence)
    assert (unit.symbol if unit else None) == symbol


@given(st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2, allow_nan=False))
def test_format_then_parse_gives_the_value_back(value):
    for sep in ("\u00a0", " ", "\u202f"):
        assert parse_number(format_number(value, 2, sep=sep)) == value


@given(st.integers(min_value=-10**12, max_value=10**12), st.integers(min_value=0, max_value=3))
def test_formatted_numbers_are_found_whole_in_text(units, decimals):
    value = Decimal(units).scaleb(-decimals)
    printed = format_number(value, decimals)
    money = parse_money(printed + " €")
    assert money.value == value and money.text == printed + " €"


def test_header_unit():
    from extractors.numbers import header_unit
    assert header_unit("DOTATIONS régionales en milliers d'euros").symbol == "k€"
    assert header_unit("COÛT 2001").__class__ is type(None)


@pytest.mark.parametrize("parts,decimals,tolerance", [
    (3, 2, "0.015"), (1, 0, "0.5"), (0, 1, "0.05"), (12, 0, "6"),   # at least one part counted
])
def test_rounding_tolerance_is_half_a_last_digit_per_part(parts, decimals, tolerance):
    assert rounding_tolerance(parts, decimals) == Decimal(tolerance)
