"""The HTML report: self-contained, escaped, every event and figure linked to its sentences."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli.main import app
from detente.report import ReportOptions, report_data, write_report
from detente.store import Store

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)


@pytest.fixture
def html(store_path: Path, tmp_path: Path) -> str:
    with Store(store_path, read_only=True) as store:
        out = write_report(store, tmp_path / "report.html", db_label="report.duckdb")
    return out.read_text(encoding="utf-8")


def test_the_report_is_one_self_contained_file(html: str) -> None:
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html
    assert "<script" not in html and "<link" not in html and "@import" not in html
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:|//)""", html)
    assert not re.search(r"url\(\s*['\"]?(?:https?:|//)", html)
    assert html.count("<svg") >= 3  # dyad, partners and network charts, inline


def test_article_text_is_escaped(html: str, evil: str) -> None:
    assert evil not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "Putin &lt;b&gt;in&lt;/b&gt; Singapore" in html


def test_every_link_has_its_target(html: str) -> None:
    targets = set(re.findall(r'id="([^"]+)"', html))
    links = re.findall(r'href="#([^"]+)"', html)
    assert links and set(links) <= targets


def test_events_and_figures_cite_their_sentences(store_path: Path, evil: str) -> None:
    with Store(store_path, read_only=True) as store:
        data = report_data(store)
    assert data["actor"] == "RUS"  # the most mentioned actor
    [meeting] = data["timeline"]
    assert meeting["mentions"] == 2 and meeting["outlet_names"] == ["CGTN", f"Reuters {evil}"]
    appendix = {a["anchor"]: a for a in data["appendix"]}
    cited = appendix[meeting["cites"][0]["anchor"]]
    assert (cited["doc_id"], cited["sentence"], cited["outlet"]) == ("d1", 0, "CGTN")
    assert [text for text, marked in cited["segments"] if marked] == ["met"]
    [group] = [g for g in data["facts"] if g["measure"] == "trade"]
    assert group["status"] == "conflict" and [v["value"] for v in group["variants"]] == [87e9, 95e9]
    figure = appendix[group["variants"][0]["facts"][0]["cite"]["anchor"]]
    assert [text for text, marked in figure["segments"] if marked] == ["$87 billion"]
    assert data["fact_conflicts"] == 1 and data["sources"].agreement[0]["disagree"] == 1


def test_sections(html: str) -> None:
    for section in ("overview", "timeline", "dyads", "partners", "network", "facts", "sources", "appendix"):
        assert f'<section id="{section}">' in html
    assert "detente report: Russia (RUS)" in html


def test_options_choose_the_actor_and_the_period(store_path: Path) -> None:
    with Store(store_path, read_only=True) as store:
        data = report_data(store, ReportOptions(actor="sgp", since="2019", until="2019"))
    assert data["actor"] == "SGP" and data["actor_name"] == "Singapore"
    assert data["timeline"] == []  # the meeting was in 2018


def test_an_empty_database_still_gives_a_report(tmp_path: Path) -> None:
    with Store(tmp_path / "empty.duckdb") as store:
        html = write_report(store, tmp_path / "empty.html").read_text(encoding="utf-8")
    assert "No figures stored." in html and "No sentences cited." in html


def test_cli_report(store_path: Path, tmp_path: Path) -> None:
    runner = CliRunner(env={"DETENTE_DB": None, "COLUMNS": "200"})
    out = tmp_path / "cli.html"
    result = runner.invoke(app, ["report", "--out", str(out), "--db", str(store_path), "--actor", "SGP"])
    assert result.exit_code == 0, result.output
    assert f"report: {out}" in result.stderr and "detente report: Singapore (SGP)" in out.read_text(encoding="utf-8")
    missing = runner.invoke(app, ["report", "--out", str(out), "--db", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 1 and "error: no database at" in missing.stderr


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (make browser)")
def test_the_report_renders_in_chromium(html: str, tmp_path: Path) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    page_file = tmp_path / "page.html"
    page_file.write_text(html, encoding="utf-8")
    args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=args)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            requests: list[str] = []
            errors: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(page_file.as_uri())
            assert page.title() == "detente report: Russia"
            assert [u for u in requests if not u.startswith("file:")] == []  # nothing fetched
            assert errors == []
            assert page.locator("section#network svg").first.bounding_box()["width"] > 300
            page.locator("#timeline a.cite").first.click()
            assert page.evaluate("location.hash") == "#s1"
            assert page.locator("#s1").is_visible() and "Putin" in page.locator("#s1").inner_text()
            page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
            assert (tmp_path / "report.png").stat().st_size > 10_000
        finally:
            browser.close()
