"""kg/vocabdoc.py: the vocabulary page is generated from ontology/*.ttl and up to date in
docs/, served at /vocab, its example queries answer rows on the corpus, and its recipe
for summing gives the printed figures where the naive sum counts money several times."""
from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from kg.query import parse_query, run, select_records
from kg.vocabdoc import EXAMPLES, NAIVE_SUM, SUM_RECIPE, render_markdown

DOC = Path(__file__).resolve().parent.parent / "docs" / "vocabulary.md"


def test_docs_vocabulary_is_up_to_date():
    assert DOC.read_text(encoding="utf-8") == render_markdown(), "run: python -m kg.vocabdoc > docs/vocabulary.md"


def test_the_page_documents_terms_with_domain_range_and_code_lists():
    page = render_markdown()
    for line in ("| `ckg:currentRegion` | object, dimension |  | `ckg:Region` |",
                 "| `ckg:year` | datatype, dimension |  | `xsd:integer` |",
                 "| `ckg:campaignYear` | datatype | `ckg:Circular` | `xsd:gYear` |",
                 "| `ckg:Circular` | `eli:LegalResource` |", "| `ckg:year` | dimension | 5 | true |",
                 "| `env:MIGAC` | MIGAC |", "| `reg:none` | none | sans objet |", "### `code:mig`"):
        assert line in page, line


def test_every_main_class_has_an_example():
    assert {cls for cls, _, _ in EXAMPLES} >= {
        "ckg:Circular", "qb:DataSet", "qb:Observation", "ckg:TableRow", "ckg:TableColumn", "ckg:Measure",
        "ckg:Mention", "ckg:TotalCheck", "ckg:AmountCheck", "ckg:Region", "ckg:MigCode", "eli:LegalResource",
        "schema:Hospital"}


@pytest.mark.parametrize("cls,query", [(c, q) for c, _, q in EXAMPLES], ids=[c for c, _, _ in EXAMPLES])
def test_each_example_query_answers_rows(graph, cls, query):
    assert select_records(run(graph, parse_query(query, name=cls)))


def test_the_recipe_gives_the_printed_grand_est_2024_totals_and_the_naive_sum_does_not(graph):
    rows = select_records(run(graph, SUM_RECIPE))
    assert [(r["envelope"], r["total"]) for r in rows] == [
        ("DAF", D("2389900")), ("MIGAC", D("629054100")), ("PSY", D("852292400")), ("SMR", D("464242100")),
        ("USLD", D("122860500"))]
    recipe = sum(r["total"] for r in rows)
    assert recipe == D("2070839000")
    # each is the printed grand total of the Grand Est row: its parts (the row's non-total
    # cells) add up to it within rounding (0.05 k€ per part)
    for r in rows:
        parts = select_records(run(graph, f"""SELECT (SUM(?eur) AS ?sum) (COUNT(?o) AS ?n) WHERE {{
            ?o qb:dataSet <{r['table']}> ; ckg:currentRegion <https://circulaires-kg.example.org/code/region/44> ;
                ckg:isTotal false ; ckg:amountEUR ?eur }}"""))[0]
        assert abs(parts["sum"] - r["total"]) <= 50 * parts["n"], r
    naive = select_records(run(graph, NAIVE_SUM))[0]["total"]
    assert naive == D("6055949100") and naive > 2 * recipe


def test_vocab_is_served(app):
    r = app.handle("GET", "/vocab")
    assert r.status == 200 and r.content_type.startswith("text/html")
    page = r.body.decode()
    assert "<table>" in page and "ckg:currentRegion" in page and "Summing without double counting" in page
