"""The corpus graph meets the integrity constraints of the W3C RDF Data Cube
recommendation (IC-1 … IC-21), written as SPARQL ASK queries that must answer false.
Normalisation (the spec's closure of qb:componentProperty over qb:dimension, qb:measure
and qb:attribute) is written into the queries as the property path COMP."""
from __future__ import annotations

import urllib.parse

import pytest

from kg.query import parse_query, run, select_records

CKG = "https://circulaires-kg.example.org/ontology#"
REG = "https://circulaires-kg.example.org/code/region/"

COMP = "(qb:componentProperty|qb:dimension|qb:measure|qb:attribute|qb:measureDimension)"

IC = {
    "IC-1 unique data set": """ASK {
        { ?obs a qb:Observation . FILTER NOT EXISTS { ?obs qb:dataSet ?d1 } }
        UNION { ?obs a qb:Observation ; qb:dataSet ?d1, ?d2 . FILTER (?d1 != ?d2) } }""",
    "IC-2 unique DSD": """ASK {
        { ?ds a qb:DataSet . FILTER NOT EXISTS { ?ds qb:structure ?s1 } }
        UNION { ?ds a qb:DataSet ; qb:structure ?s1, ?s2 . FILTER (?s1 != ?s2) } }""",
    "IC-3 DSD includes measure": f"""ASK {{ ?dsd a qb:DataStructureDefinition .
        FILTER NOT EXISTS {{ ?dsd qb:component/{COMP} ?m . ?m a qb:MeasureProperty }} }}""",
    "IC-4 dimensions have range": """ASK { ?dim a qb:DimensionProperty .
        FILTER NOT EXISTS { ?dim rdfs:range [] } }""",
    "IC-5 concept dimensions have code lists": """ASK { ?dim a qb:DimensionProperty ; rdfs:range skos:Concept .
        FILTER NOT EXISTS { ?dim qb:codeList [] } }""",
    "IC-6 only attributes may be optional": f"""ASK {{ ?dsd qb:component ?spec .
        ?spec qb:componentRequired false ; {COMP} ?c . FILTER NOT EXISTS {{ ?c a qb:AttributeProperty }} }}""",
    "IC-7 slice keys must be declared": """ASK { ?key a qb:SliceKey .
        FILTER NOT EXISTS { [ a qb:DataStructureDefinition ] qb:sliceKey ?key } }""",
    "IC-8 slice keys consistent with DSD": f"""ASK {{ ?key a qb:SliceKey ; qb:componentProperty ?p .
        ?dsd qb:sliceKey ?key . FILTER NOT EXISTS {{ ?dsd qb:component/{COMP} ?p }} }}""",
    "IC-9 unique slice structure": """ASK {
        { ?slice a qb:Slice . FILTER NOT EXISTS { ?slice qb:sliceStructure ?k } }
        UNION { ?slice a qb:Slice ; qb:sliceStructure ?k1, ?k2 . FILTER (?k1 != ?k2) } }""",
    "IC-10 slice dimensions complete": """ASK { ?slice qb:sliceStructure [ qb:componentProperty ?dim ] .
        FILTER NOT EXISTS { ?slice ?dim [] } }""",
    "IC-11 all dimensions required": f"""ASK {{ ?obs qb:dataSet/qb:structure/qb:component/{COMP} ?dim .
        ?dim a qb:DimensionProperty . FILTER NOT EXISTS {{ ?obs ?dim [] }} }}""",
    "IC-13 required attributes": f"""ASK {{ ?obs qb:dataSet/qb:structure/qb:component ?spec .
        ?spec qb:componentRequired true ; {COMP} ?attr . ?attr a qb:AttributeProperty .
        FILTER NOT EXISTS {{ ?obs ?attr [] }} }}""",
    "IC-14 all measures present": f"""ASK {{ ?obs qb:dataSet/qb:structure ?dsd .
        FILTER NOT EXISTS {{ ?dsd qb:component/{COMP} qb:measureType }}
        ?dsd qb:component/{COMP} ?m . ?m a qb:MeasureProperty . FILTER NOT EXISTS {{ ?obs ?m [] }} }}""",
    "IC-15 measure dimension consistent": f"""ASK {{ ?obs qb:dataSet/qb:structure ?dsd ; qb:measureType ?m .
        ?dsd qb:component/{COMP} qb:measureType . FILTER NOT EXISTS {{ ?obs ?m [] }} }}""",
    "IC-16 single measure on measure dimension observation": f"""ASK {{
        ?obs qb:dataSet/qb:structure ?dsd ; qb:measureType ?m ; ?other [] .
        ?dsd qb:component/{COMP} qb:measureType ; qb:component/{COMP} ?other .
        ?other a qb:MeasureProperty . FILTER (?other != ?m) }}""",
    "IC-17 all measures present in measures dimension cube": f"""ASK {{
        {{ SELECT ?n (COUNT(?obs2) AS ?count) WHERE {{
            {{ SELECT ?dsd (COUNT(?m) AS ?n) WHERE {{ ?dsd qb:component/{COMP} ?m . ?m a qb:MeasureProperty }}
               GROUP BY ?dsd }}
            ?obs1 qb:dataSet/qb:structure ?dsd ; qb:dataSet ?ds ; qb:measureType ?m1 .
            ?obs2 qb:dataSet ?ds ; qb:measureType ?m2 .
            FILTER NOT EXISTS {{ ?dsd qb:component/{COMP} ?dim . FILTER (?dim != qb:measureType)
                ?dim a qb:DimensionProperty . ?obs1 ?dim ?v1 . ?obs2 ?dim ?v2 . FILTER (?v1 != ?v2) }}
        }} GROUP BY ?obs1 ?n HAVING (?count != ?n) }} }}""",
    "IC-18 consistent data set links": """ASK { ?ds qb:slice ?slice . ?slice qb:observation ?obs .
        FILTER NOT EXISTS { ?obs qb:dataSet ?ds } }""",
    "IC-19 codes from code list": f"""ASK {{
        {{ ?obs qb:dataSet/qb:structure/qb:component/{COMP} ?dim . ?dim a qb:DimensionProperty ;
             qb:codeList ?list . ?list a skos:ConceptScheme . ?obs ?dim ?v .
           FILTER NOT EXISTS {{ ?v a skos:Concept ; skos:inScheme ?list }} }}
        UNION
        {{ ?obs qb:dataSet/qb:structure/qb:component/{COMP} ?dim . ?dim a qb:DimensionProperty ;
             qb:codeList ?list . ?list a skos:Collection . ?obs ?dim ?v .
           FILTER NOT EXISTS {{ ?v a skos:Concept . ?list skos:member+ ?v }} }} }}""",
}

