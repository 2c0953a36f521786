"""Money amounts in prose: scales, currencies, francs, list dashes."""
from decimal import Decimal

from extractors.prose.amounts import find_amounts


def amounts(text):
    return [(text[s:e], n["value"], n["currency"]) for s, e, n in find_amounts(text)]


def test_scales_and_currencies():
    text = ("près de 761M€ ; 5,1 M€ ; 19,2K€ ; 53,9 k€ ; 0.7M€ ; 150 millions d'euros ; 4Md€ ; "
            "40,43 MEuro ; 60 000 euros ; 2,125 milliards de francs ; 2 400 F ; 71 MF")
    assert amounts(text) == [
        ("761M€", Decimal("761000000"), "EUR"), ("5,1 M€", Decimal("5100000"), "EUR"),
        ("19,2K€", Decimal("19200"), "EUR"), ("53,9 k€", Decimal("53900"), "EUR"),
        ("0.7M€", Decimal("700000"), "EUR"), ("150 millions d'euros", Decimal("150000000"), "EUR"),
        ("4Md€", Decimal("4000000000"), "EUR"), ("40,43 MEuro", Decimal("40430000"), "EUR"),
        ("60 000 euros", Decimal("60000"), "EUR"), ("2,125 milliards de francs", Decimal("2125000000"), "FRF"),
        ("2 400 F", Decimal("2400"), "FRF"), ("71 MF", Decimal("71000000"), "FRF")]


def test_francs_convert_to_euros():
    (_, _, norm), = find_amounts("une dotation de 71 millions de francs")
    assert norm["value_eur"] == Decimal("10823880.22")   # 71 000 000 / 6,55957


def test_list_dash_is_not_a_minus_sign_but_an_attached_sign_is():
    text = "- 7,3 M€ sont destinés ; – 200 K€ pour l'amorçage ; une correction de -0,05M€"
    assert amounts(text) == [("7,3 M€", Decimal("7300000"), "EUR"), ("200 K€", Decimal("200000"), "EUR"),
                             ("-0,05M€", Decimal("-50000"), "EUR")]


def test_per_unit_and_table_cells():
    (_, _, norm), = find_amounts("pour un montant de 8 000 €/place.")
    assert norm["per"] == "place"
    assert find_amounts("Bretagne\t336 369,7\t\t70,0\t368,8") == []


# ---- printed forms seen on documents never seen (issue 12)

def test_implicit_currency_after_a_scale_word():
    assert amounts("soit 12,5 millions, et 33 millions de plus") == [
        ("12,5 millions", Decimal("12500000"), "EUR"), ("33 millions", Decimal("33000000"), "EUR")]
    assert amounts("2 millions de personnes") == []
    # the currency of the amount before it
    assert amounts("réduites de 115,8 millions de francs, soit 7 millions sur l'année")[-1] == (
        "7 millions", Decimal("7000000"), "FRF")


def test_millions_d_euros_and_scale_words():
    assert amounts("250 millions d'euros") == [("250 millions d'euros", Decimal("250000000"), "EUR")]


def test_dot_as_thousands_separator():
    assert amounts("fixée à 274.720 millions de francs (41.880,8 millions d'euros) et 1.500 €") == [
        ("274.720 millions de francs", Decimal("274720000000"), "FRF"),
        ("41.880,8 millions d'euros", Decimal("41880800000"), "EUR"),
        ("1.500 €", Decimal("1500"), "EUR")]


def test_meuros_and_mdeuros():
    assert amounts("le FMESPP (300 MEuros), 70MEuros et 1,6 MdEuros") == [
        ("300 MEuros", Decimal("300000000"), "EUR"), ("70MEuros", Decimal("70000000"), "EUR"),
        ("1,6 MdEuros", Decimal("1600000000"), "EUR")]


def test_amount_in_words():
    assert amounts("une tranche de plus d'un milliard d'euros") == [
        ("un milliard d'euros", Decimal("1000000000"), "EUR")]


def test_numbers_inside_an_html_table_are_cells_not_amounts():
    assert amounts("<table><tr><td>Alsace</td><td>12 500 €</td></tr></table> soit 3 M€") == [
        ("3 M€", Decimal("3000000"), "EUR")]


def test_units_and_percentages_are_not_amounts():
    assert amounts("(en millions d'euros) une hausse de 2,5 % en 2003") == []


def test_cells_of_tables_the_table_engine_did_not_read_are_not_amounts(tmp_path):
    from extractors.extract import extract
    from extractors.readers import read_document
    path = tmp_path / "doc.txt"
    path.write_text("Le plan dispose de 12 M€ en 2003.\n\nAlsace |\n1 500 000 F |\n"
                    "Lorraine      2 400 €      3 100 €      5 500 €\n", encoding="utf-8")
    found = [(m.text, m.value) for m in extract(read_document(path)).mentions if m.type == "amount"]
    assert found == [("12 M€", Decimal("12000000"))]


def test_scale_word_before_an_abbreviated_currency():
    assert amounts("12 millions de F, 3,5 milliards de FF, 2 Mds d'euros, 15 millions de journées") == [
        ("12 millions de F", Decimal("12000000"), "FRF"), ("3,5 milliards de FF", Decimal("3500000000"), "FRF"),
        ("2 Mds d'euros", Decimal("2000000000"), "EUR")]
