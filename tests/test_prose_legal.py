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


# ---- families of misses on documents never seen (issue 12)

def _ids(text):
    return [(t, n["kind"], n.get("code"), n.get("article"), n.get("number"), n.get("date")) for t, n in refs(text)]


def test_issuer_printed_after_the_number():
    assert _ids("Vu la circulaire n° 2003-150 DHOS-O/DSS-1 A du 28 mars 2003 relative aux budgets") == [
        ("circulaire n° 2003-150 DHOS-O/DSS-1 A du 28 mars 2003", "circulaire", None, None, "2003-150", "2003-03-28")]


def test_issuer_code_printed_with_spaces():
    assert _ids("la circulaire DHOS/O 1/F 4/2006/150 du 5 avril 2006") == [
        ("circulaire DHOS/O 1/F 4/2006/150 du 5 avril 2006", "circulaire", None, None, "DHOS/O1/F4/2006/150",
         "2006-04-05")]


def test_old_serial_after_the_issuer():
    assert _ids("la circulaire DH/AF2/96 n° 754 du 12 décembre 1996") == [
        ("circulaire DH/AF2/96 n° 754 du 12 décembre 1996", "circulaire", None, None, "754", "1996-12-12")]


def test_nearest_code_named_after_the_list_wins_over_a_code_named_before():
    found = _ids("Vu le code de la santé publique ; en application des articles L. 6145-1 et R. 6145-10 "
                 "modifiés du code de la sécurité sociale")
    assert [(t, c, a) for t, _, c, a, _, _ in found] == [("L. 6145-1", "CSS", "L6145-1"), ("R. 6145-10", "CSS", "R6145-10")]


def test_decret_number_without_n():
    assert _ids("le décret 2001-1234 du 20 décembre 2001 relatif aux") == [
        ("décret 2001-1234 du 20 décembre 2001", "decret", None, None, "2001-1234", "2001-12-20")]


def test_decisions_deliberations_and_avis_of_bodies():
    assert _ids("la décision du 14 mars 2003 du directeur") == [
        ("décision du 14 mars 2003", "decision", None, None, None, "2003-03-14")]
    assert _ids("la délibération n° 2010-05 du conseil de la CNSA du 12 mars 2010") == [
        ("délibération n° 2010-05 du conseil de la CNSA du 12 mars 2010", "deliberation", None, None, "2010-05",
         "2010-03-12")]
    assert _ids("l'avis du 3 avril 2012 du comité") == [("avis du 3 avril 2012", "avis", None, None, None, "2012-04-03")]
    assert _ids("un avis favorable du comité") == []


def test_numeric_date_and_datee_du():
    assert _ids("l'arrêté du 14/03/2003 fixant") == [("arrêté du 14/03/2003", "arrete", None, None, None, "2003-03-14")]
    assert _ids("la circulaire datée du 12 mars 2004") == [
        ("circulaire datée du 12 mars 2004", "circulaire", None, None, None, "2004-03-12")]


def test_upper_case_article_list():
    assert _ids("AUX ARTICLES D. 162-6 ET D. 162-7 DU CODE DE LA SÉCURITÉ SOCIALE") == [
        ("D. 162-6", "code_article", "CSS", "D162-6", None, None), ("D. 162-7", "code_article", "CSS", "D162-7", None, None)]


def test_son_article_after_a_code_and_an_article_cut_by_the_end():
    assert _ids("Vu le code de l'action sociale et des familles, notamment son article L. 314-4 ;")[0][2] == "CASF"
    assert _ids("mentionnés aux I et IV de l'article L. 162-") == []


def test_notamment_l_article_is_part_of_the_text_and_a_bare_article_after_a_colon():
    found = refs("Vu le décret n° 2007-46 du 10 janvier 2007 modifié, notamment l'article 8 ;")
    assert [(t, n["number"], n["article"]) for t, n in found] == [("décret n° 2007-46 du 10 janvier 2007", "2007-46", "8")]
    found = _ids("L'arrêté du 20 mars 2009 susvisé est modifié ainsi qu'il suit :\n1° A l'article 1er, les montants")
    assert found[1] == ("article 1er", "arrete", None, "1", None, "2009-03-20")


def test_texts_known_by_their_name_or_year():
    found = refs("la loi ASV et la loi de finances pour 1998")
    assert [(t, n["kind"], n["number"], n.get("known_number"), n.get("act"), n.get("year")) for t, n in found] == [
        ("loi ASV", "loi", None, "2015-1776", None, None), ("loi de finances pour 1998", "loi", None, None, "lf", 1998)]


def test_spaced_slash_in_issuer_lettre_circulaire_and_article_modifie():
    assert _ids("la circulaire DHOS-F2 / DSS-1A n° 2006-81 du 24 février 2006") == [
        ("circulaire DHOS-F2 / DSS-1A n° 2006-81 du 24 février 2006", "circulaire", None, None, "2006-81", "2006-02-24")]
    assert _ids("la lettre-circulaire du 10 mars 2005") == [
        ("lettre-circulaire du 10 mars 2005", "circulaire", None, None, None, "2005-03-10")]
    assert _ids("l'article 33 modifié de la loi n° 2003-1199") == [
        ("loi n° 2003-1199", "loi", None, "33", "2003-1199", None)]


def test_the_citing_sentence_verb_ends_a_title():
    found = refs("l'instruction du 24 juin 2021 relative au déploiement de ces unités prévoit dans son annexe 4 la mise")
    assert found[0][1]["title"] == "relative au déploiement de ces unités"


def test_two_years_are_not_a_bare_number():
    assert _ids("la circulaire 2016-2017 relative à la campagne") == []


def test_article_1er_of_a_text():
    assert _ids("articles 1er et 2 de l'arrêté du 5 mars 2006") == [
        ("arrêté du 5 mars 2006", "arrete", None, "1", None, "2006-03-05")]