# IC-20 / IC-21 are templates over each hierarchical code list's parent-child property
IC_HIERARCHY = {
    "IC-20 codes from hierarchy": "qb:hierarchyRoot/<{p}>*",
    "IC-21 codes from hierarchy (inverse)": "qb:hierarchyRoot/(^<{p}>)*",
}


@pytest.mark.parametrize("name", sorted(IC))
def test_integrity_constraint(sparql, name):
    assert sparql(IC[name]) is False, name


@pytest.mark.parametrize("name", sorted(IC_HIERARCHY))
def test_hierarchical_code_list_constraints(sparql, name):
    props = [p for (p,) in sparql("SELECT DISTINCT ?p WHERE { ?l a qb:HierarchicalCodeList ; "
                                  "qb:parentChildProperty ?p }")]
    for p in props:
        path = IC_HIERARCHY[name].format(p=p)
        assert sparql(f"""ASK {{ ?obs qb:dataSet/qb:structure/qb:component/{COMP} ?dim .
            ?dim a qb:DimensionProperty ; qb:codeList ?list . ?list a qb:HierarchicalCodeList ;
            qb:parentChildProperty <{p}> . ?obs ?dim ?v . FILTER NOT EXISTS {{ ?list {path} ?v }} }}""") is False


def test_ic12_no_duplicate_observations(sparql):
    """IC-12, grouped rather than pairwise: no two observations of a data set share all
    their dimension values (the dimensions are read from the structure definition)."""
    dims = sorted(d for (d,) in sparql(f"""SELECT DISTINCT ?dim WHERE {{
        ckg:allocationStructure qb:component/{COMP} ?dim . ?dim a qb:DimensionProperty }}"""))
    assert len(dims) == 5
    pattern = " ; ".join(f"<{d}> ?v{i}" for i, d in enumerate(dims))
    keys = " ".join(f"?v{i}" for i in range(len(dims)))
    dupes = sparql(f"""SELECT ?ds {keys} (COUNT(?obs) AS ?n) WHERE {{ ?obs qb:dataSet ?ds ; {pattern} }}
                       GROUP BY ?ds {keys} HAVING (COUNT(?obs) > 1)""")
    assert dupes == []
    assert sparql("SELECT (COUNT(*) AS ?n) WHERE { ?o a qb:Observation }")[0][0] > 3000


