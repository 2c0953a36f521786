"""The vocabulary page (docs/vocabulary.md, and /vocab on `kg serve`) generated from
ontology/*.ttl, so that what users read cannot drift from what the graph uses: classes,
properties with domain, range and their French and English comments, the Data Cube
structure, the code lists, an example query for each main class (tests run each one on
the corpus) and how to sum amounts without counting them twice.
`python -m kg.clidoc`'s twin: `python -m kg.vocabdoc > docs/vocabulary.md`."""
from __future__ import annotations

import html

import rdflib
from markdown_it import MarkdownIt
from rdflib.namespace import OWL, RDF, RDFS, SKOS

import ontology
from kg.query import DECLARED
from kg.vocab import CKG, PREFIXES, QB

# The example of each main class: (class, what it answers, query). Every query runs as
# is through `kg query --sparql` (the usual prefixes are declared) and answers rows.
EXAMPLES = (
    ("ckg:Circular", "Les circulaires et leur année de campagne / the circulars and their campaign year", """\
SELECT ?circular ?label ?year WHERE {
  ?circular a ckg:Circular ; rdfs:label ?label ; ckg:campaignYear ?year .
} ORDER BY ?year"""),
    ("ckg:SourceDocument", "Les fichiers lus / the files read", """\
SELECT ?document ?name ?sha256 WHERE {
  ?document a ckg:SourceDocument ; rdfs:label ?name ; ckg:sha256 ?sha256 .
} ORDER BY ?name"""),
    ("qb:DataSet", "Les tableaux, leur enveloppe et leur nombre de cellules / the tables, their envelope and cell count", """\
SELECT ?table ?title ?envelope (COUNT(?o) AS ?cells) WHERE {
  ?table a qb:DataSet ; rdfs:label ?title .
  OPTIONAL { ?table ckg:envelope/skos:notation ?envelope }
  ?o qb:dataSet ?table .
} GROUP BY ?table ?title ?envelope ORDER BY ?table"""),
    ("qb:Observation", "Le cube découpé par région et par année : Grand Est en 2024, total de chaque tableau / "
                       "the cube sliced by region and year: Grand Est in 2024, each table's total", """\
SELECT ?table ?amount ?printed WHERE {
  ?o a qb:Observation ; ckg:currentRegion ?region ; ckg:year 2024 ; ckg:column ?col ;
     ckg:amountEUR ?amount ; ckg:printedValue ?printed ; qb:dataSet ?table .
  ?region skos:prefLabel "Grand Est"@fr .
  ?col ckg:lastTotal true .
} ORDER BY ?table"""),
    ("ckg:TableRow", "Les lignes ambiguës et leurs lectures possibles / ambiguous rows and their possible readings", """\
SELECT ?row ?label (COUNT(?reading) AS ?readings) WHERE {
  ?row a ckg:TableRow ; ckg:ambiguous true ; rdfs:label ?label ; ckg:candidate ?reading .
} GROUP BY ?row ?label ORDER BY ?row"""),
    ("ckg:TableColumn", "Les colonnes d'un code MIG (F21) / the columns of a MIG code (F21)", """\
SELECT ?column ?label ?envelope ?renewal WHERE {
  ?column a ckg:TableColumn ; rdfs:label ?label ; ckg:migCode/skos:notation "F21" .
  OPTIONAL { ?column ckg:envelope/skos:notation ?envelope }
  OPTIONAL { ?column ckg:renewal/skos:notation ?renewal }
}"""),
    ("ckg:Measure", "Les mesures du texte et la colonne qui les finance / prose measures and the column funding them", """\
SELECT ?measure ?label ?column ?method WHERE {
  ?measure a ckg:Measure ; rdfs:label ?label ; ckg:fundedBy ?column ; ckg:linkMethod ?method .
} ORDER BY ?measure"""),
    ("ckg:Mention", "Les passages typés du texte, par type / typed spans of prose, by type", """\
SELECT ?type (COUNT(?m) AS ?mentions) WHERE {
  ?m a ckg:Mention ; ckg:mentionType ?type .
} GROUP BY ?type ORDER BY ?type"""),
    ("ckg:TotalCheck", "Les totaux imprimés qui ne se recalculent pas / printed totals that do not add up", """\
SELECT ?check ?label ?stated ?computed ?tolerance WHERE {
  ?check a ckg:TotalCheck ; rdfs:label ?label ; ckg:reconciled false ;
         ckg:stated ?stated ; ckg:computed ?computed ; ckg:tolerance ?tolerance .
} ORDER BY ?check"""),
    ("ckg:AmountCheck", "Les montants du texte confrontés aux tableaux / prose amounts against the tables", """\
SELECT ?check ?stated ?computed ?reconciled WHERE {
  ?check a ckg:AmountCheck ; ckg:statedEUR ?stated ; ckg:computedEUR ?computed ; ckg:reconciled ?reconciled .
} ORDER BY ?check"""),
    ("ckg:Region", "Les régions d'avant 2016 et leur région d'aujourd'hui / regions before 2016 and today's region", """\
SELECT ?former ?formerLabel ?todayLabel WHERE {
  ?former a ckg:Region ; skos:prefLabel ?formerLabel ; ckg:todayRegion ?today .
  ?today skos:prefLabel ?todayLabel .
  FILTER (?former != ?today)
} ORDER BY ?todayLabel ?formerLabel"""),
    ("ckg:MigCode", "Les codes MIG et leur libellé de nomenclature / MIG codes and their nomenclature label", """\
SELECT ?code ?label WHERE {
  ?mig a ckg:MigCode ; skos:notation ?code ; skos:prefLabel ?label .
} ORDER BY ?code"""),
    ("ckg:Envelope", "Les enveloppes et leurs tableaux / envelopes and their tables", """\
SELECT ?envelope ?label (COUNT(?table) AS ?tables) WHERE {
  ?table a qb:DataSet ; ckg:envelope ?e . ?e skos:notation ?envelope ; skos:prefLabel ?label .
  FILTER (LANG(?label) = "fr")
} GROUP BY ?envelope ?label ORDER BY ?envelope"""),
    ("eli:LegalResource", "Les textes juridiques les plus cités / the most cited legal texts", """\
SELECT ?text ?label (COUNT(DISTINCT ?circular) AS ?circulars) WHERE {
  ?circular a ckg:Circular ; eli:cites ?text . ?text rdfs:label ?label .
} GROUP BY ?text ?label ORDER BY DESC(?circulars) ?label LIMIT 20"""),
    ("schema:Hospital", "Les établissements par région d'aujourd'hui / establishments by today's region", """\
SELECT ?regionLabel (COUNT(?e) AS ?establishments) WHERE {
  ?e a schema:Hospital ; ckg:region ?region . ?region skos:prefLabel ?regionLabel .
} GROUP BY ?regionLabel ORDER BY ?regionLabel"""),
)

