"""The web page in a real headless browser (Debian's chromium driven by Playwright):
the editor (highlighting, completion, Ctrl+Enter), saved queries and their share links,
results sorted and paged, French numbers, the year chart, downloads, resource pages, the
provenance view with its exact span, errors, CORS, and no request leaving 127.0.0.1."""
from __future__ import annotations

import json
import shutil
import threading
import urllib.parse
from decimal import Decimal
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from kg.query import DECLARED, load_query, run, select_records
from kg.server import App, make_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
TIMEOUT_MS = 20_000


@pytest.fixture(scope="module")
def site(corpus_store):
    corpus = Path(__file__).resolve().parent.parent / "corpus"
    app = App(corpus_store, timeout=20, sources=[corpus])
    server = make_server(app, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    app.close()


@pytest.fixture(scope="module")
def traffic():
    """Every URL the page asked for: on 127.0.0.1, and elsewhere (aborted)."""
    return {"local": [], "outside": []}


def _guard(route, traffic):
    url = route.request.url
    if urllib.parse.urlsplit(url).hostname == "127.0.0.1":
        traffic["local"].append(url)
        route.continue_()
    else:
        traffic["outside"].append(url)
        route.abort()


@pytest.fixture(scope="module")
def page(traffic):
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed: apt-get install -y chromium (see scripts/test.sh)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, timeout=TIMEOUT_MS)
        pg = browser.new_page(viewport={"width": 1300, "height": 900})
        pg.set_default_timeout(TIMEOUT_MS)
        pg.route("**/*", lambda route: _guard(route, traffic))
        errors = []
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        yield pg
        browser.close()
        assert errors == []
        assert traffic["outside"] == []


def open_page(page, url):
    page.goto(url)
    page.wait_for_selector("body[data-ready='1']")


def set_query(page, text):
    """Replace the editor's text as a person would (the editor is CodeMirror's contenteditable)."""
    page.fill("#editor .cm-content", text)


def texts(page, selector):
    return page.locator(selector).all_inner_texts()


def euros(value: Decimal) -> str:
    """An amount as the page writes it: narrow no-break spaces between thousands, a comma, a no-break space before €."""
    sign, digits = ("-", str(-value)) if value < 0 else ("", str(value))
    whole, _, frac = digits.partition(".")
    groups = f"{int(whole):,}".replace(",", "\u202f")
    return sign + groups + ("," + frac if frac else "") + "\u00a0€"


def test_share_link_runs_a_saved_query(site, page, graph):
    page.goto(site + "/?saved=amounts_by_region&param.code=F21&param.year=2024")
    page.wait_for_selector("body[data-ready='1']")
    expected = select_records(run(graph, load_query("amounts_by_region"), {"code": "F21", "year": "2024"}))
    rows = page.locator("#results tbody tr")
    assert rows.count() == len(expected) == 12
    assert page.locator("#results thead th").all_inner_texts()[:2] == ["region", "regionLabel"]
    assert rows.first.locator("td").nth(1).inner_text() == expected[0]["regionLabel"]
    assert page.locator("#saved").input_value() == "amounts_by_region"
    assert page.locator("[data-param='code']").input_value() == "F21"


def test_editor_runs_a_query_and_updates_the_share_link(site, page):
    page.goto(site + "/")
    page.wait_for_selector("body[data-ready='1']")
    assert page.locator("#saved option").count() > 12
    page.select_option("#saved", "documents")
    page.click("#run")
    page.wait_for_function("document.querySelector('#status').dataset.rows === '5'")
    assert page.locator("#results tbody tr").count() == 5
    assert "saved=documents" in page.locator("#share").get_attribute("href")
    set_query(page, "SELECT (1 + 1 AS ?two) WHERE {}")
    page.click("#run")
    page.wait_for_function("document.querySelector('#results tbody td')?.textContent === '2'")
    assert "query=SELECT" in page.url


def test_provenance_view_highlights_the_exact_span(site, page):
    page.goto(site + "/?saved=amount_provenance&param.printed=" + "5%20085%2C0")
    page.wait_for_selector("body[data-ready='1']")
    page.locator("#results tbody tr").first.locator("a.prov").first.click()
    page.wait_for_selector("#provenance:not([hidden]) .provenance")
    panel = page.locator("#provenance")
    assert panel.locator("mark").first.inner_text() == "5 085,0"
    assert panel.locator(".source .hit .ln").first.inner_text() == "1:93"
    assert panel.locator(".source .hit").first.inner_text().startswith(
        "1:93<b>France métropolitaine</b>\t<b>7 348 659,7</b>")   # the source as printed, tags and all
    text = panel.inner_text()
    assert "000_e5e150b2e5b19c7b.txt" in text and "extractors.tables" in text
    assert "Reconciliation" in text
    assert "explain=" in page.url


