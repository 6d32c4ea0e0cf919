"""Ingest: turning text, HTML, JSON, CSV files and URLs into Documents (or Skipped records).

``read_inputs`` reads files, folders and URLs; ``document_from_text`` is the plain-text cleaning
path every reader ends in, reusable by other readers and the web upload; ``content_hash`` is a
document's identity in the store. Cleaning rules are data (``boilerplate.txt``, ``captions.txt``,
``footers.txt`` in this package) that ``CleaningRules.load`` extends with user files.
"""

from detente.ingest.dates import normalise_date
from detente.ingest.documents import content_hash, document_from_text
from detente.ingest.errors import InputError
from detente.ingest.html_files import document_from_html
from detente.ingest.inputs import read_inputs
from detente.ingest.records import FIELDS
from detente.ingest.rules import CleaningRules, default_rules
from detente.ingest.web import url_doc_id

__all__ = [
    "FIELDS",
    "CleaningRules",
    "InputError",
    "content_hash",
    "default_rules",
    "document_from_html",
    "document_from_text",
    "normalise_date",
    "read_inputs",
    "url_doc_id",
]
