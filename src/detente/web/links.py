"""Links between pages: every value that goes into a URL is percent-encoded here."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote, urlencode


def document_url(doc_id: str, anchor: str | None = None) -> str:
    """The reader page of a document, optionally at a record's or a sentence's anchor."""
    url = f"/documents/{quote(doc_id, safe='')}"
    return f"{url}#{quote(anchor, safe='')}" if anchor else url


def page_url(path: str, **params: object) -> str:
    """``path`` with the given query parameters (those that are None or empty left out)."""
    kept = tuple((k, v) for k, v in params.items() if v not in (None, ""))
    # Only text is remembered: 1 and True are one key to a cache but two different URLs.
    if all(isinstance(v, str) for _k, v in kept):
        return _remembered_url(path, kept)
    return _url(path, kept)


def _url(path: str, params: tuple[tuple[str, object], ...]) -> str:
    return f"{path}?{urlencode(params)}" if params else path


# Pages link the same few URLs many times (a long document's reader: an actor's timeline per mention).
_remembered_url = lru_cache(maxsize=8192)(_url)


def is_web_address(url: str | None) -> bool:
    """True for http(s) URLs: only those become links (a javascript: URL in a record must not)."""
    return bool(url) and url.lower().startswith(("http://", "https://"))
