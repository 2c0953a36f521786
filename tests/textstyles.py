"""Tables of `gold_tables.Grid`s written again in the layouts the web stores them in, so a
table seen in one layout tests the readers of the others (issue 11). Each writer copies the
furniture of the external examples (`../shared/external/docs`): the heading and markdown
around a Légifrance annex, the unit line above the table, the caption; numbers are printed
in French (decimal comma) with the thousands separator the layout uses.

`LAYOUTS` maps a layout's name to (file suffix, writer); a writer takes the grids of one
document and returns its text."""
from __future__ import annotations

import html
import re
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:                     # grids come from `gold_tables`, imported as `tests.gold_tables` or not
    from gold_tables import Grid

NBSP, NNBSP = "\u00a0", "\u202f"
_NUMBER = re.compile(r"(?P<sign>[-−–]\s?)?(?P<int>\d{1,3}(?:[\s.\u00a0\u202f]\d{3})+|\d+)(?P<dec>,\d+)?(?P<pct>\s*%)?")
_UNIT_WORDS = {"k€": "milliers d'euros", "M€": "millions d'euros", "Md€": "milliards d'euros",
               "€": "euros", "kF": "milliers de francs", "MF": "millions de francs", "F": "francs"}


def french(text: str, sep: str = " ") -> str:
    """A printed number again with `sep` between its thousands (`1 234,5`); a number of
    four digits or fewer printed without a separator (a year, `1810`) stays so. Text that
    is not a number is returned as it is."""
    m = _NUMBER.fullmatch(text.strip())
    if not m:
        return text
    digits = re.sub(r"\D", "", m.group("int"))
    if len(digits) > 4 or len(digits) < len(m.group("int")):
        head = len(digits) % 3 or 3
        digits = sep.join([digits[:head]] + [digits[k:k + 3] for k in range(head, len(digits), 3)])
    sign = re.sub(r"\s", " ", m.group("sign") or "")
    return sign + digits + (m.group("dec") or "") + (m.group("pct") or "").strip()


def unit_line(grid: Grid, capital: bool = False) -> str:
    """`(en milliers d'euros)` above the table, or '' when the grid has no unit."""
    if not grid.unit:
        return ""
    # a gold unit may explain itself (`milliers d'euros (MONTANT columns…)`): its unit only
    words = _UNIT_WORDS.get(grid.unit) or re.split(r"\s*[(;]", grid.unit)[0]
    return f"({'En' if capital else 'en'} {words})"


def groups(grid: Grid) -> list[tuple[str, str]]:
    """(group, leaf) of each column: `group / leaf` labels, or a year opening the labels of
    several columns (`1998 LFI`, `1998 Consommation`); ('', label) for a column alone."""
    out = []
    for label in grid.columns:
        if " / " in label:
            g, leaf = label.split(" / ", 1)
            out.append((g, leaf))
            continue
        m = re.match(r"((?:19|20)\d{2})\s+(\S.*)$", label)
        year_shared = m and sum(c.startswith(m.group(1) + " ") for c in grid.columns) >= 2
        out.append((m.group(1), m.group(2)) if year_shared else ("", label))
    return out


def _runs(pairs: list[tuple[str, str]]) -> list[tuple[str, int]]:
    """(group, columns spanned) from left to right; '' spans a column without a group."""
    out: list[tuple[str, int]] = []
    for g, _ in pairs:
        if out and g and out[-1][0] == g:
            out[-1] = (g, out[-1][1] + 1)
        else:
            out.append((g, 1))
    return out


def _value(grid: Grid, row: str, col: str, sep: str) -> str:
    return french(grid.cells.get((row, col), ""), sep)


def _break(label: str, mark: str, every: int = 3) -> str:
    """A long header label cut into lines of `every` words (as Légifrance prints them)."""
    words = label.split()
    return mark.join(" ".join(words[k:k + every]) for k in range(0, len(words), every))


# ---------------------------------------------------------------- HTML

