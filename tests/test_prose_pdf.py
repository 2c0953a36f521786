"""Mentions in a PDF keep their page and their box, also when split over two lines."""
from extractors.extract import extract
from extractors.prose import mention_record
from extractors.readers import read_document
from pdf_factory import new_pdf, save, write_lines


def test_mentions_in_a_pdf_with_page_and_box(tmp_path):
    pdf = new_pdf()
    pdf.add_page()
    write_lines(pdf, ["Annexe II - Mesures", "En application de l'article L. 162-22-13 du code de la",
                      "sécurité sociale, 5,1 M€ sont délégués au CHU de Lille."])
    pdf.add_page()
    write_lines(pdf, ["Le décret n° 2021-216 du 25 février 2021 s'applique."])
    doc = read_document(save(pdf, tmp_path / "c.pdf"))
    mentions = extract(doc).mentions
    records = [mention_record(doc, m) for m in mentions]
    got = [(r["type"], r["text"], r["page"]) for r in records]
    assert ("legal_ref", "article L. 162-22-13 du code de la\nsécurité sociale", 1) in got
    assert ("amount", "5,1 M€", 1) in got
    assert ("establishment", "CHU de Lille", 1) in got
    assert ("legal_ref", "décret n° 2021-216 du 25 février 2021", 2) in got
    for m, r in zip(mentions, records):
        assert doc.text[r["start"]:r["end"]] == r["text"]
        assert m.evidence.box is not None