def test_one_value_per_region_column_and_data_set(sparql):
    """A region (not an establishment row) has one value per column of a table; an
    ambiguous row still has its one observation, its candidates recorded on the row."""
    dupes = sparql("""SELECT ?ds ?reg ?col (COUNT(?obs) AS ?n) WHERE {
        ?obs qb:dataSet ?ds ; ckg:region ?reg ; ckg:column ?col .
        FILTER NOT EXISTS { ?obs ckg:establishment [] } }
        GROUP BY ?ds ?reg ?col HAVING (COUNT(?obs) > 1)""")
    assert dupes == []
    assert sparql("""ASK { ?row a ckg:TableRow ; ckg:ambiguous true .
        FILTER NOT EXISTS { ?row ckg:candidate [] } }""") is False


def test_region_and_year_are_dimensions_of_every_observation(sparql):
    """Today's region, the printed region and the year are dimensions (IC-11 above checks
    each observation has them); a row naming no region takes `none` or `unknown`."""
    dims = {d for (d,) in sparql(f"""SELECT ?dim WHERE {{ ckg:allocationStructure qb:component/{COMP} ?dim .
        ?dim a qb:DimensionProperty }}""")}
    assert dims == {CKG + t for t in ("row", "column", "currentRegion", "printedRegion", "year")}
    # the region dimensions take their values from the region code list (IC-19 checks them)
    assert sorted(d for (d,) in sparql("SELECT ?dim WHERE { ?dim qb:codeList code:regions }")) == [
        CKG + "currentRegion", CKG + "printedRegion"]
    by_code = dict(sparql("""SELECT ?r (COUNT(?o) AS ?n) WHERE { ?o a qb:Observation ; ckg:currentRegion ?r .
        FILTER (?r IN (reg:none, reg:unknown)) } GROUP BY ?r"""))
    assert by_code == {REG + "none": 101, REG + "unknown": 8}     # 59 of none: headcounts of establishments
    # the unknown ones are 2024 continuation rows whose label is in doubt
    assert sparql("""SELECT ?label (COUNT(?o) AS ?n) WHERE { ?o ckg:currentRegion reg:unknown ; ckg:row/rdfs:label ?label }
        GROUP BY ?label ORDER BY ?label""") == [
        ("Bourgogne Franche Comté ou Bretagne", 3), ("Bretagne ou Centre Val de Loire", 1),
        ("Centre Val de Loire ou Corse", 1), ("Guyane ou Martinique", 3)]
    # a former region printed in 2001 is sliced under today's region
    assert sparql("""SELECT DISTINCT ?today WHERE { ?o ckg:printedRegion reg:42-2015 ; ckg:currentRegion ?today }""") == [
        (REG + "44",)]


def test_year_slices_the_cube_as_an_integer(graph):
    """The query of issue 14, without declaring a prefix, through kg's query runner."""
    q = parse_query("SELECT ?o WHERE { ?o a qb:Observation ; ckg:year 2024 }", name="year")
    assert len(select_records(run(graph, q))) == 1559
    q = parse_query("SELECT ?y (COUNT(?o) AS ?n) WHERE { ?o a qb:Observation ; ckg:year ?y } GROUP BY ?y ORDER BY ?y",
                    name="years")
    assert [(r["y"], r["n"]) for r in select_records(run(graph, q))] == [(2001, 1381), (2005, 1445), (2024, 1559)]


def test_year_slices_the_cube_on_the_endpoint(app):
    """The same query sent to /sparql without a prefix declaration."""
    text = "SELECT ?o WHERE { ?o a qb:Observation ; ckg:year 2024 }"
    r = app.handle("GET", "/sparql?" + urllib.parse.urlencode({"query": text}), {"Accept": "text/csv"})
    assert r.status == 200
    assert len(r.body.decode().strip().splitlines()) == 1 + 1559


def test_counts_are_observations_of_their_own_dataset_with_their_unit(sparql):
    # corpus 003 annex IV prints headcounts beside amounts: each count cell is an observation
    # of the quantities dataset (the allocation cube measures euros only)
    assert sparql("""SELECT ?structure ?unit (COUNT(?o) AS ?n) WHERE {
        ?o a qb:Observation ; qb:dataSet/qb:structure ?structure ; ckg:unit ?unit }
        GROUP BY ?structure ?unit ORDER BY ?structure ?unit""") == [
        (CKG + "allocationStructure", "kF", 1352), (CKG + "allocationStructure", "k€", 2974),
        (CKG + "quantityStructure", "nombre", 59)]
    assert sparql("""SELECT ?printed ?quantity ?amount WHERE {
        ?o ckg:quantity ?quantity ; ckg:printedValue ?printed ; ckg:row/rdfs:label "Centre GF Leclerc, Dijon" ;
           ckg:column/rdfs:label ?col . FILTER STRSTARTS(?col, "NOMBRE total")
        OPTIONAL { ?o ckg:amountEUR ?amount } }""") == [("2", 2, None)]
