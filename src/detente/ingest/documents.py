"""Building a Document from plain text: the cleaning path every reader ends in."""

from __future__ import annotations

import hashlib

from detente.ingest.cleaning import clean_text
from detente.ingest.dates import normalise_date
from detente.ingest.language import document_language
from detente.ingest.metadata import parse_meta_line
from detente.ingest.rules import CleaningRules, default_rules
from detente.schemas import Document


def content_hash(text: str) -> str:
    """SHA-256 hex digest of the (clean) text: a document's identity in the store."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _value(text: str | None) -> str | None:
    text = " ".join(text.split()) if text else ""
    return text or None


def _published(value: object) -> str | None:
    """A given publication date as ISO: a date, or a date line as articles print it
    ("Updated: 2013-11-15 01:13", which dateparser does not read)."""
    found = normalise_date(value)
    if found is None and isinstance(value, str) and (meta := parse_meta_line(value)) is not None:
        found = meta.published
    return found


def document_from_text(
    text: str,
    *,
    doc_id: str,
    path: str | None = None,
    published: object = None,
    title: str | None = None,
    source: str | None = None,
    author: str | None = None,
    url: str | None = None,
    rules: CleaningRules | None = None,
) -> Document:
    """A Document from article text and whatever metadata the caller already knows.

    The text is cleaned (see :func:`detente.ingest.cleaning.clean_text`); metadata given here
    wins over metadata the text states in its date lines and bylines. ``published`` may be any
    date string or date object and is normalised to ISO with its precision. ``lang`` is ``"en"``
    unless py3langid is confident the text is in another language (texts under 200 characters
    are not judged). Never raises on odd text: an empty result is a Document with empty text,
    for the caller to reject.
    """
    title = _value(title)
    clean = clean_text(text, rules=rules or default_rules(), title=title)
    return Document(
        doc_id=doc_id,
        text=clean.text,
        title=title or clean.title,
        published=_published(published) or clean.meta.published,
        source=_value(source) or clean.meta.source,
        author=_value(author) or clean.meta.author,
        url=_value(url),
        path=path,
        content_hash=content_hash(clean.text),
        captions=clean.captions,
        lang=document_language(clean.text),
    )