# How to sum a region's money for a year without counting it twice (the test checks
# its answer on the 2024 Grand Est tables and that the naive sum double counts).
SUM_RECIPE = """\
SELECT ?table ?envelope (SUM(?amount) AS ?total) WHERE {
  ?o a qb:Observation ; ckg:currentRegion ?region ; ckg:year 2024 ;
     ckg:row ?row ; ckg:column ?col ; ckg:amountEUR ?amount ; qb:dataSet ?table .
  ?region skos:prefLabel "Grand Est"@fr .
  ?col ckg:lastTotal true .                        # 1. one cell per row: its grand total
  ?row ckg:isTotal false .                         # 2. no aggregate row (France, DOM, Total)
  FILTER NOT EXISTS { ?o ckg:establishment [] }    # 3. establishment rows detail their region's row
  ?table ckg:envelope/skos:notation ?envelope .    # 4. the tables of an envelope, not the annexes detailing one
} GROUP BY ?table ?envelope ORDER BY ?envelope"""

NAIVE_SUM = """\
SELECT (SUM(?amount) AS ?total) WHERE {
  ?o ckg:currentRegion ?region ; ckg:year 2024 ; ckg:amountEUR ?amount .
  ?region skos:prefLabel "Grand Est"@fr .
}"""

RECIPE_TEXT = """\
Un tableau de dotations imprime, pour chaque ligne, des colonnes de base, de mesures et
de totaux (`ckg:role` : `base`, `measure`, `total`…), et des lignes de total (France
métropolitaine, DOM, France entière). Chaque nombre imprimé est une observation : en
additionner toutes compte le même euro plusieurs fois. Pour la dotation d'une région une
année :

1. une cellule par ligne, celle de la dernière colonne de total (`ckg:lastTotal true`) ;
   un tableau sans colonne de total : ses cellules hors total (`ckg:isTotal false`) ;
2. pas de ligne de total (`ckg:isTotal false` sur la ligne) : ce sont des agrégats ;
3. pas de ligne d'établissement (`ckg:establishment`) quand le tableau imprime la ligne
   de sa région : elles la détaillent (annexes IV et V de 2001) ;
4. les anciennes régions s'additionnent dans leur région actuelle par la dimension
   `ckg:currentRegion` (`ckg:printedRegion` garde la région imprimée) ;
5. les tableaux d'une enveloppe (`ckg:envelope`) : une annexe sans enveloppe (mesures
   salariales, plans de 2001 et 2005) peut détailler une enveloppe déjà comptée, il faut lire
   son titre avant de l'ajouter ; le tableau 2024 « DOT_POP_URGENCES » n'a pas d'enveloppe
   dans la liste de codes et n'est donc pas compté ;
6. une ligne aux valeurs ambiguës (`ckg:ambiguous true`) compte, signalée : ses lectures
   sont données par `ckg:candidate`.

A table prints, for each row, base, measure and total columns (`ckg:role`) and total rows
(France métropolitaine, DOM, France entière). Every printed number is an observation:
adding them all counts the same euro several times. For a region's allocation in a year:
(1) one cell per row, the one in the last total column (`ckg:lastTotal true`), or the
non-total cells of a table without a total column; (2) no total row; (3) no establishment
row where the table prints its region's row; (4) former regions add into today's through
the `ckg:currentRegion` dimension; (5) the tables of an envelope (`ckg:envelope`): an annex
without an envelope may detail one already counted, read its title before adding it (the
2024 DOT_POP_URGENCES table has no envelope in the code list and is not counted); (6) rows whose values are ambiguous
count, flagged. The saved query `region_per_year` applies this recipe to every year.

For Grand Est in 2024 the recipe gives 2 070 839 000 € over five envelopes (MIGAC
629 054 100, DAF 2 389 900, PSY 852 292 400, SMR 464 242 100, USLD 122 860 500), each the
printed total of the Grand Est row; summing every Grand Est cell of 2024 gives
6 055 949 100 €, and every non-total cell, the emergency table included, 2 350 914 400 €."""

