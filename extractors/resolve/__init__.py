"""Resolution and linking as pure functions over one document's facts: which region or
establishment a table row is, which envelope a column funds, which columns fund a measure
of the prose, which table totals a prose amount announces. Nothing here reads text or
writes RDF: facts in, `Links` out (kg/build.py turns them into triples)."""
from __future__ import annotations

from extractors.facts import Links
from extractors.resolve.amounts import amount_checks, column_sums, grand_totals
from extractors.resolve.codes import column_codes, dataset_envelope, measure_codes
from extractors.resolve.legal import legal_identities
from extractors.resolve.measures import find_measures, measure_columns
from extractors.resolve.regions import mention_regions
from extractors.resolve.rows import mention_establishments, nomenclature_codes, row_entities


def resolve(doc, tables: list, mentions: list) -> Links:
    """The links of one document, from its tables and mentions (and its sections)."""
    links = Links()
    for table in tables:
        if table.kind == "nomenclature":
            links.nomenclature.update(nomenclature_codes(table))
            continue
        envelope = links.datasets[table.id] = dataset_envelope(table)
        totals = [col.index for col in table.columns if col.is_total]
        if totals:          # a row's grand total: the table's last total column
            links.last_totals[table.id] = max(totals)
        links.columns.update(column_codes(table, envelope))
        links.rows.update(row_entities(table, mentions))
        links.column_sums.update(column_sums(table))
    links.establishments = mention_establishments(mentions)
    links.regions = mention_regions(mentions)
    links.measure_codes = measure_codes(mentions)
    links.legal = legal_identities(mentions)
    measures = find_measures(doc.sections, tables, mentions)
    links.measures = measure_columns(measures, tables)
    links.amount_checks = amount_checks(measures, links.measures, tables, mentions, grand_totals(tables))
    return links
