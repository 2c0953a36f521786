"""Text repair before NER: every repaired character maps back to the original text."""
from extractors.prose.repair import breaks, repair


def _back(original, rep, needle):
    i = rep.text.index(needle)
    s, e = rep.original(i, i + len(needle))
    return original[s:e]


def test_reference_split_over_lines_joins_and_maps_back():
    original = "mentionnée à l'article L. \n\n162-23-8 du code"
    rep = repair(original)
    assert "l'article L. 162-23-8 du code" in rep.text
    assert _back(original, rep, "L. 162-23-8") == "L. \n\n162-23-8"


def test_n_o_on_two_lines_becomes_numero_sign():
    original = "○ Circulaire n\no \n\nDGOS/R1/2017/164 du 9 mai 2017"
    rep = repair(original)
    assert "Circulaire n° DGOS/R1/2017/164" in rep.text
    assert _back(original, rep, "n° DGOS") == "n\no \n\nDGOS"


def test_lost_accents_restored_from_the_document_vocabulary():
    original = "Les cre dits alloue s aux activite s.\nDes crédits alloués aux activités."
    rep = repair(original)
    assert rep.text.startswith("Les crédits alloués aux activités.")
    assert _back(original, rep, "crédits alloués") == "cre dits alloue s"


def test_words_cut_at_line_end_keep_real_compounds():
    original = "les masseurs-\nkinésithérapeutes et les établisse-\nments ; des établissements"
    rep = repair(original)
    assert "masseurs-kinésithérapeutes" in rep.text
    assert "les établissements ;" in rep.text


def test_markup_removed_inside_words_and_amounts():
    original = "dans la 1<sup>ère</sup> circulaire, près de **761M€** et l'[article D. 304-1](#)"
    rep = repair(original)
    assert "dans la 1ère circulaire, près de 761M€ et l'article D. 304-1" in rep.text
    assert _back(original, rep, "1ère circulaire") == "1<sup>ère</sup> circulaire"


def test_table_rows_keep_their_line_breaks():
    original = "Région\tF21\nBretagne\t226,0\n"
    rep = repair(original)
    assert rep.text == original
    assert breaks(rep, original) == {10, 25}
