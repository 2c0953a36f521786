"""Region reference data: printed names of every era resolve to one region and to today's."""
import pytest

from extractors.regions import CURRENT, FORMER, find_region, today


@pytest.mark.parametrize("printed,code,today_code", [
    ("Provence - Alpes - Côte d’Azur", "93", "93"), ("PACA", "93", "93"),
    ("Nord - Pas-de-Calais", "31", "32"), ("Nord - Pas-de-Clalais", "31", "32"),   # a typo in the 2001 source
    ("Ile-de-France", "11", "11"), ("Bourgogne Franche Comté", "27", "27"),
    ("Centre Val de Loire", "24", "24"), ("Réunion", "04", "04"), ("Guyane *", "03", "03"),
    ("Pays-de-la-Loire", "52", "52"), ("Alsace", "42", "44"), ("Limousin", "74", "75"),
    ("France métropolitaine", "FRM", "FRM"), ("Total dotations régionales", "FR", "FR"),
])
def test_printed_names(printed, code, today_code):
    region = find_region(printed)
    assert region.code == code
    assert today(printed).code == today_code


def test_unknown_names_are_not_forced_into_a_region():
    assert find_region("Institut Curie") is None
    assert find_region("Total délégations") is None
    assert find_region("Normandie-Bretagne-Corse") is None


def test_every_former_region_has_a_current_successor():
    codes = {r.code for r in CURRENT}
    assert len(CURRENT) == 18 and len(FORMER) == 16
    assert all(r.successor in codes for r in FORMER)


def test_cities_place_establishments_in_todays_region():
    from extractors.regions import city_region
    assert [city_region(c) for c in ("Lille", "saint-etienne", "Tours", "Saint-Denis", None)] == \
        ["32", "84", "24", None, None]


def test_the_turtle_is_read_as_plain_strings():
    from ontology.reference import regions
    by_notation = {c.notation: c for c in regions()}
    assert (by_notation["42-2015"].insee_code, by_notation["42-2015"].today) == ("42", "44")
    assert by_notation["FR"].groups == ("FRM", "DOM") and by_notation["FR"].today is None
    assert by_notation["93"].alt_labels == ("PACA",)


def test_region_key_is_the_fold_without_article_nor_spaces():
    from extractors.regions import region_key
    assert region_key("La Réunion") == region_key("Réunion") == "reunion"
    assert region_key("Provence - Alpes - Côte d’Azur") == region_key("Provence-Alpes-Côte d'Azur")
    assert region_key("Le Mans") == "mans" and region_key("Lens") == "lens"
