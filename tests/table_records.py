"""Picking one extracted cell out of a table's records, as the corpus table tests do."""
from extractors.tables import cell_records


def one_record(table, row, column_start):
    """The single record of `table` in `row` whose column label starts with `column_start`."""
    found = [r for r in cell_records(table) if r["row"] == row and r["column"].startswith(column_start)]
    assert len(found) == 1, found
    return found[0]
