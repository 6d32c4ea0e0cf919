"""Fetching URLs (arguments and .urls lists) from a local HTTP server on 127.0.0.1."""

from __future__ import annotations

import socket
from pathlib import Path

from detente.ingest import read_inputs, url_doc_id
from detente.schemas import Document, Skipped


def test_url_argument_is_fetched_and_extracted(http_server: str) -> None:
    url = f"{http_server}/summit.html"
    (doc,) = read_inputs([url], allow_private_urls=True)
    assert isinstance(doc, Document)
    assert doc.doc_id == url_doc_id(url)
    assert (doc.url, doc.path) == (url, url)
    assert doc.title == "Leaders meet at regional summit"
    assert doc.published == "2018-11-14"
    assert "met in Singapore on Wednesday" in doc.text


def test_url_list_file(http_server: str, tmp_path: Path) -> None:
    listing = tmp_path / "reading.urls.txt"
    listing.write_text(
        f"# pages to read\n\n{http_server}/summit.html\nnot a url\n{http_server}/missing.html\n",
        encoding="utf-8",
    )
    found, not_url, missing = read_inputs([listing], allow_private_urls=True)
    assert isinstance(found, Document) and found.title == "Leaders meet at regional summit"
    assert isinstance(not_url, Skipped)
    assert (not_url.input, not_url.reason) == (f"{listing}:4", "not an http(s) URL")
    assert isinstance(missing, Skipped)
    assert (missing.input, missing.reason) == (
        f"{http_server}/missing.html",
        "download failed (HTTP status 404)",
    )


def test_page_without_text(http_server: str) -> None:
    (skipped,) = read_inputs([f"{http_server}/gallery_page.html"], allow_private_urls=True)
    assert isinstance(skipped, Skipped) and skipped.reason == "no article text found in the HTML"


def test_fetching_can_be_turned_off(http_server: str, tmp_path: Path) -> None:
    listing = tmp_path / "pages.urls"
    listing.write_text(f"{http_server}/summit.html\n", encoding="utf-8")
    results = list(read_inputs([f"{http_server}/summit.html", listing], fetch_urls=False))
    assert [r.reason for r in results] == ["URL fetching is turned off"] * 2  # type: ignore[union-attr]


def test_private_addresses_are_refused_by_default(http_server: str) -> None:
    (skipped,) = read_inputs([f"{http_server}/summit.html"])
    assert isinstance(skipped, Skipped)
    assert skipped.reason.startswith("refusing a loopback or private address")


def test_unreachable_server() -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    (skipped,) = read_inputs([f"http://127.0.0.1:{port}/page.html"], allow_private_urls=True)
    assert isinstance(skipped, Skipped) and skipped.reason.startswith("download failed")


def test_page_over_size_limit(http_server: str) -> None:
    (skipped,) = read_inputs([f"{http_server}/summit.html"], allow_private_urls=True, max_bytes=200)
    assert isinstance(skipped, Skipped) and skipped.reason.startswith("download failed")
