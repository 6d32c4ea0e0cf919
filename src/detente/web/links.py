"""Links between pages: every value that goes into a URL is percent-encoded here."""

from __future__ import annotations

from urllib.parse import quote, urlencode


def document_url(doc_id: str, anchor: str | None = None) -> str:
    """The reader page of a document, optionally at a record's or a sentence's anchor."""
    url = f"/documents/{quote(doc_id, safe='')}"
    return f"{url}#{quote(anchor, safe='')}" if anchor else url


def page_url(path: str, **params: object) -> str:
    """``path`` with the given query parameters (those that are None or empty left out)."""
    kept = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{path}?{urlencode(kept)}" if kept else path


def is_web_address(url: str | None) -> bool:
    """True for http(s) URLs: only those become links (a javascript: URL in a record must not)."""
    return bool(url) and url.lower().startswith(("http://", "https://"))
