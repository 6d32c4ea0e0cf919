"""Security: everything rendered is escaped, headers, hosts, static paths, and errors that never
show a traceback. (The browser test runs the same pages in Chromium and checks nothing executes.)"""

from __future__ import annotations

import re
from urllib.parse import quote

import duckdb
import pytest

# What the evil article would inject if any of its text reached a page unescaped.
INJECTED = [
    '<script>window.__xss', "<img src=x", "onerror=\"window", "onload=\"window", "onmouseover=\"window",
    'href="javascript:', "<b>&x", "<i onmouseover",
]  # fmt: skip


def pages(evil_id: str) -> list[str]:
    doc = quote(evil_id, safe="")
    return [
        "/", f"/documents/{doc}", "/documents", "/events", "/events?actor=RUS", "/search?q=script",
        "/search?q=onerror", "/timeline?actor=RUS&status=all", "/timeline?actor=RUS&partner=CHN",
        "/facts?measure=trade", "/facts?actor=CHN", "/dyads?a=RUS&b=CHN", "/network", "/upload",
        "/events?since=%3Cscript%3Ealert(1)%3C/script%3E", "/nope%3Cscript%3E",
    ]  # fmt: skip


def test_every_page_escapes_the_evil_article(client, evil) -> None:
    for path in pages(evil.document.doc_id):
        response = client.get(path)
        assert response.status_code in (200, 404, 422), path
        html = response.text
        for needle in INJECTED:
            assert needle not in html, f"{needle!r} unescaped on {path}"
        # The only scripts are the server's own files.
        assert all(src.startswith("/static/") for src in re.findall(r'<script src="([^"]*)"', html)), path
        assert "<script>" not in html and "<script " not in html.replace('<script src="/static/', ""), path


def test_the_reader_shows_the_markup_as_text(client, evil) -> None:
    html = client.get(f"/documents/{quote(evil.document.doc_id, safe='')}").text
    assert ">&lt;script&gt;</a>window.__xss = &#34;text&#34;;&lt;/script&gt;" in html  # the trigger is marked
    assert "&lt;img src=x onerror=" in html
    assert 'href="javascript:' not in html and "javascript:window.__xss=&#39;url&#39;" in html  # shown, not linked
    assert 'id="event-evil-e1&lt;script&gt;"' in html


def test_a_validation_error_page_escapes_the_input(client) -> None:
    response = client.get("/events?actor=%22%3E%3Cscript%3Ealert(1)%3C/script%3E")
    assert response.status_code == 422 and "<script>alert" not in response.text


def test_security_headers_on_pages_and_api(client) -> None:
    for path in ("/", "/api/summary", "/static/app.css"):
        headers = client.get(path).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "'unsafe-inline'" not in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
    assert "style-src 'self' 'unsafe-inline'" in client.get("/docs").headers["content-security-policy"]


def test_only_the_bound_names_are_served(client) -> None:
    response = client.get("/api/summary", headers={"host": "attacker.example"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "path", ["/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py", "/static/vendor/../../api.py"]
)
def test_static_paths_stay_in_the_static_folder(client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404 and "def create_app" not in response.text


def test_filters_are_parameters_not_sql(client) -> None:
    assert client.get("/api/events", params={"source": "x' OR '1'='1"}).json()["total"] == 0
    assert client.get("/api/documents", params={"source": "'; DROP TABLE documents; --"}).json()["total"] == 0
    assert client.get("/api/events", params={"actor": "RUS' --"}).status_code == 422
    assert client.get("/api/summary").json()["documents"] == 4


def test_an_unexpected_error_is_a_bare_500(make_client, monkeypatch: pytest.MonkeyPatch) -> None:
    client = make_client(raise_server_exceptions=False)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals /home/user/passwords")

    monkeypatch.setattr("detente.web.analytics.search", broken)
    api = client.get("/api/search?q=Putin")
    assert api.status_code == 500 and api.json() == {"detail": "internal error", "errors": []}
    page = client.get("/search?q=Putin")
    assert page.status_code == 500 and "secret" not in page.text and "Traceback" not in page.text


def test_a_database_error_is_a_500_without_details(make_client, monkeypatch: pytest.MonkeyPatch) -> None:
    client = make_client(raise_server_exceptions=False)

    def broken(*args: object, **kwargs: object) -> None:
        raise duckdb.IOException("disk on fire at /var/db")

    monkeypatch.setattr("detente.web.analytics.search", broken)
    response = client.get("/api/search?q=Putin")
    assert response.status_code == 500 and "disk" not in response.text
    assert response.json()["detail"] == "the database could not answer this request"