def legifrance(grids: list[Grid], sep: str = " ", br_first: bool = False, head: str = "th") -> str:
    """An etalab Légifrance annex: markdown heading, title line, `<div align="center">`,
    `<th>` labels cut by `<br/>`, each `<td>` value on its own line ending in `<br/>` and
    `</td>` on the next (`br_first`: `<br/>` opening the value, `</td>` on its line, as the
    MIG list prints them); an empty header corner is `<td/>`. `head="td"`: header cells
    are `<td>`s holding a `<p align="center">`, as the LFRSS ONDAM table prints them."""
    out = ["# Article Annexe", ""]
    esc = html.escape
    for grid in grids:
        out += [grid.title, ""]
        if grid.unit:
            out += [unit_line(grid, capital=True), ""]
        out += ['<div align="center">', "", "<table>", "<tbody>"]
        pairs = groups(grid)
        two = any(g for g, _ in pairs)
        out.append("<tr>")
        rs = ' rowspan="2"' if two else ""
        out.append(f"<th{rs}>{esc(grid.row_header)}<br/>\n<br/>\n</th>" if grid.row_header else f"<td{rs}/>")
        k = 0
        def cell(attrs: str, label: str) -> str:
            if head == "td":
                return f'<td{attrs}>\n<p align="center"> {_break(esc(label), " <br/>")}</p>\n</td>'
            return f"<th{attrs}>{_break(esc(label), '<br/>')}<br/>\n</th>"
        for g, span in _runs(pairs):
            out.append(cell(f' colspan="{span}"', g) if g else cell(rs, pairs[k][1]))
            k += span
        out.append("</tr>")
        if two:
            out.append("<tr>")
            out += [cell("", leaf) for g, leaf in pairs if g]
            out.append("</tr>")
        for row in grid.rows:
            out.append("<tr>")
            for text in [row] + [_value(grid, row, c, sep) for c in grid.columns]:
                if br_first:
                    out.append(f'<td align="center" valign="middle">\n<br/>{esc(text)}</td>')
                else:
                    out.append(f'<td align="center">{esc(text)}<br/>\n</td>')
            out.append("</tr>")
        out += ["</tbody>", "</table>", "", "</div>", ""]
    return "\n".join(out)


def html_page(grids: list[Grid], sep: str = NBSP, thead: bool = True) -> str:
    """A standalone page: a unit paragraph, the title as `<caption>` (with `thead`) or a
    heading above, several header rows (`colspan`
    over a group's leaves, `rowspan` for the cells that have no group), `<p>` inside the
    cells, `<thead>`/`<tbody>` or bare `<tr>`s."""
    esc = html.escape
    out = ["<!DOCTYPE html>", '<html lang="fr">', '<head><meta charset="utf-8"><title>Annexes</title></head>',
           "<body>"]
    for grid in grids:
        pairs = groups(grid)
        two = any(g for g, _ in pairs)
        if not thead:
            out.append(f"<h2>{esc(grid.title)}</h2>")
        if grid.unit:
            out.append(f"<p>{esc(unit_line(grid))}</p>")
        out.append('<table border="1">')
        if thead:
            out.append(f"<caption>{esc(grid.title)}</caption>")
        out.append("<thead>" if thead else "")
        rs = ' rowspan="2"' if two else ""
        top = [f"<th{rs}><p>{esc(grid.row_header)}</p></th>"]
        k = 0
        for g, span in _runs(pairs):
            top.append(f'<th colspan="{span}"><p>{esc(g)}</p></th>' if g else f"<th{rs}><p>{esc(pairs[k][1])}</p></th>")
            k += span
        out.append("<tr>" + "".join(top) + "</tr>")
        if two:
            out.append("<tr>" + "".join(f"<th><p>{esc(leaf)}</p></th>" for g, leaf in pairs if g) + "</tr>")
        out.append("</thead>\n<tbody>" if thead else "")
        for row in grid.rows:
            cells = "".join(f'<td align="right"><p>{esc(_value(grid, row, c, sep))}</p></td>' for c in grid.columns)
            out.append(f"<tr><td><p>{esc(row)}</p></td>{cells}</tr>")
        out.append("</tbody>" if thead else "")
        out += ["</table>", "<p>Source : ministère des solidarités et de la santé.</p>"]
    out += ["</body>", "</html>", ""]
    return "\n".join(line for line in out if line)


# ---------------------------------------------------------------- pipes

