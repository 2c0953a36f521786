"""MIG codes: nature and renewal next to them, table headers, nomenclatures."""
from extractors.extract import extract
from extractors.prose.migcodes import normal_code


def test_zero_read_for_letter_o():
    assert normal_code("002") == "O02" and normal_code("F21") == "F21"


def test_codes_in_prose_with_renewal_and_lists(corpus_docs):
    mentions = extract(corpus_docs["000_e5e150b2e5b19c7b.txt"]).mentions
    codes = [(m.evidence.line, m.text, m.code, m.nature, m.renewal)
             for m in mentions if m.type == "mig_code"]
    assert (649, "F21", "F21", "MIG", "JPE") in codes
    assert (742, "002", "O02", "MIG", "JPE") in codes
    assert (764, "P02", "P02", "MIG", "NR") in codes
    assert (808, "G03", "G03", None, None) in codes          # `(G03)` alone in parentheses
    # the header row of a table: nature above, renewal below, same column
    assert [c for c in codes if c[0] == 78] == [
        (78, "Q03", "Q03", "MIG", "JPE"), (78, "F21", "F21", "MIG", "JPE"),
        (78, "F22", "F22", "MIG", "JPE"), (78, "F23", "F23", "MIG", "JPE")]
    # `transmission à M12` (a month) and `24h/24h` are not codes
    assert not [c for c in codes if c[2] in ("M12", "H24")]


# ---- MIG codes on documents never seen (issue 12)

def _codes(tmp_path, text):
    from extractors.readers import read_document
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    return [(m.evidence.line, m.text, m.code) for m in extract(read_document(path)).mentions if m.type == "mig_code"]


def test_codes_in_an_html_nomenclature_table(tmp_path):
    text = ("ANNEXE\n\n<table>\n<tr>\n<th>\n<br/>CODE</th>\n<th>\n<br/>LIBELLÉ</th>\n</tr>\n"
            "<tr>\n<td align=\"center\">\n<br/>A01</td>\n<td>\n<br/>Le financement des missions (part fixe)</td>\n</tr>\n"
            "<tr>\n<td align=\"center\">\n<br/>D22</td>\n<td>\n<br/>Les centres de référence</td>\n</tr>\n</table>\n")
    assert [c[1:] for c in _codes(tmp_path, text)] == [("A01", "A01"), ("D22", "D22")]


def test_codes_in_a_pipe_table(tmp_path):
    text = "Liste\n\n| Code | Libellé |\n|---|---|\n| F21 | Plateformes |\n| G03 | Consultations |\n"
    assert [c[1:] for c in _codes(tmp_path, text)] == [("F21", "F21"), ("G03", "G03")]


def test_codes_with_a_merri_prefix_and_in_a_list(tmp_path):
    text = "Les crédits MERRI G03 et la MIG F21, F22 et F23 sont délégués.\n"
    assert [c[1:] for c in _codes(tmp_path, text)] == [("G03", "G03"), ("F21", "F21"), ("F22", "F22"), ("F23", "F23")]


def test_ranges_and_codes_after_mission_words(tmp_path):
    assert [c[1] for c in _codes(tmp_path, "les MIG G03 à G05 et la mission d'intérêt général D05.\n")] == [
        "G03", "G05", "D05"]
    assert [c[1] for c in _codes(tmp_path, "le code MIG : F21 ; les missions G03, G04 et G05 sont déléguées.\n")] == [
        "F21", "G03", "G04", "G05"]
    assert _codes(tmp_path, "la mission de service public H24.\n") == []
