"""One header model for every detector: column labels from header rows (a group header
over its leaf columns as `group / leaf`; a header cell's lines joined, a word cut by a
hyphen joined back), the rows under a label that qualify its column (MIG code, renewal,
OD, envelope or nature), the columns' roles, and a table's title, annex and unit from its
header, its caption or the lines above it; and headers printed as one run of text (the
Bulletin officiel's, `RÉGIONSDOTATIONS` glued) cut into their columns (`split_header`)."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from extractors import codes
from extractors.facts import Column
from extractors.numbers import header_unit, table_unit
from extractors.sections import ANNEX_HEAD, clean
from extractors.tables.assign import Rule
from extractors.tables.rows import page_furniture
from extractors.textnorm import fold, is_total_label

MIG_CODE = re.compile(r"^[A-Z]\d{2}$")
COUNT = re.compile(r"(?i)nombre\b")                 # `NOMBRE de stagiaires`: counts, not amounts
_OD = re.compile(r"^(hors\s+)?OD$", re.I)
# Spending objectives (ODAM, OQN) and the SMR specialised-equipment allocation (PTS)
# head columns as envelopes do but are not envelopes of the code lists.
_ENVELOPE = rf"({codes.pattern(codes.acronyms('envelope') | codes.acronyms('activity'))}|PTS|ODAM|OQN)"
_ENVELOPES = re.compile(rf"^{_ENVELOPE}(\s+{_ENVELOPE})*$", re.I)
_RENEWAL = [(re.compile(r"\(\s*NR\s*\)|\bNR$|non[- ]reconductibles?", re.I), "NR"),
            (re.compile(r"\(\s*R\s*\)|\breconductibles?\b|à titre reconductible", re.I), "R"),
            (re.compile(r"\bJPE\b"), "JPE")]
_SYMBOL_UNIT = re.compile(r"\(\s*(?:en\s+)?(Md|[kKM]|)\s?€\s*\)")                  # (en M€), (k€)
_WORD_UNIT = re.compile(r"\(\s*((?:milliers|millions|milliards)?\s*(?:d['’]|de\s+)?(?:euros?|francs?))\s*\)", re.I)
_ANNEX = re.compile(rf"(?:^|\s)(?P<head>{ANNEX_HEAD})\s*[-:.–]?\s*(?P<title>.*)$")


# ---------------------------------------------------------------- labels

def join_lines(lines: list[str]) -> str:
    """Lines of one header cell, top to bottom: a word cut by a hyphen after a small
    letter and going on in small letters is joined back (`interré-` + `gionaux`); any
    other hyphen at a line end stays, with no space (`ORTHO-` + `GÉNIE`, `Provence-` +
    `Alpes`, `SAGES-` + `femmes`)."""
    text = ""
    for line in lines:
        if not text:
            text = line
        elif re.search(r"[a-zà-ÿ][-\u2010]$", text) and line[:1].islower():
            text = text[:-1] + line
        elif re.search(r"\w[-\u2010]$", text):
            text += line
        else:
            text += " " + line
    return text


def leaf_labels(header: list[list], width: int) -> list[str]:
    """Per column: the header texts from top to bottom (a spanning group header once),
    joined as `group / leaf`."""
    labels = []
    for j in range(width):
        parts: list[str] = []
        for row in header:
            cell = row[j] if j < len(row) else None
            if cell is not None and cell.text and (not parts or parts[-1] != cell.text):
                parts.append(cell.text)
        labels.append(" / ".join(parts))
    return labels


def attribute(text: str) -> str | None:
    """What a header row under a column's label says of the column: `renewal` (JPE, NR,
    R), `code` (a MIG code, F21), `od` (OD, hors OD), `nature` (envelopes such as `AC
    MCO`, `DAF SSR`), or None (other words)."""
    if text in codes.acronyms("renewal"):
        return "renewal"
    if MIG_CODE.match(text):
        return "code"
    if _OD.match(text):
        return "od"
    return "nature" if _ENVELOPES.match(text) else None


def renewal_of(label: str) -> str | None:
    """The renewal a column label states within it (`PRIMES (NR)`, `crédits non
    reconductibles`), or None."""
    return next((r for rx, r in _RENEWAL if rx.search(label)), None)


def make_columns(labels: list[str], nature: str | None = None) -> list[Column]:
    """Columns from their labels: renewal from the label; the first column is the base,
    `TOTAL…` columns totals, `TRANSFERTS…` transfers, `NOMBRE…` counts."""
    columns = []
    for i, label in enumerate(labels):
        is_total = i > 0 and is_total_label(label)
        role = ("count" if COUNT.match(label) else "total" if is_total
                else "transfer" if re.match(r"(?i)transferts?\b", label) else "base" if i == 0
                else "measure")
        columns.append(Column(i, label, None, nature, renewal_of(label), is_total, role))
    return columns


_REF = re.compile(r"\(\s*([A-Z])\s*\)")
_FORMULA = re.compile(r"\(\s*[A-Z]\s*\)(?:\s*[-+–]\s*\(\s*[A-Z]\s*\))+")


def formula(columns: list[Column], j: int) -> Rule | None:
    """What column j adds up as its header writes it with the letters other headers carry
    (`TOTAL (A) + (B)` over `PRIME (A)` and `RÉMUNÉRATION (B)`, `(C) - (D)`); None when it
    writes no formula or a letter does not name exactly one column."""
    found = _FORMULA.search(columns[j].label)
    if found is None:
        return None
    named: dict[str, list[int]] = {}
    for col in columns:
        if col.index != j:
            for letter in set(_REF.findall(_FORMULA.sub("", col.label))):
                named.setdefault(letter, []).append(col.index)
    parts, signs = [], []
    for sign, letter in re.findall(r"([-+–]?)\s*\(\s*([A-Z])\s*\)", found.group(0)):
        if len(named.get(letter, [])) != 1:
            return None
        parts.append(named[letter][0])
        signs.append(-1 if sign in ("-", "–") else 1)
    return Rule(j, tuple(parts), tuple(signs) if -1 in signs else None)


# ---------------------------------------------------------------- title, annex and unit

_UNIT_WORDS = {"en", "milliers", "millions", "milliards", "d", "de", "euro", "euros", "franc", "francs",
               "eur", "k", "m", "md", "montants", "montant"}


def unit_only(text: str) -> str | None:
    """The unit of a header cell that prints nothing else (`(en euros)`, `k€`,
    `en milliers d'euros`): a unit row under the labels, not a nature."""
    unit = unit_of([text])
    words = re.findall(r"[a-zà-ÿ]+", text.lower().replace("€", " euro "))
    return unit if unit is not None and set(words) <= _UNIT_WORDS else None


def unit_of(texts: list[str]) -> str | None:
    """The unit a header, caption or short line above the table prints (`en milliers
    d'euros`, `(En milliards d'euros)`, `MONTANTS (en euros)`, `(k€)`, `(milliers de
    francs)`)."""
    for text in texts:
        unit = header_unit(text)
        if unit is not None:
            return unit.symbol
        m = _SYMBOL_UNIT.search(text or "")
        if m:
            return {"k": "k€", "m": "M€", "md": "Md€", "": "€"}[m.group(1).lower()]
        m = _WORD_UNIT.search(text or "")
        if m:
            return header_unit("en " + m.group(1)).symbol
    return None


def context_above(doc, first_line: int, stop: int = 0, limit: int = 6) -> tuple[str, str | None, list[str]]:
    """(title, unit, lines) from the lines between the previous table (line `stop`) and this
    one, nearest first: a line that declares the unit (`Les montants sont en milliers
    d'euros`) or is only a unit caption (`(en millions de francs)`) gives the unit; the
    nearest other line that is not a page number is the title, and gives the unit it
    prints unless a nearer line did. `lines` are the non-empty lines read (at most `limit`;
    a paragraph longer than 240 characters ends the search). One rule for every detector."""
    title, unit, lines = "", None, []
    for n in range(first_line - 1, stop, -1):
        text = re.sub(r"\s+", " ", clean(re.sub(r"<[^>]+>", " ", doc.line(n).text))).strip(" #*")
        if not text:
            continue
        if len(lines) >= limit or len(text) > 240:
            break
        lines.append(text)
        declared = table_unit(text)
        caption = unit_caption(text)
        if declared is not None or caption is not None:
            unit = unit or (declared.symbol if declared is not None else caption)
            continue
        if not title and not page_furniture(text):
            title = text
            unit = unit or unit_of([text])
    return title, unit, lines


# what a unit caption holds besides words: parenthesised parts, and `en …` to the end
_CAPTION_REST = re.compile(r"\([^)]*\)|(?i:\ben\b).*$")


def unit_caption(text: str) -> str | None:
    """The unit of a line that is only a unit caption (`(en millions de francs)`, not a
    column header naming its unit), or None."""
    return unit_of([text]) if len(text) <= 80 and not _CAPTION_REST.sub("", text).strip(" :-–") else None


def annex_title(doc, line_number: int) -> tuple[str, str | None]:
    """(`ANNEXE I - <title>`, `I`) of the nearest annex heading above `line_number`: a
    heading at a line start, or glued at the end of a line of noise."""
    for n in range(line_number - 1, 0, -1):
        text = clean(doc.line(n).text)
        m = _ANNEX.search(text)
        if not m or (m.start() > 0 and m.group("title")):
            continue
        head = re.sub(r"\s+", " ", m.group("head")) if not m.group("head").startswith("A N") \
            else "ANNEXE " + m.group("num")
        title = m.group("title").strip()
        if not title:
            parts = []
            for k in range(n + 1, min(n + 4, line_number)):
                t = clean(doc.line(k).text)
                if not t or table_unit(t) or t.startswith("("):
                    if parts:
                        break
                    continue
                parts.append(t)
            title = " - ".join(parts)
        return (f"{head} - {title}" if title and not m.group("title") else
                f"{head} : {title}" if title else head), m.group("num")
    return "", None


def unit_before(doc, line_number: int) -> str | None:
    """The unit declared by the last unit sentence above a table (it holds for the
    tables after it until another one)."""
    for n in range(line_number - 1, 0, -1):
        unit = table_unit(doc.line(n).text)
        if unit is not None:
            return unit.symbol
    return None


# ---------------------------------------------------------------- headers printed as one run of text

# the word over the row labels, first on the header's first line (glued to the next
# header in 2001: `RÉGIONSDOTATIONS`)
ROW_HEADER = re.compile(r"^(?:R[ÉE]GIONS?|R[ée]gions?|[ÉE]TABLISSEMENTS?|[ÉE]tablissements?)"
                        r"(?=$|\s|[A-ZÀ-Þ])")



@dataclass
class _Start:
    piece: int          # index of the header piece (a line, or a glued part of one)
    offset: int         # char offset of the word in the piece
    score: float


_UP = "A-ZÀ-ÖØ-Þ"
_LOW = "a-zà-ÿ"
_CAPS_WORD = re.compile(rf"(?<![\w’'])([{_UP}][{_UP}\-]+)(?![{_LOW}])")
_TITLE_WORD = re.compile(rf"^[{_UP}][{_LOW}]")
_GLUE = re.compile(rf"(?<=[{_LOW})])(?=[{_UP}])|(?<=[{_UP}]{{2}})(?=[{_UP}][{_LOW}])")
SURE = 1.5          # a start scored at least this opens a column even without a count
_ACRONYMS = codes.acronyms("envelope") | codes.acronyms("activity")
_FUNCTION_WORDS = {"DE", "DU", "DES", "LA", "LE", "LES", "ET", "EN", "AU", "AUX", "À", "A", "PAR", "SUR"}


def _open(text: str) -> bool:
    """A header line that leaves its column open for an acronym below (`SITUATION`,
    `SAGES-femmes`): no word starting in lowercase, no digit, not closed by `(NR)`."""
    words = text.split()
    return bool(words) and not any(w[:1].islower() or w[:1].isdigit() for w in words) \
        and not re.search(r"\d", text) and not text.endswith(")")


def _group(pieces: list[str], blank: list[bool], i: int) -> bool:
    """An UPPERCASE line over several columns (`EFFET DE CHAMP`, `EMPLOI DE LA PROVISION`):
    the next line opens a Title-case column that goes on in lowercase."""
    return (i + 2 < len(pieces) and len(pieces[i].split()) > 1 and not re.search(rf"[{_LOW}\d]", pieces[i])
            and not (i > 0 and _open(pieces[i - 1]))
            and bool(_TITLE_WORD.match(pieces[i + 1])) and pieces[i + 2][:1].islower()
            and not blank[i + 1])


def header_starts(pieces: list[str], blank: list[bool], glued: list[int]) -> list[_Start]:
    """Every place a column header may start, scored by how sure it is."""
    starts: list[_Start] = []
    starters = Counter(m.group(1) for i, text in enumerate(pieces) if glued[i] != 2
                       for m in [_CAPS_WORD.match(text)] if m)
    for i, text in enumerate(pieces):
        if _group(pieces, blank, i):
            continue
        prev_open = i > 0 and _open(pieces[i - 1]) and not _group(pieces, blank, i - 1)
        next_low = i + 1 < len(pieces) and not blank[i + 1] and pieces[i + 1][:1].islower()
        title = _TITLE_WORD.match(text)
        if title and i > 0:
            score = 0.5 if prev_open and not next_low and not blank[i] else SURE
            starts.append(_Start(i, 0, 3.0 if glued[i] else score))
            continue
        for m in _CAPS_WORD.finditer(text):
            word = m.group(1)
            if word in codes.acronyms("renewal") or len(word.strip("-")) < 2:
                continue
            before = text[:m.start()].rstrip()
            if before and len(pieces) == 1:
                # the whole header on one line: a column opens where an UPPERCASE word
                # follows a word that is not (`salariale MONTANT`, `(NR) TRANSPOSITION`);
                # after another it goes on (`COÛT TOTAL`, `SITUATION PSPH`; not after a
                # renewal that ends a label: `ponctuelles NR TOTAL`), and an
                # envelope's acronym names what the column holds (`la dotation MIGAC`)
                last = before.split()[-1]
                inside = (_CAPS_WORD.fullmatch(last) and last not in codes.acronyms("renewal")) \
                    or word in _ACRONYMS or len(word) < 4
                # after an acronym ending a label (`SOUTIEN COM REPRISE`): a weaker start
                after_acronym = len(last) <= 3 and last not in _FUNCTION_WORDS and len(word) >= 5
                score = 2.0 if not inside else 1.0 if after_acronym else 0.5
            elif before:
                if not before.endswith(")") and (len(word) < 4 or not _CAPS_WORD.fullmatch(before.split()[-1])):
                    continue
                score = 2.0 if before.endswith(")") else 1.0
            elif i == 0:
                score = 100.0
            elif glued[i] == 2:      # split from a glued UPPERCASE run by the vocabulary:
                score = 1.2 if word in starters else 0.8       # surer when it opens another column
            elif blank[i] or glued[i]:
                score = 3.0
            elif prev_open and not next_low:
                score = 0.5          # SITUATION / PSPH (R): an acronym completing the line above
            else:
                score = 2.0
            if len(word) < 4 and not blank[i] and i > 0:
                score -= 1.0
            starts.append(_Start(i, m.start(), score))
    return starts


def _unglue(word: str, vocabulary: set[str]) -> int | None:
    """Where a glued UPPERCASE run (`DYSLEXIEPRISE`, `CHSCTFORMATIONS`) may split: before
    the longest ending that is a word of the document (a weak start: only a column count
    that needs it takes it)."""
    if len(word) < 8:
        return None
    for k in range(3, len(word) - 3):
        if fold(word[k:]) in vocabulary:
            return k
    return None


def _unglued(part: str, vocabulary: set[str]) -> list[str]:
    """A header piece cut before each glued UPPERCASE word found inside a run."""
    for m in _CAPS_WORD.finditer(part):
        cut = _unglue(m.group(1), vocabulary)
        if cut is not None:
            at = m.start() + cut
            return [part[:at].strip()] + _unglued(part[at:].strip(), vocabulary)
    return [part]


def _pieces(lines: list[str], vocabulary: set[str]):
    """Header lines cut where columns are glued together (`reconductiblesGARDES`,
    `(NR)FORMATIONS`, `TOTALCOÛT`); a line ending with a hyphen goes on below."""
    pieces, blank, glued = [], [], []
    saw_blank = False
    for text in lines:
        text = text.strip()
        if not text:
            saw_blank = True
            continue
        if pieces and pieces[-1].endswith("-") and not saw_blank:
            pieces[-1] = join_lines([pieces[-1], text])
            continue
        parts = [p for p in _GLUE.split(text) if p.strip()]
        for k, part in enumerate(parts):
            subs = _unglued(part.strip(), vocabulary)
            for q, sub in enumerate(subs):
                pieces.append(sub)
                blank.append(saw_blank if k == 0 and q == 0 else False)
                glued.append(2 if q > 0 else 1 if k > 0 else 0)
        saw_blank = False
    return pieces, blank, glued


def split_header(lines: list[str], n: int | None = None, vocabulary: set[str] = frozenset()) -> list[str]:
    """Column labels from the header lines (blank lines kept as ''), for `n` columns when
    the data rows tell how many; otherwise every sure start opens a column."""
    pieces, blank, glued = _pieces(lines, vocabulary)
    if not pieces:
        return []
    starts = header_starts(pieces, blank, glued)
    if n is None:
        chosen = [s for s in starts if s.score >= SURE]
    else:
        ranked = sorted(range(len(starts)), key=lambda k: (-starts[k].score, k))[:n]
        chosen = [starts[k] for k in sorted(ranked)]
    cuts = [(s.piece, s.offset) for s in chosen]
    groups = {i for i in range(len(pieces)) if _group(pieces, blank, i)}
    labels: list[list[str]] = []
    held: list[str] = []          # a group header (or what precedes the first start): for the next column

    def add(i: int, segment: str, pos: int) -> None:
        if not segment.strip():
            return
        if not labels:
            held.append(segment.strip())
            return
        if pos == 0 and glued[i] == 2 and labels[-1]:
            labels[-1][-1] += segment.strip()         # a vocabulary cut not taken: glue back
        else:
            labels[-1].append(segment.strip())

    for i, text in enumerate(pieces):
        if i in groups:
            held.append(text)
            continue
        pos = 0
        for o in [o for (p, o) in cuts if p == i]:
            add(i, text[pos:o], pos)
            labels.append(held)
            held, pos = [], o
        add(i, text[pos:], pos)
    if held:                      # no start at all, or a group header left over
        labels.append(held) if not labels else labels[-1].extend(held)
    return [" ".join(parts) for parts in labels]


_VOCABULARY: dict[str, set[str]] = {}


def vocabulary(doc) -> set[str]:
    """The words (4 letters or more, folded) of a document, to unglue header words."""
    if doc.sha256 not in _VOCABULARY:
        _VOCABULARY[doc.sha256] = {w for w in fold(doc.text).split() if len(w) >= 4}
    return _VOCABULARY[doc.sha256]