def pipes(grids: list[Grid], sep: str = " ") -> str:
    """Well-formed markdown: `| a | b |` rows over `|---|`, the title and unit above; a
    grouped column's label is `group / leaf` in its one header cell."""
    out = []
    for grid in grids:
        out += [f"**{grid.title}**", ""]
        if grid.unit:
            out += [unit_line(grid), ""]
        heads = [grid.row_header] + [f"{g} / {leaf}" if g else leaf for g, leaf in groups(grid)]
        out.append("| " + " | ".join(heads) + " |")
        out.append("|" + "|".join(["---"] + ["---:"] * len(grid.columns)) + "|")
        for row in grid.rows:
            out.append("| " + " | ".join([row] + [_value(grid, row, c, sep) for c in grid.columns]) + " |")
        out += ["", "Source : ministère des solidarités et de la santé.", ""]
    return "\n".join(out)


def _senat_cells(grid: Grid, sep: str, wrap: int | None) -> list[str]:
    """The Sénat stream: each header cell, then each row's label and values, as lines;
    `|` alone opens a row and `||||` stands for the delimiter row."""
    pairs = groups(grid)
    two = any(g for g, _ in pairs)

    def cell(text: str) -> list[str]:
        if wrap and len(text.split()) > wrap:
            words = text.split()
            parts = [" ".join(words[k:k + wrap]) for k in range(0, len(words), wrap)]
            return parts[:-1] + [parts[-1] + " |"]
        return [text + " |"]
    lines = ["|"]
    if two:
        k = 0
        for g, span in _runs(pairs):
            lines += cell(g or pairs[k][1])
            k += span
        lines.append("|" * (len(_runs(pairs)) + 1))
        lines.append("|")
        lines += [line for g, leaf in pairs if g for line in cell(leaf)]
    else:
        lines += [line for _, leaf in pairs for line in cell(leaf)]
        lines.append("|" * (len(pairs) + 1))
    lines.append("|")
    for row in grid.rows:
        lines += cell(row)
        lines += [_value(grid, row, c, sep) + " |" for c in grid.columns]
    return lines


def senat_lines(grids: list[Grid], sep: str = " ", wrap: int | None = None) -> str:
    """A Sénat report's table: hard-wrapped prose, the title and `(en …)` lines, then one
    cell per line ending in ` |` (`wrap`: a header or label cell of more than `wrap` words
    broken over several lines), a source line below."""
    out = ["Les crédits sont retracés dans le tableau suivant, qui", "présente leur exécution :"]
    for grid in grids:
        out += [grid.title] + ([unit_line(grid)] if grid.unit else [])
        out += _senat_cells(grid, sep, wrap)
        out += ["Source : Ministère de l'emploi et de la", "solidarité"]
    return "\n".join(out) + "\n"


def one_line(grids: list[Grid], sep: str = " ") -> str:
    """A whole table on one line, rows separated by `| |`, under its title and unit."""
    out = []
    for grid in grids:
        out += [grid.title, unit_line(grid)] if grid.unit else [grid.title]
        heads = [grid.row_header] + [f"{g} {leaf}" if g else leaf for g, leaf in groups(grid)]
        rows = [heads] + [[row] + [_value(grid, row, c, sep) for c in grid.columns] for row in grid.rows]
        out.append("| " + " | | ".join(" | ".join(r) for r in rows) + " |")
        out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------- paragraphs, spaces, tabs

def paragraphs(grids: list[Grid], sep: str = " ", footnotes: bool = True, empty: str | None = None) -> str:
    """One cell per paragraph (Sénat 2016): title, unit, the column headers, then each row
    label and the values it prints (empty cells print nothing, or `empty`, e.g. `-`); with
    `footnotes`, a call `N ( * )` glued to every fifth value and to every fourth label."""
    out = ["1. Un exercice marqué par l'exécution des dotations", ""]
    call = 11
    for grid in grids:
        out += [grid.title, ""]
        if grid.unit:
            out += [unit_line(grid), ""]
        for g, leaf in groups(grid):
            out += [f"{g} {leaf}" if g else leaf, ""]
        n = 0
        for i, row in enumerate(grid.rows):
            label = row
            if footnotes and i % 4 == 3:
                label, call = f"{row} {call} ( * )", call + 1
            out += [label, ""]
            for c in grid.columns:
                if (row, c) not in grid.cells:
                    out += [empty, ""] if empty else []
                    continue
                text = _value(grid, row, c, sep)
                n += 1
                if footnotes and n % 5 == 0 and re.search(r"\d$", text):
                    text, call = f"{text} {call} ( * )", call + 1
                out += [text, ""]
        out += ["Source : Rapport annuel", "",
                "Votre rapporteur constate que l'exécution connaît une première année de surconsommation.", ""]
    return "\n".join(out)


