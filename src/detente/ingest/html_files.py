"""HTML pages: main text and metadata with trafilatura (dates by htmldate inside it)."""

from __future__ import annotations

from trafilatura import bare_extraction

from detente.ingest.documents import document_from_text
from detente.ingest.errors import InputError
from detente.ingest.rules import CleaningRules
from detente.schemas import Document


def document_from_html(
    html: str | bytes,
    *,
    doc_id: str,
    path: str | None = None,
    url: str | None = None,
    rules: CleaningRules | None = None,
) -> Document:
    """A Document from an HTML page: trafilatura finds the article text, title, author, site
    name, canonical URL and (through htmldate, preferring the original publication date over
    later updates) the date; the text then goes through the plain-text cleaning.

    Raises :class:`InputError` when the page has no article text.
    """
    try:
        found = bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params={"original_date": True, "extensive_search": True},
        )
    except Exception as err:  # lxml and trafilatura raise many types on broken markup
        raise InputError(f"unreadable HTML ({type(err).__name__})") from err
    if found is None or isinstance(found, dict) or not (found.text or "").strip():
        raise InputError("no article text found in the HTML")
    return document_from_text(
        found.text,
        doc_id=doc_id,
        path=path,
        published=found.date,
        title=found.title,
        source=found.sitename,
        author=found.author,
        url=url or found.url,
        rules=rules,
    )
