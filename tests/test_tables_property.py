"""One grid, several ways of delimiting its cells: any small grid of French numbers written
as a markdown pipe table, an HTML table, a tab table and a one-cell-per-line dump of a
pipe table reads back to the same cells."""
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.numbers import format_number
from extractors.readers import read_document
from extractors.tables import cell_records, extract_tables

REGIONS = ["Alsace", "Bretagne", "Corse", "Limousin", "Picardie", "Auvergne"]
HEADS = ["Base", "Mesures nouvelles", "Crédits reconductibles", "Dotation"]

amounts = st.builds(lambda units, decimals: Decimal(units).scaleb(-decimals),
                    st.integers(min_value=0, max_value=9_999_999), st.sampled_from([0, 2]))


@st.composite
def grids(draw):
    n_rows = draw(st.integers(min_value=2, max_value=5))
    n_cols = draw(st.integers(min_value=1, max_value=3))
    values = [[draw(amounts) for _ in range(n_cols)] for _ in range(n_rows)]
    sep = draw(st.sampled_from([" ", "\u00a0", "\u202f"]))
    return REGIONS[:n_rows], HEADS[:n_cols], values, sep


def _text(value, sep):
    return format_number(value, sep=sep)


def as_pipes(rows, heads, values, sep):
    lines = ["| Région | " + " | ".join(heads) + " |", "|" + "---|" * (len(heads) + 1)]
    lines += ["| " + r + " | " + " | ".join(_text(v, sep) for v in vals) + " |" for r, vals in zip(rows, values)]
    return "\n".join(lines) + "\n"


def as_tabs(rows, heads, values, sep):
    lines = ["Région\t" + "\t".join(heads)]
    lines += [r + "\t" + "\t".join(_text(v, sep) for v in vals) for r, vals in zip(rows, values)]
    return "\n".join(lines) + "\n"


def as_html(rows, heads, values, sep):
    out = ["<table>", "<tr><th>Région</th>" + "".join(f"<th>{h}</th>" for h in heads) + "</tr>"]
    for r, vals in zip(rows, values):
        out.append(f"<tr><td>{r}</td>" + "".join(f"<td>{_text(v, sep)}<br/>\n</td>" for v in vals) + "</tr>")
    out.append("</table>")
    return "\n".join(out) + "\n"


def as_cell_lines(rows, heads, values, sep):
    lines = ["|", "Région |"] + [h + " |" for h in heads] + ["|" * (len(heads) + 2)]
    for r, vals in zip(rows, values):
        lines += ["|", r + " |"] + [_text(v, sep) + " |" for v in vals]
    return "\n".join(lines) + "\n"


def read_back(tmp_path, name, text):
    path = tmp_path / name
    path.write_text("Tableau d'essai\n\n" + text, encoding="utf-8")
    doc = read_document(path)
    out = set()
    for table in extract_tables(doc):
        for r in cell_records(table):
            assert doc.text[r["start"]:r["end"]].replace("\u00a0", " ").replace("\u202f", " ") \
                == r["text"].replace("\u00a0", " ").replace("\u202f", " ")
            out.add((r["row"], r["column"], r["value"]))
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(grids())
def test_same_cells_whatever_the_delimiters(tmp_path, grid):
    rows, heads, values, sep = grid
    expected = {(r, h, v) for r, vals in zip(rows, values) for h, v in zip(heads, vals)}
    assert read_back(tmp_path, "pipes.md", as_pipes(*grid)) == expected
    assert read_back(tmp_path, "tabs.txt", as_tabs(*grid)) == expected
    assert read_back(tmp_path, "table.md", as_html(*grid)) == expected
    assert read_back(tmp_path, "lines.txt", as_cell_lines(*grid)) == expected