def test_amount_search_form(site, page):
    page.goto(site + "/")
    page.wait_for_selector("body[data-ready='1']")
    page.fill("#amount", "5,1 M€")
    page.fill("#document", "000_e5e150b2e5b19c7b")
    page.click("#find-amount button")
    page.wait_for_selector("#provenance:not([hidden]) .provenance")
    assert page.locator("#provenance mark").all_inner_texts() == ["5,1 M€"]
    assert "reconciles" in page.locator("#provenance .status-ok").first.inner_text()


def test_a_construct_query_shows_its_triples(site, page, graph):
    page.goto(site + "/?saved=measure_graph")
    page.wait_for_selector("body[data-ready='1']")
    assert page.locator("#status").get_attribute("class") != "error"
    triples = sum(1 for _ in run(graph, load_query("measure_graph")))
    assert int(page.locator("#status").get_attribute("data-rows")) == triples == 564
    assert page.locator("#results tbody tr").count() == 50      # the first page only
    assert page.locator("#range").inner_text() == "rows 1–50 of 564"
    assert page.locator("#results thead th").all_inner_texts() == ["triple"]


# ---------------------------------------------------------------- the editor

def test_sparql_is_highlighted(site, page):
    open_page(page, site + "/?query=" + urllib.parse.quote('SELECT ?s WHERE { ?s a ckg:Region ; rdfs:label "x"@fr } LIMIT 3'))
    assert texts(page, "#editor .tok-keyword") == ["SELECT", "WHERE", "LIMIT"]
    assert texts(page, "#editor .tok-variableName.tok-local") == ["?s", "?s"]
    assert texts(page, "#editor .tok-atom") == ["ckg:Region", "rdfs:label"]
    assert texts(page, "#editor .tok-string") == ['"x"']
    assert page.eval_on_selector("#editor .tok-keyword", "e => getComputedStyle(e).color") == "rgb(119, 0, 136)"


def test_completion_offers_the_graph_terms_and_the_prefixes(site, page):
    open_page(page, site + "/")
    set_query(page, "SELECT * WHERE { ?o ckg:amou")
    page.keyboard.press("End")
    page.keyboard.press("Control+Space")
    page.wait_for_selector(".cm-tooltip-autocomplete")
    page.wait_for_timeout(150)   # CodeMirror ignores Enter for 75 ms after the list opens (interactionDelay)
    labels = texts(page, ".cm-tooltip-autocomplete .cm-completionLabel")
    assert labels[0] == "ckg:amountEUR"
    assert {"ckg:amountEUR", "ckg:AmountCheck", "ckg:proseAmount"} <= set(labels)
    assert page.locator(".cm-tooltip-autocomplete .cm-completionDetail").first.inner_text() == "amount in euros"
    page.keyboard.press("Enter")
    assert page.locator("#editor .cm-content").inner_text() == "SELECT * WHERE { ?o ckg:amountEUR"
    set_query(page, "PREFIX sk")
    page.keyboard.press("End")
    page.keyboard.press("Control+Space")
    page.wait_for_selector(".cm-tooltip-autocomplete")
    page.wait_for_timeout(150)
    assert texts(page, ".cm-tooltip-autocomplete .cm-completionLabel") == ["skos:"]
    page.keyboard.press("Enter")
    assert page.locator("#editor .cm-content").inner_text() == "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>"
    assert "ckg:" in texts(page, "#declared code")


def test_ctrl_enter_runs_the_query(site, page):
    open_page(page, site + "/")
    assert page.locator("#results tbody tr").count() == 0
    set_query(page, "SELECT ?label WHERE { <https://circulaires-kg.example.org/code/region/53> skos:prefLabel ?label }")
    page.keyboard.press("Control+Enter")
    page.wait_for_function("document.querySelector('#status').dataset.rows === '1'")
    assert texts(page, "#results tbody td") == ["Bretagne"]
    assert "query=SELECT" in page.url


# ---------------------------------------------------------------- results

