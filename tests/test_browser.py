"""The web page in a real headless browser (Debian's chromium driven by Playwright):
load the page, run a saved query from its share link, run one from the editor, and open
the provenance view of an amount with its exact span highlighted."""
from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from kg.query import load_query, run, select_records
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
def page():
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed: apt-get install -y chromium (see scripts/test.sh)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, timeout=TIMEOUT_MS)
        pg = browser.new_page()
        pg.set_default_timeout(TIMEOUT_MS)
        errors = []
        pg.on("pageerror", lambda exc: errors.append(str(exc)))
        yield pg
        browser.close()
        assert errors == []


def test_share_link_runs_a_saved_query(site, page, graph):
    page.goto(site + "/?saved=amounts_by_region&param.code=F21&param.year=2024")
    page.wait_for_selector("body[data-ready='1']")
    expected = select_records(run(graph, load_query("amounts_by_region"), {"code": "F21", "year": "2024"}))
    rows = page.locator("#results tbody tr")
    assert rows.count() == len(expected) > 0
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
    page.fill("#editor", "SELECT (1 + 1 AS ?two) WHERE {}")
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


def test_a_construct_query_shows_its_triples(site, page):
    page.goto(site + "/?saved=measure_graph")
    page.wait_for_selector("body[data-ready='1']")
    assert page.locator("#status").get_attribute("class") != "error"
    assert int(page.locator("#status").get_attribute("data-rows")) == page.locator("#results tbody tr").count() > 0
    assert page.locator("#results thead th").all_inner_texts() == ["triple"]