def whitespace(grids: list[Grid], sep: str = " ", empty: str | None = None) -> str:
    """A text copy of a JORF annex: the header on one line, each row `label v v v` with one
    space between the columns (and, with `sep` a space, between the thousands too); an
    empty cell prints nothing, or `empty` (`-`)."""
    out = ["Article 2", "", "Le présent arrêté sera publié au Journal officiel de la République française.", "", ""]
    for grid in grids:
        out += ["A N N E X E", grid.title.upper(), ""]
        heads = [grid.row_header or "RÉGIONS"] + [f"{g} {leaf}" if g else leaf for g, leaf in groups(grid)]
        if grid.unit:
            heads[-1] += f" {unit_line(grid)}"
        out.append(" ".join(heads))
        for row in grid.rows:
            values = [_value(grid, row, c, sep) or empty for c in grid.columns]
            out.append(" ".join([row] + [v for v in values if v]))
        out += ["", ""]
    return "\n".join(out)


def tabbed(grids: list[Grid], sep: str = NNBSP) -> str:
    """Tab-separated rows under a tab-separated header (a spreadsheet pasted as text)."""
    out = []
    for grid in grids:
        out += [grid.title] + ([unit_line(grid)] if grid.unit else []) + [""]
        out.append("\t".join([grid.row_header] + [f"{g} {leaf}" if g else leaf for g, leaf in groups(grid)]))
        for row in grid.rows:
            out.append("\t".join([row] + [_value(grid, row, c, sep) for c in grid.columns]))
        out.append("")
    return "\n".join(out)


def reordered(grids: list[Grid]) -> list[Grid]:
    """The same grids with their columns in another order (the last first), as another
    year of an annex prints them (JORF 2011/2013 print MIGAC before DAF)."""
    return [replace(g, columns=g.columns[-1:] + g.columns[:-1]) for g in grids]


def entities(text: str) -> str:
    """No-break spaces written as the `&#160;` entity, as some HTML exports print them."""
    return text.replace(NBSP, "&#160;")


LAYOUTS = {
    "legifrance.md": (".md", legifrance),
    "legifrance-br.txt": (".txt", lambda g: legifrance(g, sep=NBSP, br_first=True)),
    "legifrance-reordered.md": (".md", lambda g: legifrance(reordered(g))),
    "legifrance-td.md": (".md", lambda g: legifrance(g, head="td")),
    "page-thead.html": (".html", html_page),
    "page-entities.html": (".html", lambda g: entities(html_page(g, sep=NBSP, thead=False))),
    "page-bare.html": (".html", lambda g: html_page(g, sep=" ", thead=False)),
    "pipes.md": (".md", pipes),
    "pipes-dot.md": (".md", lambda g: pipes(g, sep=".")),
    "senat-lines": (".txt", senat_lines),
    "senat-wrapped": (".txt", lambda g: senat_lines(g, wrap=2)),
    "senat-dot": (".txt", lambda g: senat_lines(g, sep=".")),
    "one-line": (".txt", one_line),
    "paragraphs": (".txt", paragraphs),
    "paragraphs-dash": (".txt", lambda g: paragraphs(g, empty="-")),
    "whitespace": (".txt", whitespace),
    "whitespace-nbsp": (".txt", lambda g: whitespace(g, sep=NBSP)),
    "whitespace-nnbsp": (".txt", lambda g: whitespace(g, sep=NNBSP)),
    "whitespace-dash": (".txt", lambda g: whitespace(g, empty="-")),
    "tabs": (".txt", tabbed),
}
