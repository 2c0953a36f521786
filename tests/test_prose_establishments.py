"""Named establishments: kind + proper name, canonical names, generic mentions left out."""
from extractors.prose.establishments import find_establishments


def names(text):
    return [(text[f.start:f.end], f.norm["name"], f.norm["kind"], f.norm["city"]) for f in find_establishments(text)]


def test_kinds_names_and_cities():
    text = ("transféré du CHU de St Etienne à l'hôpital Necker (AP-HP), au centre hospitalier universitaire "
            "de Strasbourg et au CH d'Henry-Ey (Bonneval).")
    assert names(text) == [
        ("CHU de St Etienne", "CHU de Saint-Etienne", "CHU", "Saint-Etienne"),
        ("hôpital Necker (AP-HP)", "Hôpital Necker (AP-HP)", "other", "Paris"),
        ("AP-HP", "Assistance Publique-Hôpitaux de Paris", "CHU", "Paris"),
        ("centre hospitalier universitaire de Strasbourg", "CHU de Strasbourg", "CHU", "Strasbourg"),
        ("CH d'Henry-Ey (Bonneval)", "CH d'Henry-Ey", "CH", "Bonneval"),
    ]


def test_generic_mentions_are_not_establishments():
    assert names("plusieurs universités et CHU ; le GCS régional ; par l'EPSM ; des CHSCT ; les CH") == []


def test_region_in_parentheses_and_names_without_preposition():
    found = find_establishments("AP-HP Paris (IDF), CHU de Tours (Centre-Val de Loire) et GCS SeqOIA")
    assert [(f.norm["name"], f.norm["region"]) for f in found] == [
        ("Assistance Publique-Hôpitaux de Paris", "11"), ("CHU de Tours", "24"), ("GCS SeqOIA", None)]


def test_well_known_institutions_by_abbreviation():
    assert [n for _, n, _, _ in names("IGR, Villejuif ; R.-Huguenin ; CF Baclesse, Caen ; CLB, Lyon")] == [
        "Institut Gustave Roussy", "Centre René Huguenin", "Centre François Baclesse", "Centre Léon Bérard"]
