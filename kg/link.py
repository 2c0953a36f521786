"""Links between the prose and the tables of a document, made while its graph is built:

- a measure of the prose (a heading, or a `measure` mention) ↔ the table column(s) funding
  it: by MIG code first (the column's code printed in the heading), then by label
  similarity; `ckg:fundedBy` one way, `ckg:describedBy` the other;
- a prose amount ↔ the table total it announces (`17,9 M€` for three MIG columns):
  reconciled within half a unit of the prose figure's last printed digit, or reported
  as a discrepancy with both numbers (ckg:AmountCheck);
- a legal reference ↔ the part of the document citing it (`eli:cites` from the innermost
  section, and from the circular);

Made by kg/build.py as it builds, and recorded here for the reader: an establishment ↔
its today's region (from the table row placing it, else the prose extractor), one node
per canonical name, so a row label `Strasbourg` and the prose `CLCC de Strasbourg` meet;
former regions ↔ today's come with the reference data (ckg:todayRegion); one legal text
cited by several circulars is one node because its IRI is its normalised reference
(kg/iri.py)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from extractors.numbers import NUMBER_RE, decimals_of
from extractors.textnorm import fold
from kg.build import L
from kg.vocab import CKG, ELI, RDF, RDFS

# words that say nothing about which measure a label names
STOPWORDS = set("""de des du la le les l d et en a au aux pour par dans sur avec sans un une
    mig ac mco jpe nr r dotation dotations credits financement finance mesure mesures prise prises charge
    etablissements etablissement sante national nationale nationaux plan""".split())
MIN_OVERLAP = 0.6     # share of the shorter label's words found in the other
DISCREPANCY = Decimal("0.10")   # a prose amount this close to a total (but outside rounding)
                                # is taken to announce it, and reported as a discrepancy


@dataclass
class Measure:
    iri: str
    label: str
    codes: set
    first_line: int
    last_line: int
    level: int


def link_document(b) -> None:
    """Add the links of one document to its Builder `b` (see kg/build.py)."""
    measures = _measures(b)
    links = _measure_columns(b, measures)
    _amount_checks(b, measures, links)
    _citations(b)


# ---------------------------------------------------------------- measures ↔ columns

def _measures(b) -> list[Measure]:
    """Headings (and `measure` mentions) that may name a funded measure, with the MIG
    codes printed in them."""
    code_mentions: dict[int, set] = {}
    for m, _ in b.mentions:
        if m.type == "mig_code" and m.norm.get("code"):
            code_mentions.setdefault(m.evidence.line, set()).add(str(m.norm["code"]).upper())
    table_codes = {col.code.upper() for _, col, _, _ in b.columns if col.code}
    headings = {}
    for s in b.doc.sections:
        if s.kind != "heading":
            continue
        codes = set(code_mentions.get(s.line, set()))
        codes |= {c for c in table_codes if re.search(rf"\b{c}\b", s.title)}
        headings[s.line] = Measure(b.sections[s.line], s.title, codes, s.line, s.end_line, s.level)
    out = list(headings.values())
    for m, iri in b.mentions:
        if m.type != "measure":
            continue
        code = m.norm.get("code")
        codes = {str(code).upper()} if code else set()
        if m.evidence.line in headings:        # the heading itself: one measure, not two
            headings[m.evidence.line].codes |= codes
            continue
        label = str(m.norm.get("heading") or m.text)
        out.append(Measure(iri, label, codes, m.evidence.line, m.evidence.line, 99))
    return out


def _words(text: str) -> set:
    return {w for w in fold(text).split() if len(w) > 2 and w not in STOPWORDS and not w.isdigit()}


def similarity(a: str, b: str) -> float:
    """Overlap of content words (accents, case folded): |A ∩ B| / min(|A|, |B|), 0 when
    fewer than two words are shared."""
    wa, wb = _words(a), _words(b)
    common = wa & wb
    if len(common) < 2 or not wa or not wb:
        return 0.0
    return len(common) / min(len(wa), len(wb))


def _measure_columns(b, measures: list[Measure]) -> dict[str, list]:
    """measure IRI → its columns [(table, column, column IRI)], and the triples both ways.
    By MIG code first; then a measure and a column pair by label when each is the other's
    best match (ties kept); a heading over linked measures is not itself linked by label."""
    amount_columns = [(t, c, iri) for t, c, iri, _ in b.columns
                      if not c.is_total and c.role not in ("base", "total", "final", "count", "year", "label")]
    links: dict[str, list] = {}
    methods: dict[str, str] = {}
    for m in measures:
        found = [x for x in amount_columns if x[1].code and x[1].code.upper() in m.codes]
        if found:
            links[m.iri], methods[m.iri] = found, "mig_code"
    scores = {}
    for m in measures:
        if m.iri in links:
            continue
        for x in amount_columns:
            if x[1].code and m.codes:       # both carry a code, and not the same one
                continue
            score = similarity(m.label, x[1].label)
            if score >= MIN_OVERLAP:
                scores[(m.iri, x[2])] = (score, x)
    best_measure, best_column = {}, {}
    for (mi, ci), (score, _) in scores.items():
        best_measure[mi] = max(best_measure.get(mi, 0.0), score)
        best_column[ci] = max(best_column.get(ci, 0.0), score)
    for (mi, ci), (score, x) in sorted(scores.items()):
        if score == best_measure[mi] == best_column[ci]:
            links.setdefault(mi, []).append(x)
            methods[mi] = "label"
    coded_or_labelled = dict(links)
    for m in measures:
        if methods.get(m.iri) == "label" and any(
                x.iri in coded_or_labelled and x is not m and m.first_line <= x.first_line <= m.last_line
                for x in measures):
            del links[m.iri]
    for mi, found in links.items():
        b.add(mi, RDF.type, CKG.Measure)
        b.add(mi, CKG.linkMethod, L(methods[mi]))
        for _, _, col in found:
            b.add(mi, CKG.fundedBy, col)
            b.add(col, CKG.describedBy, mi)
    return links


# ---------------------------------------------------------------- prose amounts ↔ table totals

def prose_tolerance(text: str, value: Decimal) -> Decimal:
    """Half a unit of the last printed digit, at the amount's scale (`17,9 M€` → 50 000 €)."""
    m = NUMBER_RE.search(text)
    if not m:
        return Decimal(0)
    printed = m.group(0)
    digits = Decimal(re.sub(r"[^\d,]", "", printed).replace(",", ".") or "0")
    scale = value / digits if digits else Decimal(1)
    return (Decimal("0.5") * Decimal(10) ** -decimals_of(printed) * scale).normalize()


