"""The server-rendered pages: each renders its data, links records to their sentences, and
answers a bad request with an error page."""

from __future__ import annotations

import re

import pytest


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", ["<strong>4</strong><span>documents</span>", 'href="/timeline?actor=RUS"', "TASS"]),
        ("/events", ["CONSULT", "AGREE", 'href="/documents/d1#s-0"', 'href="/api/events?format=csv&amp;limit=10000"']),
        ("/events?type=AGREE", ['href="/documents/d2#s-0"', "1–1 of 1"]),
        ("/search?q=trade+China", ["<mark>Trade</mark>", "<mark>China</mark>", 'href="/documents/d1#s-1"']),
        ("/search", ["Every word must occur"]),
        ("/timeline", ['href="/timeline?actor=RUS"']),
        ("/timeline?actor=RUS&partner=SGP", ["<svg", 'class="q1"', "2 mentions, 2 articles, 2 outlets"]),
        ("/dyads", ['href="/dyads?a=RUS&amp;b=SGP"']),
        (
            "/dyads?a=RUS&b=SGP&status=all&by=year",
            ["Events of RUS and SGP per year", "Events of RUS per year, by partner"],
        ),
        ("/network", ['src="/static/vendor/cytoscape.min.js"', 'data-api="/api/network"', 'value="60"']),
        (
            "/facts?measure=trade&dyad=RUS,CHN",
            ["trade of RUS and CHN: level figures in USD", "Conflicting reports", "TASS"],
        ),
        ("/documents", ["Putin in Singapore (d3)", 'href="/documents/d3"']),
        ("/documents/d1", ['href="#event-d1-e1"', 'id="event-d1-e1"', 'id="s-1"', 'class="mark mark-fact"']),
        ("/upload", ['id="upload-form"', 'name="files"', 'src="/static/upload.js"']),
    ],
)
def test_pages_render_their_data(client, path: str, expected: list[str]) -> None:
    response = client.get(path)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    for text in expected:
        assert text in response.text, f"{text!r} not on {path}"


def test_the_reader_links_every_mark_to_a_record_on_the_page(client) -> None:
    html = client.get("/documents/d1").text
    targets = set(re.findall(r'class="mark[^"]*" href="#([^"]+)"', html))
    ids = set(re.findall(r'id="([^"]+)"', html))
    assert targets and targets <= ids
    assert {"event-d1-e1", "fact-d1-f1"} <= targets


def test_the_events_page_pages(client) -> None:
    html = client.get("/events?limit=1&offset=1").text
    assert "2–2 of 4" in html and 'href="/events?offset=0&amp;limit=1"' in html
    assert 'href="/events?offset=2&amp;limit=1"' in html


def test_a_page_past_the_end_says_so_and_leads_back_to_the_last_page(client) -> None:
    html = client.get("/events?limit=3&offset=90").text
    assert "nothing on this page: 4 in all" in html and "of 4" not in html
    assert 'href="/events?offset=3&amp;limit=3"' in html and "next →" not in html


def test_no_url_fetching_field_unless_allowed(client, make_client) -> None:
    assert 'name="url"' not in client.get("/upload").text
    assert 'name="url"' in make_client(allow_fetch=True).get("/upload").text
    assert "uploads are off" in make_client(writable=False).get("/upload").text


@pytest.mark.parametrize(
    ("path", "status", "words"),
    [
        ("/documents/nope", 404, "no document &#39;nope&#39;"),
        ("/no/such/page", 404, "not found"),
        ("/events?quad_class=5", 422, "quad_class: Input should be less than or equal to 4"),
        ("/timeline?actor=RUS&since=soon", 422, "since: not an ISO date"),
        ("/network?max_nodes=1", 422, "max_nodes"),
    ],
)
def test_bad_requests_get_an_error_page(client, path: str, status: int, words: str) -> None:
    response = client.get(path)
    assert response.status_code == status and response.headers["content-type"].startswith("text/html")
    assert words in response.text and "Traceback" not in response.text
