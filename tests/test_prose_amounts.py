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
