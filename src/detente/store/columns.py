"""Table and column names of the store, in one place (mirrors schema.sql; a test keeps them in step).

Code that reads or writes the store names columns through these tuples, never through literals
scattered across modules, so renaming a column is a change here and in schema.sql.
"""

from __future__ import annotations

SCHEMA_VERSION = "1"

DOCUMENTS = (
    "doc_id", "content_hash", "title", "published", "published_start", "published_end", "source",
    "author", "url", "path", "text", "captions", "lang", "ingested_at",
)  # fmt: skip
SENTENCES = ("doc_id", "idx", "start", "end", "text", "is_caption")
MENTIONS = (
    "doc_id", "id", "sentence", "start", "end", "text", "code", "kind", "sector", "person", "role",
    "how", "actor_id",
)  # fmt: skip
# The prefix of a stored DateValue: date_value, date_precision, ... / period_value, ...
DATE_FIELDS = (
    "value", "precision", "start", "end", "text", "char_start", "char_end", "relative", "direction",
)  # fmt: skip
EVENTS = (
    "doc_id", "event_id", "position", "event_type", "mode", "cameo_root", "quad_class", "intensity",
    "symmetric", "status", "confidence", "sentences", "sentence_text", "trigger", "trigger_start",
    "trigger_end", *(f"date_{f}" for f in DATE_FIELDS), "place", "place_code",
)  # fmt: skip
# An ActorMention inside an event or fact: its ref() fields first, then the rest of the mention.
ROLE_ACTOR = (
    "position", "code", "text", "start", "end", "sector", "person", "sentence", "kind", "role", "how",
    "actor_id",
)  # fmt: skip
EVENT_ACTORS = ("doc_id", "event_id", "side", *ROLE_ACTOR)
FACTS = (
    "doc_id", "fact_id", "position", "measure", "kind", "value", "unit", "amount", "currency",
    "usd_value", "usd_rate_source", "approx", "value_max", *(f"period_{f}" for f in DATE_FIELDS),
    "sentence", "sentence_text", "start", "end", "text",
)  # fmt: skip
FACT_ACTORS = ("doc_id", "fact_id", "side", *ROLE_ACTOR)
RUNS = (
    "run_id", "started_at", "finished_at", "inputs", "documents_read", "documents_new", "documents_known",
    "skipped", "failed",
)  # fmt: skip
SKIPPED = ("run_id", "input", "stage", "reason", "at")
META = ("key", "value")

TABLES: dict[str, tuple[str, ...]] = {
    "meta": META,
    "documents": DOCUMENTS,
    "sentences": SENTENCES,
    "mentions": MENTIONS,
    "events": EVENTS,
    "event_actors": EVENT_ACTORS,
    "facts": FACTS,
    "fact_actors": FACT_ACTORS,
    "runs": RUNS,
    "skipped": SKIPPED,
}
# Tables holding one document's records: deleted together when a document is replaced.
DOCUMENT_TABLES = ("documents", "sentences", "mentions", "events", "event_actors", "facts", "fact_actors")

EVENT_SIDES = ("source", "target")
FACT_SIDES = ("subject", "partner")


def quoted(columns: tuple[str, ...], prefix: str = "") -> str:
    """A comma-separated, double-quoted column list (several names, like "end", are SQL keywords)."""
    return ", ".join(f'{prefix}"{c}"' for c in columns)