def test_a_column_sorts_and_amounts_read_in_french(site, page, graph):
    open_page(page, site + "/?saved=region_per_year")
    rows = select_records(run(graph, load_query("region_per_year")))
    first = lambda: page.locator("#results tbody tr").first.locator("td").all_inner_texts()[1:6]
    # the server's order (year, envelope), amounts as a French reader writes them (then the ambiguous count)
    assert first() == ["Hauts-de-France", "2001", "DG", "2", "3\u202f926\u202f721\u202f000\u00a0€"]
    assert first()[-1] == euros(rows[0]["amount"])
    page.click("#results th[data-var='amount'] button")
    assert page.get_attribute("#results th[data-var='amount']", "aria-sort") == "ascending"
    assert first() == ["Hauts-de-France", "2024", "USLD", "1", "122\u202f747\u202f600\u00a0€"]
    assert [r[5] for r in map(lambda tr: tr.split("\t"), page.locator("#results tbody tr").all_inner_texts())] == \
        [euros(r["amount"]) for r in sorted(rows, key=lambda r: r["amount"])]
    page.click("#results th[data-var='amount'] button")
    assert page.get_attribute("#results th[data-var='amount']", "aria-sort") == "descending"
    assert first() == ["Hauts-de-France", "2001", "DG", "2", "3\u202f926\u202f721\u202f000\u00a0€"]
    page.click("#results th[data-var='envelope'] button")
    assert [tr.split("\t")[3] for tr in page.locator("#results tbody tr").all_inner_texts()] == \
        ["DAC", "DAF", "DG", "MIGAC", "MIGAC", "PSY", "SMR", "USLD"]


def test_results_come_by_pages(site, page, graph):
    query = "SELECT ?o WHERE { ?o a qb:Observation } ORDER BY ?o"
    iris = [r["o"] for r in select_records(run(graph, query))]
    short = lambda iri: "id:" + iri.removeprefix("https://circulaires-kg.example.org/id/")
    open_page(page, site + "/?query=" + urllib.parse.quote(query))
    assert len(iris) == 4385
    assert page.locator("#status").get_attribute("data-rows") == "4385"
    assert page.locator("#results tbody tr").count() == 50
    assert page.locator("#range").inner_text() == "rows 1–50 of 4\u202f385"
    assert page.locator("#prev").is_disabled() and page.locator("#pager").is_visible()
    page.click("#next")
    assert page.locator("#range").inner_text() == "rows 51–100 of 4\u202f385"
    assert texts(page, "#results tbody a.iri") == [short(i) for i in iris[50:100]]
    page.click("#prev")
    assert texts(page, "#results tbody a.iri")[0] == short(iris[0])


def test_a_region_by_year_answer_is_charted(site, page, graph):
    open_page(page, site + "/?saved=region_per_year")
    rows = select_records(run(graph, load_query("region_per_year")))
    envelopes = sorted({r["envelope"] for r in rows})
    assert envelopes == ["DAC", "DAF", "DG", "MIGAC", "PSY", "SMR", "USLD"]
    chart = page.locator("#chart svg.year-chart")
    assert chart.count() == 1
    assert [g.get_attribute("data-series") for g in chart.locator("g.series").all()] == envelopes
    assert chart.locator("rect").count() == len(rows) == 8       # one bar per row, a band per year
    assert page.locator("#chart .axes text").evaluate_all("ts => ts.map(t => t.textContent)")[-3:] == \
        ["2001", "2005", "2024"]
    assert page.locator("g.series[data-series='MIGAC'] rect").evaluate_all(
        "rs => rs.map(r => r.dataset.year)") == ["2005", "2024"]
    assert page.locator("#chart-caption").inner_text() == "amount by year, one series per envelope"
    assert "MIGAC (no value for 2001)" in texts(page, "#chart .legend li")


def test_a_long_series_is_drawn_as_lines_broken_where_a_year_is_missing(site, page):
    rows = " ".join(f'("A" {y} {y - 2000})' for y in range(2001, 2011) if y != 2005)
    rows += " " + " ".join(f'("B" {y} 20)' for y in range(2001, 2011))
    open_page(page, site + "/?query=" + urllib.parse.quote(f"SELECT ?name ?year ?value WHERE {{ VALUES (?name ?year ?value) {{ {rows} }} }}"))
    chart = page.locator("#chart svg.year-chart.lines")
    assert [g.get_attribute("data-series") for g in chart.locator("g.series").all()] == ["A", "B"]
    assert chart.locator("g.series[data-series='A'] path").get_attribute("d").count("M") == 2   # 2001–2004, 2006–2010
    assert chart.locator("g.series[data-series='B'] path").get_attribute("d").count("M") == 1
    assert (chart.locator("g.series[data-series='A'] circle").count(), chart.locator("g.series[data-series='B'] circle").count()) == (9, 10)
    assert texts(page, "#chart .legend li") == ["A (no value for 2005)", "B"]
    open_page(page, site + "/?query=" + urllib.parse.quote(
        'SELECT ?name ?year ?value WHERE { VALUES (?name ?year ?value) { ("A" 2001 1) ("A" 2001 2) ("A" 2002 3) } }'))
    assert page.locator("#chart svg").count() == 0
    assert page.locator("#chart-caption").inner_text() == "no chart: several rows for value in 2001"   # one name: the series is the measure


