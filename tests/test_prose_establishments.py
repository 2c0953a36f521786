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


def test_names_set_in_capitals():
    assert names("au CH DE VALENCE et au GCS AURAGEN") == [
        ("CH DE VALENCE", "CH de Valence", "CH", "Valence"), ("GCS AURAGEN", "GCS AURAGEN", "GCS", None)]


def test_establishment_column_of_a_tab_table(tmp_path):
    from extractors.prose.establishments import table_rows
    from extractors.readers import read_document
    path = tmp_path / "t.txt"
    path.write_text("Région\tÉtablissement\tMontant\nBretagne\tCentre Eugène Marquis\t12,5\n"
                    "Occitanie\tCHU de Toulouse\t1,0\nTotal\t\t13,5\n\nLes montants sont en milliers d'euros.\n",
                    encoding="utf-8")
    doc = read_document(path)
    rows = [(doc.text[f.start:f.end], f.norm["name"], f.norm["region"]) for f in table_rows(doc, [])]
    assert rows == [("Centre Eugène Marquis", "Centre Eugène Marquis", "53"),
                    ("CHU de Toulouse", "CHU de Toulouse", "76")]


def test_a_table_whose_columns_name_centres_is_not_an_establishment_table(corpus_docs):
    from extractors.prose.establishments import table_rows
    assert table_rows(corpus_docs["000_e5e150b2e5b19c7b.txt"], []) == []


def test_known_cities_and_region_names_place_the_establishment():
    found = {text: (f.norm["name"], f.norm["city"], f.norm["region"]) for text in
             ("CHU Tours", "CHU de Lille", "Centre Hospitalier de Mayotte", "CH de Villeneuve-sur-Lot")
             for f in find_establishments(text)}
    assert found == {"CHU Tours": ("CHU de Tours", "Tours", "24"), "CHU de Lille": ("CHU de Lille", "Lille", "32"),
                     "Centre Hospitalier de Mayotte": ("CH de Mayotte", "Mayotte", "06"),
                     "CH de Villeneuve-sur-Lot": ("CH de Villeneuve-sur-Lot", "Villeneuve-sur-Lot", None)}   # unknown city: not guessed


# ---- establishments outside the gazetteer (issue 12)

def test_cancer_centres_by_their_own_names():
    assert [n[:2] for n in names("le centre Léon Bérard et le Centre Jean Dupont")] == [
        ("centre Léon Bérard", "Centre Léon Bérard"), ("Centre Jean Dupont", "Centre Jean Dupont")]
    assert names("le Centre National de gestion") == []


def test_hospital_of_a_small_town():
    assert names("au CH de Briey") == [("CH de Briey", "CH de Briey", "CH", "Briey")]


def test_several_cities_after_one_kind():
    assert [n[1] for n in names("les CHU de Lille et de Lyon")] == ["CHU de Lille", "CHU de Lyon"]
    assert [n[1] for n in names("les CH de Briey, de Verdun ou d'Épinal")] == ["CH de Briey", "CH de Verdun", "CH d'Épinal"]


def test_apHP_spelt_out_in_any_case_and_chu_hopitaux():
    assert names("Assistance publique-hôpitaux de Paris")[0][1] == "Assistance Publique-Hôpitaux de Paris"
    assert names("Centre hospitalier universitaire-hôpitaux de Bordeaux")[0][1:] == ("CHU de Bordeaux", "CHU", "Bordeaux")


def test_hospital_sites_in_parentheses_of_a_table_row():
    text = ("<tr><td>Centre hospitalier universitaire de Rennes</td><td>350005179</td>"
            "<td>CRCM pédiatrique (hôpital sud)<br/>CRCM adultes (Pontchaillou)</td></tr>")
    assert [n[1] for n in names(text)] == [
        "CHU de Rennes", "Hôpital Sud (CHU de Rennes)", "Hôpital Pontchaillou (CHU de Rennes)"]
    # the same row once its markup is read as spaces
    text = "Assistance publique-hôpitaux de Paris   750712184   CRCM pédiatrique (Debré) CRCM adultes (Cochin)"
    assert [n[1] for n in names(text)][1:] == ["Hôpital Debré (AP-HP)", "Hôpital Cochin (AP-HP)"]
    assert names("recherche en soins primaires interrégional (ReSP-Ir) ; des établissement(s)") == []


def test_foundation_with_its_city():
    assert names("Fondation centre héliomarin (Roscoff)") == [
        ("Fondation centre héliomarin (Roscoff)", "Fondation Centre héliomarin de Roscoff", "ESPIC", "Roscoff")]


def test_towns_listed_without_a_preposition_after_one_kind():
    assert [n[1] for n in names("les CHU de Bordeaux, Toulouse et Montpellier")] == [
        "CHU de Bordeaux", "CHU de Toulouse", "CHU de Montpellier"]
    assert [n[1] for n in names("le CHU de Lille, Paris étant")] == ["CHU de Lille"]      # not an enumeration


def test_adjective_between_kind_and_name():
    assert names("l'Hôpital européen Georges-Pompidou")[0][:2] == (
        "Hôpital européen Georges-Pompidou", "Hôpital Georges-Pompidou")


def test_towns_come_from_a_maintained_gazetteer():
    from extractors.prose.establishments import is_town
    assert is_town("Verdun") and is_town("Nîmes") and not is_town("Dupont")


def test_generic_centres_are_not_named_after_a_person():
    assert names("le Centre Médico-Psychologique de la ville") == []
    assert names("l'Institut Mutualiste Montsouris")[0][1] == "Institut Mutualiste Montsouris"