_SHORT = sorted(PREFIXES.items(), key=lambda pn: -len(pn[1]))


def short(term) -> str:
    """prefix:local for an IRI of a known namespace, else <IRI>."""
    text = str(term)
    for prefix, ns in _SHORT:
        if text.startswith(ns) and text != ns:
            return f"{prefix}:{text[len(ns):]}"
    return f"<{text}>"


def _graph() -> rdflib.Graph:
    g = rdflib.Graph()
    for name in ontology.graph_files():
        g.parse(data=ontology.read(name), format="turtle")
    return g


def _text(g, term, p, lang) -> str:
    values = [str(o) for o in g.objects(term, p) if getattr(o, "language", None) == lang]
    return " ".join(sorted(values))


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _own(term) -> bool:
    return str(term).startswith(str(CKG._NS))


def _classes(g) -> list[str]:
    rows = ["| classe / class | sous-classe de / subclass of | fr | en |", "|---|---|---|---|"]
    for c in sorted(filter(_own, g.subjects(RDF.type, OWL.Class)), key=str):
        parents = ", ".join(f"`{short(p)}`" for p in sorted(g.objects(c, RDFS.subClassOf), key=str))
        rows.append(f"| `{short(c)}` | {parents} | **{_cell(_text(g, c, RDFS.label, 'fr'))}** : "
                    f"{_cell(_text(g, c, RDFS.comment, 'fr'))} | **{_cell(_text(g, c, RDFS.label, 'en'))}**: "
                    f"{_cell(_text(g, c, RDFS.comment, 'en'))} |")
    return rows


def _properties(g) -> list[str]:
    rows = ["| propriété / property | nature | domaine / domain | portée / range | fr | en |",
            "|---|---|---|---|---|---|"]
    kinds = {OWL.ObjectProperty: "object", OWL.DatatypeProperty: "datatype", QB.DimensionProperty: "dimension",
             QB.MeasureProperty: "measure", QB.AttributeProperty: "attribute"}
    terms = {s for k in (OWL.ObjectProperty, OWL.DatatypeProperty) for s in g.subjects(RDF.type, k) if _own(s)}
    for p in sorted(terms, key=str):
        kind = ", ".join(kinds[k] for k in kinds if (p, RDF.type, k) in g)
        dom = ", ".join(f"`{short(d)}`" for d in g.objects(p, RDFS.domain))
        rng = ", ".join(f"`{short(r)}`" for r in g.objects(p, RDFS.range))
        rows.append(f"| `{short(p)}` | {kind} | {dom} | {rng} | **{_cell(_text(g, p, RDFS.label, 'fr'))}** : "
                    f"{_cell(_text(g, p, RDFS.comment, 'fr'))} | **{_cell(_text(g, p, RDFS.label, 'en'))}**: "
                    f"{_cell(_text(g, p, RDFS.comment, 'en'))} |")
    return rows


