"""Legal references: code articles (lists, ranges, code before/after), texts by number
and date, ranks of earlier circulars."""
from extractors.prose.legal import find_legal_refs


def refs(text):
    return [(text[r.start:r.end], r.norm) for r in find_legal_refs(text)]


def test_list_with_code_after_gives_one_reference_per_article():
    text = ("aux articles L. 162-22-8-2, L. 162-22-13, R. 162-32-2 et D. 162-6 à D. 162-8 "
            "du code de la sécurité sociale ;")
    found = refs(text)
    assert [(t, n["code"], n["article"], n["article_end"]) for t, n in found] == [
        ("L. 162-22-8-2", "CSS", "L162-22-8-2", None),
        ("L. 162-22-13", "CSS", "L162-22-13", None),
        ("R. 162-32-2", "CSS", "R162-32-2", None),
        ("D. 162-6 à D. 162-8", "CSS", "D162-6", "D162-8"),
    ]
    assert found[0][1]["uri"] == "https://www.legifrance.gouv.fr/codes/id/LEGITEXT000006073189"


def test_code_named_before_the_list_and_et_suivants():
    found = refs("Code de la santé publique, notamment les articles L. 6145-1 et suivants et R. 6145-1 et suivants ;")
    assert [(t, n["code"], n["article"]) for t, n in found] == [
        ("L. 6145-1 et suivants", "CSP", "L6145-1"), ("R. 6145-1 et suivants", "CSP", "R6145-1")]


def test_article_without_code_takes_the_code_of_the_sentence():
    found = refs("aux articles D. 162-6 et D. 162-7 du code de la sécurité sociale, ainsi que la liste "
                 "financée au titre de la dotation mentionnée à l'article L. 162-23-8;")
    assert [(n["article"], n["code"]) for _, n in found] == [("D162-6", "CSS"), ("D162-7", "CSS"), ("L162-23-8", "CSS")]


def test_glued_articles_and_paragraph_suffix():
    found = refs("articles R. 162-33-1 à R. 162-33-3R. 162-33-4 du code de la sécurité sociale")
    assert [(n["article"], n["article_end"]) for _, n in found] == [("R162-33-1", "R162-33-3"), ("R162-33-4", None)]
    assert refs("L’article L. 4111-2-I du code de la santé publique prévoit")[0][1]["article"] == "L4111-2"


def test_texts_with_number_date_title_and_eli():
    text = ("• Loi n° 2003-1199 du 18 décembre 2003 de financement de la sécurité sociale et notamment "
            "son article 33 modifié ; • Arrêté du 12 avril 2024 fixant pour l'année 2024 l'objectif des "
            "dépenses mentionné à l'article L. 162-22-9 du Code de la sécurité sociale ;")
    found = [(t, n) for t, n in refs(text) if n["kind"] != "code_article"]
    (loi_text, loi), (arr_text, arr) = found
    assert loi_text == "Loi n° 2003-1199 du 18 décembre 2003"
    assert (loi["number"], loi["date"], loi["article"]) == ("2003-1199", "2003-12-18", "33")
    assert loi["uri"] == "https://www.legifrance.gouv.fr/eli/loi/2003/12/18/2003-1199/jo/texte"
    assert arr_text == "Arrêté du 12 avril 2024"
    assert arr["title"] == ("fixant pour l'année 2024 l'objectif des dépenses mentionné à l'article "
                            "L. 162-22-9 du Code de la sécurité sociale")


def test_instruction_numbers_and_a_list_of_texts_of_one_kind():
    text = ("mis en place par les instructions interministérielles N° DGOS//PFA/DGFIP/CL1C/CL2A/2014/363 "
            "du 22 décembre 2014 et N°DGOS/PF1/DGFIP/CL1C/CL2A/2015/251 du 28 juillet 2015, prévoit")
    found = refs(text)
    assert [(n["kind"], n["number"], n["date"]) for _, n in found] == [
        ("instruction", "DGOS//PFA/DGFIP/CL1C/CL2A/2014/363", "2014-12-22"),
        ("instruction", "DGOS/PF1/DGFIP/CL1C/CL2A/2015/251", "2015-07-28")]
    assert found[1][0] == "N°DGOS/PF1/DGFIP/CL1C/CL2A/2015/251 du 28 juillet 2015"


def test_bare_present_circular_and_issuer_codes_are_not_numbers():
    assert refs("Le montant délégué par la présente circulaire s'élève à 8,5 M€.") == []
    (_, n), = refs("indiqués dans la circulaire DHOS/M2 du 28 mai 2001.")
    assert (n["kind"], n["number"], n["date"]) == ("circulaire", None, "2001-05-28")


def test_missing_year_and_dernier_resolve_against_the_circular_date():
    text = ("Circulaire DSS/1 A/DHOS/F 2 n° 2001-465 du 27 septembre 2001 relative à la campagne\n"
            "Arrêté du 1er février fixant pour l'année 2001 l'objectif ;\n"
            "agréés par arrêté ministériel du 6 avril dernier. Ces accords")
    assert [n["date"] for _, n in refs(text)] == ["2001-09-27", "2001-02-01", "2001-04-06"]


def test_ranks_of_earlier_circulars_but_not_the_circular_itself():
    text = ("Cette deuxième circulaire budgétaire délègue 761M€. Ils complètent la 1ère circulaire "
            "budgétaire 2024 ; la deuxième circulaire verse le complément ; en 1ère circulaire 2025.")
    found = refs(text)
    assert [(t, n["rank"], n["year"]) for t, n in found] == [
        ("1ère circulaire budgétaire 2024", 1, 2024), ("1ère circulaire 2025", 1, 2025)]


def test_named_laws_carry_their_known_identity_apart_from_what_is_printed():
    (text, n), = refs("des dispositions de la Loi Elan en matière d'énergie")
    assert text == "Loi Elan" and n["number"] is None and n["known_number"] == "2018-1021"


def test_article_of_a_law_belongs_to_the_law_reference():
    found = refs("mentionnées au IV de l'article 78 de la loi du 21 décembre 2015 susvisée")
    assert [(t, n["kind"], n["article"], n["date"]) for t, n in found] == [
        ("loi du 21 décembre 2015", "loi", "78", "2015-12-21")]


def test_yearly_financing_act_named_by_its_year():
    found = refs("conformément à l'article 51 de la loi de financement de la sécurité sociale pour 2018")
    assert [(t, n["kind"], n["year"], n["article"]) for t, n in found] == [
        ("loi de financement de la sécurité sociale pour 2018", "loi", 2018, "51")]
