"""Picking one extracted cell out of a table's records, as the corpus table tests do."""
from extractors.tables import cell_records


def one_record(table, row, column_start):
    """The single record of `table` in `row` whose column label starts with `column_start`."""
    found = [r for r in cell_records(table) if r["row"] == row and r["column"].startswith(column_start)]
    assert len(found) == 1, found
    return found[0]


def cell_texts(table) -> dict:
    """{(row, column): printed text} of a table's cells."""
    return {(r["row"], r["column"]): r["text"] for r in cell_records(table)}


def doc_of(tmp_path, text: str, name: str = "essai.txt"):
    """A Document read from `text` written to a file of `tmp_path` (its name sets the reader)."""
    from extractors.readers import read_document
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_document(path)