def test_parameters_are_form_fields_and_travel_in_the_share_link(site, page, graph):
    open_page(page, site + "/?saved=region_per_year")
    field = page.locator("[data-param='region']")
    assert field.input_value() == "Hauts-de-France"
    field.fill("Bretagne")
    field.press("Enter")
    expected = select_records(run(graph, load_query("region_per_year"), {"region": "Bretagne"}))
    page.wait_for_function(f"document.querySelector('#status').dataset.rows === '{len(expected)}'")
    assert len(expected) == 9
    assert set(texts(page, "#results tbody td:nth-child(2)")) == {"Bretagne"}
    share = page.locator("#share").get_attribute("href")
    assert share == "/?saved=region_per_year&param.region=Bretagne"
    open_page(page, site + share)
    assert page.locator("#status").get_attribute("data-rows") == "9"


def test_downloads_give_the_same_answer(site, page, graph):
    open_page(page, site + "/?saved=region_per_year&param.region=Bretagne")
    csv_href = page.locator("#downloads a[data-format='csv']").get_attribute("href")
    json_href = page.locator("#downloads a[data-format='json']").get_attribute("href")
    assert page.locator("#downloads a[data-format='csv']").get_attribute("download") == "region_per_year.csv"
    csv = page.request.get(site + csv_href).text().splitlines()
    assert csv[0] == "today,regionLabel,year,envelope,rows,amount,ambiguous"
    assert len(csv) == 1 + 9
    doc = page.request.get(site + json_href).json()
    assert len(doc["results"]["bindings"]) == 9


# ---------------------------------------------------------------- resource pages

def test_the_json_the_pages_read(app):
    request = app.handle
    terms = json.loads(request("GET", "/terms.json").body)
    assert terms["declared"] == DECLARED
    by_name = {t["short"]: t for t in terms["terms"]}
    assert by_name["ckg:amountEUR"] == {
        "short": "ckg:amountEUR", "iri": "https://circulaires-kg.example.org/ontology#amountEUR", "kind": "property",
        "label": "amount in euros",
        "comment": "Measure: the amount in euros (francs converted at 6.55957 F per €, rounded to the cent)."}
    assert by_name["qb:Observation"] == {"short": "qb:Observation", "iri": "http://purl.org/linked-data/cube#Observation",
                                         "kind": "class"}          # in use, though no ontology of ours declares it
    assert sum(t["kind"] == "class" for t in terms["terms"]) == 38      # skos:Concept in use: regions are a code list
    region = json.loads(request("GET", "/resource.json?iri=https%3A%2F%2Fcirculaires-kg.example.org%2Fcode%2Fregion%2F32").body)
    assert (region["label"], region["short"], region["incomingCount"]) == ("Hauts-de-France", "code:region/32", 424)   # 258 observations name it as today's region, 72 as printed
    assert [t["short"] for t in region["types"]] == ["skos:Concept", "ckg:Region"]
    assert "provenance" not in region                              # read from no source span
    missing = request("GET", "/resource.json")
    assert (missing.status, json.loads(missing.body)["error"]) == (400, "give ?iri=… (the IRI of a resource)")
    bad = request("GET", "/resource.json?iri=x")
    assert (bad.status, json.loads(bad.body)["error"]) == (400, "x: not an IRI (No scheme found in an absolute IRI)")
    assert request("GET", "/resource?iri=x").content_type == "text/html; charset=utf-8"
    saved_page = request("GET", "/queries/region_per_year").body.decode()   # the server-rendered tables link there too
    assert saved_page.count('<a href="/resource?iri=https%3A%2F%2Fcirculaires-kg.example.org%2Fcode%2Fregion%2F32">') == 8


def test_an_iri_opens_its_resource_page(site, page):
    open_page(page, site + "/?saved=region_per_year")
    page.locator("#results tbody tr").first.locator("a.iri").click()
    page.wait_for_selector("body[data-ready='1']")
    assert page.url == site + "/resource?iri=" + urllib.parse.quote("https://circulaires-kg.example.org/code/region/32", safe="")
    assert page.locator("h1").inner_text() == "Hauts-de-France"
    assert texts(page, "#types a") == ["skos:Concept", "Région (ckg:Region)"]
    props = dict(tr.split("\t") for tr in page.locator("#properties tr").all_inner_texts())
    assert props["skos:notation"] == "32"
    assert props["région actuelle (ckg:todayRegion)"] == "Hauts-de-France (code:region/32)"
    assert page.locator("#incoming-count").inner_text() == "200 of 424 incoming links shown"