def _structure(g) -> list[str]:
    rows = ["| composant / component | rôle / role | ordre / order | obligatoire / required |", "|---|---|---|---|"]
    specs = []
    for spec in g.objects(CKG.allocationStructure, QB.component):
        for role, p in (("dimension", QB.dimension), ("measure", QB.measure), ("attribute", QB.attribute)):
            prop = g.value(spec, p)
            if prop is not None:
                order = g.value(spec, QB.order)
                required = g.value(spec, QB.componentRequired)
                specs.append((role != "dimension", int(order) if order is not None else 99, str(prop), role,
                              "" if required is None else str(required)))
    for _, order, prop, role, required in sorted(specs):
        rows.append(f"| `{short(prop)}` | {role} | {order if order != 99 else ''} | "
                    f"{required or ('true' if role != 'attribute' else '')} |")
    return rows


def _code_lists(g) -> list[str]:
    out = []
    for scheme in sorted(g.subjects(RDF.type, SKOS.ConceptScheme), key=str):
        members = sorted(g.subjects(SKOS.inScheme, scheme), key=lambda m: str(g.value(m, SKOS.notation) or m))
        out += [f"### `{short(scheme)}` — {_text(g, scheme, SKOS.prefLabel, 'fr')} / "
                f"{_text(g, scheme, SKOS.prefLabel, 'en')}", "",
                f"{_text(g, scheme, RDFS.comment, 'fr')} / {_text(g, scheme, RDFS.comment, 'en')}", ""]
        if not members:
            out += ["Ses membres sont des données (lus dans le corpus). / Its members are data (read from the corpus).",
                    ""]
            continue
        out += ["| code | notation | libellé / label |", "|---|---|---|"]
        for m in members:
            label = _text(g, m, SKOS.prefLabel, "fr") or _text(g, m, SKOS.prefLabel, "en")
            out.append(f"| `{short(m)}` | {g.value(m, SKOS.notation) or ''} | {_cell(label)} |")
        out.append("")
    return out


def render_markdown() -> str:
    g = _graph()
    onto = rdflib.URIRef(str(CKG._NS).rstrip("#"))
    parts = ["# Vocabulaire / Vocabulary", "",
             "Generated from `ontology/*.ttl` by `python -m kg.vocabdoc`; do not edit by hand.", "",
             f"{_text(g, onto, RDFS.comment, 'fr')}", "", f"{_text(g, onto, RDFS.comment, 'en')}", "",
             "## Préfixes / Prefixes", "",
             "Déclarés pour vous par `kg query` et `/sparql` : oui / declared for you by `kg query` and `/sparql`: yes.",
             "", "| prefix | IRI | déclaré / declared |", "|---|---|---|"]
    known = {**PREFIXES, **DECLARED}
    parts += [f"| `{p}:` | `{ns}` | {'oui / yes' if DECLARED.get(p) == ns else ''} |" for p, ns in known.items()]
    parts += ["", "## Additionner sans compter deux fois / Summing without double counting", "", RECIPE_TEXT, "",
              "```sparql", SUM_RECIPE, "```", "",
              "La somme naïve, qui compte plusieurs fois / the naive sum, counting several times:", "",
              "```sparql", NAIVE_SUM, "```", "",
              "## Classes", "", *_classes(g), "",
              "## Propriétés / Properties", "", *_properties(g), "",
              "## Structure du cube / Cube structure (`ckg:allocationStructure`)", "", *_structure(g), "",
              "## Listes de codes / Code lists", "", *_code_lists(g),
              "## Exemples / Examples", "",
              "Each query runs as is with `kg query --sparql` or on `/sparql` (it uses declared prefixes only).", ""]
    for cls, question, query in EXAMPLES:
        parts += [f"### `{cls}`", "", question, "", "```sparql", query, "```", ""]
    return "\n".join(parts)


def render_html() -> str:
    """The same page as HTML, for `kg serve` (/vocab)."""
    body = MarkdownIt("commonmark").enable("table").render(render_markdown())
    return ("<!doctype html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape('circulaires-kg — vocabulaire')}</title>"
            "<style>body{font-family:sans-serif;max-width:80em;margin:auto;padding:1em}"
            "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .4em;vertical-align:top}"
            "pre{background:#f4f4f4;padding:.5em;overflow:auto}</style></head><body>\n"
            f"{body}</body></html>\n")


if __name__ == "__main__":
    print(render_markdown(), end="")