def _amounts(b) -> list:
    """Amount mentions in euros (or francs converted), not per-unit prices."""
    out = []
    for m, iri in b.mentions:
        if m.type != "amount" or m.norm.get("per") or m.norm.get("value") is None:
            continue
        value = Decimal(str(m.norm.get("value_eur", m.norm["value"])))
        out.append((m, iri, value))
    return out


def _column_total(b, columns: list) -> tuple[Decimal, list] | None:
    """Sum of the grand totals of distinct measures (one column per code or label)."""
    seen, total, observations = set(), Decimal(0), []
    for _, col, col_iri in columns:
        key = (col.code or fold(col.label)).upper()
        if key in seen:
            continue
        seen.add(key)
        if col_iri not in b.totals:
            return None
        _, obs, euros = b.totals[col_iri]
        total += euros
        observations.append(obs)
    return total, observations


def _amount_checks(b, measures: list[Measure], links: dict) -> None:
    """Each measure section with linked columns, innermost first: the amounts in it that
    match its columns' total within rounding reconcile; when none does, the amount of its
    own text closest to the total, if within DISCREPANCY of it, is reported as a
    discrepancy with both numbers. Farther amounts are not taken to announce the total."""
    amounts = _amounts(b)
    used: set = set()
    sections = sorted((m for m in measures if m.level != 99), key=lambda m: (m.last_line - m.first_line, m.first_line))
    for measure in sections:
        inside = [x for x in measures if x.level != 99 and measure.first_line <= x.first_line <= measure.last_line]
        columns = [c for x in inside for c in links.get(x.iri, [])]
        if not columns:
            continue
        summed = _column_total(b, columns)
        if summed is None:
            continue
        total, observations = summed
        here = [a for a in amounts if measure.first_line <= a[0].evidence.line <= measure.last_line and a[1] not in used]
        matched = [a for a in here if abs(a[2] - total) <= prose_tolerance(a[0].text, a[2])]
        if matched:
            for a in matched:
                _check(b, a, total, observations, True)
                used.add(a[1])
            continue
        own_end = min([x.first_line for x in inside if x is not measure] + [measure.last_line + 1])
        near = [a for a in here if a[0].evidence.line < own_end and total
                and abs(a[2] - total) <= DISCREPANCY * abs(total)]
        if near:
            closest = min(near, key=lambda a: (abs(a[2] - total), a[0].evidence.start))
            _check(b, closest, total, observations, False)
            used.add(closest[1])


def _check(b, amount, total: Decimal, observations: list, ok: bool) -> None:
    m, mention, value = amount
    iri = b.minter.check(b.doc.name, m.evidence.start, m.evidence.end)
    tol = prose_tolerance(m.text, value)
    b.add(iri, RDF.type, CKG.AmountCheck)
    b.add(iri, CKG.proseAmount, mention)
    for obs in observations:
        b.add(iri, CKG.tableTotal, obs)
    b.add(iri, CKG.statedEUR, L(value))
    b.add(iri, CKG.computedEUR, L(total))
    b.add(iri, CKG.toleranceEUR, L(tol))
    b.add(iri, CKG.reconciled, L(ok))
    verdict = "reconciles with" if ok else "does not reconcile with"
    b.add(iri, RDFS.comment,
          L(f"line {m.evidence.line}: {m.text!s} = {value} € {verdict} the table total {total} € "
            f"(difference {value - total} €, tolerance {tol} €)"))


# ---------------------------------------------------------------- citations

def _citations(b) -> None:
    from kg.build import section_of
    for m, _ in b.mentions:
        if m.type != "legal_ref":
            continue
        target = b.minter.legal(m.norm)
        if target is None or target == b.circular:
            continue
        part = section_of(b, m.evidence.line)
        b.add(part, ELI.cites, target)
        if part != b.circular:
            b.add(b.circular, ELI.cites, target)

