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
