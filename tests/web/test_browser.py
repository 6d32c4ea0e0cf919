"""The pages in headless Chromium: nothing from an article runs, forms filter, marks link to their
records, the network draws and zooms, uploads show their progress. Screenshots go to docs/screenshots."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from detente.web import Settings

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser

# Elements and attributes the evil article would create if its markup were ever parsed as HTML.
INJECTED = 'img[src="x"], svg[onload], [onerror], [onmouseover], a[href^="javascript:"], i, b'
OWN_SCRIPTS = "Array.from(document.scripts).every(s => s.src.startsWith(location.origin + '/static/'))"


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "escaping-alone"])
def test_nothing_from_the_evil_article_runs(live_server, open_page, shot, evil, bypass_csp: bool) -> None:
    page = open_page(bypass_csp=bypass_csp)
    doc = quote(evil.document.doc_id, safe="")
    paths = [
        "/", f"/documents/{doc}", "/documents", "/events", "/search?q=script", "/timeline?actor=RUS&status=all",
        "/facts?measure=trade", "/dyads?a=RUS&b=CHN", "/network?status=all",
        "/events?since=%3Cscript%3Ewindow.__xss%3D1%3C/script%3E",
    ]  # fmt: skip
    for path in paths:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("typeof window.__xss") == "undefined", path
        assert page.locator(f"main :is({INJECTED})").count() == 0, path
        assert page.evaluate(OWN_SCRIPTS), path
    page.goto(f"{live_server.url}/documents/{doc}")
    assert "<script>window.__xss" in page.inner_text("#text")  # shown as text
    shot(page, "security-reader")
    assert page.problems == []


def test_event_search_filters_and_links_to_the_sentence(live_server, page: Any, shot) -> None:
    page.goto(live_server.url + "/")
    shot(page, "overview")
    page.click("nav >> text=Events")
    page.fill("#f-actor", "rus")
    page.select_option("#f-type", "CONSULT")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/events?*")
    assert "type=CONSULT" in page.url and page.locator("table.records tbody tr").count() == 3
    shot(page, "events")
    page.click("table.records tbody tr:first-child td.evidence a")
    page.wait_for_url("**/documents/d1#s-0")
    assert page.evaluate("document.querySelector(':target').id") == "s-0"
    assert page.problems == []


def test_reader_marks_link_to_their_records(live_server, page: Any, shot) -> None:
    page.goto(live_server.url + "/documents/d1")
    page.click("a.mark-event")
    assert page.url.endswith("#event-d1-e1")
    assert page.evaluate("document.querySelector(':target').tagName") == "TR"
    page.click("a.mark-fact")
    assert page.evaluate("document.querySelector(':target').id") == "fact-d1-f1"
    page.goto(live_server.url + "/documents/d1")
    shot(page, "reader")
    assert page.problems == []


def test_network_draws_filters_and_zooms(live_server, page: Any, shot) -> None:
    page.goto(live_server.url + "/network?status=all")
    expect(page.locator("#network-status")).to_have_text("3 actors, 4 links")
    before = page.evaluate("window.detenteNetwork.zoom()")
    page.click("#zoom-in")
    assert page.evaluate("window.detenteNetwork.zoom()") > before
    page.click("#zoom-fit")
    page.evaluate("() => { window.detenteNetwork.$id('RUS').emit('tap'); }")  # returns nothing to serialise
    assert "Russia (RUS)" in page.inner_text("#network-details")
    assert page.locator("#network-details a[href='/timeline?actor=RUS']").count() == 1
    shot(page, "network")
    page.select_option("#f-type", "AGREE")
    page.click("#network-form button[type=submit]")
    expect(page.locator("#network-status")).to_have_text("2 actors, 2 links")
    assert "type=AGREE" in page.url  # the filters stay in the address, for sharing
    page.fill("#f-since", "nonsense")
    page.click("#network-form button[type=submit]")
    expect(page.locator("#network-status")).to_contain_text("since: not an ISO date")
    assert page.problems == []


def test_timeline_dyad_and_fact_charts(live_server, page: Any, shot) -> None:
    page.goto(live_server.url + "/timeline?actor=RUS&partner=SGP&status=all")
    assert page.locator("figure.chart svg rect").count() >= 2
    assert page.locator("ol.timeline li").count() == 2
    shot(page, "timeline")
    page.goto(live_server.url + "/dyads?a=RUS&b=SGP&status=all")
    assert page.locator("figure.chart svg").count() == 2
    shot(page, "dyads")
    page.goto(live_server.url + "/facts?measure=trade&dyad=RUS,CHN")
    assert page.locator("figure.chart svg circle.report").count() == 2
    assert page.locator("text=Conflicting reports").count() == 1
    shot(page, "facts")
    assert page.problems == []


def test_upload_shows_progress_until_done(store_file: Path, tmp_path: Path, page: Any, shot, serve) -> None:
    db = Path(shutil.copy(store_file, tmp_path / "web.duckdb"))
    article = tmp_path / "talks.txt"
    article.write_text("Russia and China held talks.\nRussia signed.\n", encoding="utf-8")
    with serve(Settings(db=db, data_dir=tmp_path / "uploads")) as server:
        page.goto(server.url + "/upload")
        page.set_input_files("#f-files", str(article))
        page.fill("#f-title", "Pasted <b>talks</b>")
        page.fill("#f-text", "Russia <script>window.__xss = 1</script> agreed.")
        page.click("#upload-submit")
        expect(page.locator("#job-state")).to_contain_text("done", timeout=30_000)
        assert page.evaluate("document.getElementById('job-progress').value") == 2
        assert page.locator("#job-documents a").count() == 2
        shot(page, "upload")
        page.click("#job-documents a >> text=/^talks_/")
        page.wait_for_url("**/documents/talks_*")
        assert page.locator("a.mark-actor").count() == 2
        assert page.evaluate("typeof window.__xss") == "undefined"
        page.goto(server.url + "/upload")
        expect(page.locator("table.records tbody tr").first).to_contain_text("done")
    assert page.problems == []


def test_api_docs_render_from_the_package(live_server, page: Any, shot) -> None:
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(live_server.url + "/docs")
    page.wait_for_selector(".swagger-ui .opblock-summary-path", timeout=20_000)
    assert page.locator(".swagger-ui .opblock").count() >= 17
    assert all(url.startswith(live_server.url) or url.startswith("data:") for url in requests)
    shot(page, "api-docs")
    assert page.problems == []