def test_an_amount_resource_page_shows_its_provenance(site, page):
    iri = "https://circulaires-kg.example.org/id/dataset/000_e5e150b2e5b19c7b/t1/obs/5-3"
    open_page(page, site + "/resource?iri=" + urllib.parse.quote(iri, safe=""))
    assert page.locator("h1").inner_text() == "548,4 k€ — Grand Est × Biosimilaires"
    assert texts(page, "#types a") == ["qb:Observation"]
    props = dict(tr.split("\t") for tr in page.locator("#properties tr").all_inner_texts())
    assert props["montant en euros (ckg:amountEUR)"] == "548\u202f400\u00a0€"
    assert props["région (ckg:region)"] == "Grand Est (code:region/44)"
    assert page.locator("#incoming-count").inner_text() == "2 incoming links"
    box = page.locator("#provenance-box")
    assert box.locator("mark").all_inner_texts() == ["548,4"]
    assert box.locator(".source .hit .ln").first.inner_text() == "1:85"
    assert "000_e5e150b2e5b19c7b.txt" in box.inner_text()


def test_an_unknown_resource_says_so(site, page):
    open_page(page, site + "/resource?iri=" + urllib.parse.quote("https://example.org/nothing", safe=""))
    assert page.locator("h1").inner_text() == "Not found"
    assert page.locator("#status").inner_text() == \
        "https://example.org/nothing: nothing in the store has this IRI as subject or object"


# ---------------------------------------------------------------- errors, CORS, the network

BAD_PREFIX = "SELECT * WHERE { ?s foo:bar ?o }"


def test_an_error_shows_the_servers_message_on_one_line(site, page):
    open_page(page, site + "/?query=" + urllib.parse.quote(BAD_PREFIX))
    message = page.request.post(site + "/sparql", form={"query": BAD_PREFIX}).json()["error"]
    status = page.locator("#status")
    assert status.get_attribute("class") == "error"
    assert page.locator("#status .error-message").evaluate("e => e.firstChild.textContent") == message.split("\n")[0]
    assert not page.locator("#status details").evaluate_all("ds => ds.some(d => d.open)")   # any detail stays folded
    assert page.locator("#results tbody tr").count() == 0
    assert not page.locator("#pager").is_visible() and not page.locator("#chart-box").is_visible()


def test_an_error_names_the_missing_prefix(site, page):
    open_page(page, site + "/?query=" + urllib.parse.quote(BAD_PREFIX))
    assert "foo" in page.locator("#status .error-message").evaluate("e => e.firstChild.textContent")


@pytest.fixture(scope="module")
def other_origin(tmp_path_factory):
    """A page on another origin (another port of 127.0.0.1), as a notebook or YASGUI elsewhere would be."""
    folder = tmp_path_factory.mktemp("origin")
    (folder / "index.html").write_text("<!doctype html><title>elsewhere</title>", encoding="utf-8")
    handler = type("Quiet", (SimpleHTTPRequestHandler,), {"log_message": lambda *a: None})
    server = ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: handler(*a, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_page_on_another_origin_can_query_the_endpoint(site, page, other_origin):
    page.goto(other_origin + "/index.html")
    answer = page.evaluate("""async (endpoint) => {
        try {
          const r = await fetch(endpoint, { method: "POST", body: "ASK { ?s a <https://circulaires-kg.example.org/ontology#Region> }",
                                            headers: { "Content-Type": "application/sparql-query",
                                                       Accept: "application/sparql-results+json" } });
          return (await r.json()).boolean;
        } catch (e) { return String(e); }
    }""", site + "/sparql")
    assert answer is True


def test_no_request_leaves_the_machine(site, page, traffic):
    page.goto(site + "/static/app.css")
    assert page.evaluate("fetch('http://example.org/').then(() => 'sent', () => 'blocked')") == "blocked"
    assert traffic["outside"] == ["http://example.org/"]        # the guard sees what would leave
    traffic["outside"].clear()
    traffic["local"].clear()
    open_page(page, site + "/?saved=region_per_year")
    page.locator("#results tbody tr").first.locator("a.iri").click()
    page.wait_for_selector("body[data-ready='1']")
    open_page(page, site + "/?query=" + urllib.parse.quote(BAD_PREFIX))
    paths = {urllib.parse.urlsplit(u).path for u in traffic["local"]}
    assert {"/", "/static/vendor/codemirror-sparql.min.js", "/terms.json", "/index.json", "/sparql",
            "/resource", "/resource.json"} <= paths
    assert traffic["outside"] == []
