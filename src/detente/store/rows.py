"""Records to table rows and back: pure functions, no database.

A row is a dict keyed by the names in ``columns``; ``document_rows`` turns one DocResult into the
rows of every table, and the ``*_from_row`` functions rebuild the records, so a DocResult survives
a round trip through the store unchanged.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
from typing import Any

from detente.schemas import ActorMention, DateValue, DocResult, Document, Event, Fact, Sentence
from detente.store import columns as C

Row = dict[str, Any]


def content_hash(document: Document) -> str:
    """The document's identity in the store: its own hash, or the sha256 of its text when unset."""
    return document.content_hash or hashlib.sha256(document.text.encode("utf-8")).hexdigest()


def iso_interval(value: str | None) -> tuple[dt.date, dt.date] | None:
    """First and last day covered by an ISO date of any precision ('2018', '2018-11', '2018-11-13').

    Anything after the day (a time, a zone) is ignored. Raises ValueError on an unreadable date.
    """
    if not value:
        return None
    parts = value.strip()[:10].split("-")
    year = int(parts[0])
    if len(parts) == 1:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    month = int(parts[1])
    if len(parts) == 2:
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    day = dt.date(year, month, int(parts[2]))
    return day, day


def _first_day(value: str | None) -> dt.date | None:
    interval = iso_interval(value)
    return interval[0] if interval else None


def _last_day(value: str | None) -> dt.date | None:
    interval = iso_interval(value)
    return interval[1] if interval else None


def _date_row(prefix: str, date: DateValue | None) -> Row:
    if date is None:
        return {f"{prefix}_{f}": None for f in C.DATE_FIELDS}
    return {
        f"{prefix}_value": date.value,
        f"{prefix}_precision": date.precision,
        f"{prefix}_start": _first_day(date.start),
        f"{prefix}_end": _last_day(date.end),
        f"{prefix}_text": date.text,
        f"{prefix}_char_start": date.char_start,
        f"{prefix}_char_end": date.char_end,
        f"{prefix}_relative": date.relative,
        f"{prefix}_direction": date.direction,
    }


def _actor_rows(key: Row, side: str, mentions: list[ActorMention]) -> list[Row]:
    return [
        {
            **key,
            "side": side,
            "position": i,
            "code": m.code,
            "text": m.text,
            "start": m.start,
            "end": m.end,
            "sector": m.sector,
            "person": m.person,
            "sentence": m.sentence,
            "kind": m.kind,
            "role": m.role,
            "how": m.how,
            "actor_id": m.actor_id,
        }
        for i, m in enumerate(mentions)
    ]


def document_rows(result: DocResult, ingested_at: dt.datetime) -> dict[str, list[Row]]:
    """The rows of every document table for one DocResult, keyed by table name.

    Raises ValueError when a date in the records is not ISO, before anything touches the database.
    """
    doc = result.document
    published = iso_interval(doc.published)
    rows: dict[str, list[Row]] = {t: [] for t in C.DOCUMENT_TABLES}
    rows["documents"].append(
        {
            "doc_id": doc.doc_id,
            "content_hash": content_hash(doc),
            "title": doc.title,
            "published": doc.published,
            "published_start": published[0] if published else None,
            "published_end": published[1] if published else None,
            "source": doc.source,
            "author": doc.author,
            "url": doc.url,
            "path": doc.path,
            "text": doc.text,
            "captions": json.dumps([list(c) for c in doc.captions]),
            "lang": doc.lang,
            "ingested_at": ingested_at,
        }
    )
    rows["sentences"] = [
        {
            "doc_id": doc.doc_id,
            "idx": s.index,
            "start": s.start,
            "end": s.end,
            "text": s.text,
            "is_caption": s.is_caption,
        }
        for s in result.sentences
    ]
    rows["mentions"] = [
        {
            "doc_id": doc.doc_id,
            "id": i,
            "sentence": m.sentence,
            "start": m.start,
            "end": m.end,
            "text": m.text,
            "code": m.code,
            "kind": m.kind,
            "sector": m.sector,
            "person": m.person,
            "role": m.role,
            "how": m.how,
            "actor_id": m.actor_id,
        }
        for i, m in enumerate(result.mentions)
    ]
    for i, e in enumerate(result.events):
        key = {"doc_id": doc.doc_id, "event_id": e.event_id}
        rows["events"].append(
            {
                **key,
                "position": i,
                "event_type": e.event_type,
                "mode": e.mode,
                "cameo_root": e.cameo_root,
                "quad_class": e.quad_class,
                "intensity": e.intensity,
                "symmetric": e.symmetric,
                "status": e.status,
                "confidence": e.confidence,
                "sentences": list(e.sentences),
                "sentence_text": e.sentence_text,
                "trigger": e.trigger,
                "trigger_start": e.trigger_start,
                "trigger_end": e.trigger_end,
                **_date_row("date", e.date),
                "place": e.place,
                "place_code": e.place_code,
            }
        )
        rows["event_actors"] += _actor_rows(key, "source", e.source) + _actor_rows(key, "target", e.target)
    for i, f in enumerate(result.facts):
        key = {"doc_id": doc.doc_id, "fact_id": f.fact_id}
        rows["facts"].append(
            {
                **key,
                "position": i,
                "measure": f.measure,
                "kind": f.kind,
                "value": f.value,
                "unit": f.unit,
                "amount": f.amount,
                "currency": f.currency,
                "usd_value": f.usd_value,
                "usd_rate_source": f.usd_rate_source,
                "approx": f.approx,
                "value_max": f.value_max,
                **_date_row("period", f.period),
                "sentence": f.sentence,
                "sentence_text": f.sentence_text,
                "start": f.start,
                "end": f.end,
                "text": f.text,
            }
        )
        rows["fact_actors"] += _actor_rows(key, "subject", f.subject) + _actor_rows(key, "partner", f.partner)
    return rows


def document_from_row(row: Row) -> Document:
    """A Document from a ``documents`` row."""
    return Document(
        doc_id=row["doc_id"],
        text=row["text"],
        title=row["title"],
        published=row["published"],
        source=row["source"],
        author=row["author"],
        url=row["url"],
        path=row["path"],
        content_hash=row["content_hash"],
        captions=[tuple(c) for c in json.loads(row["captions"] or "[]")],
        lang=row["lang"],
    )


def sentence_from_row(row: Row) -> Sentence:
    """A Sentence from a ``sentences`` row."""
    return Sentence(row["doc_id"], row["idx"], row["start"], row["end"], row["text"], row["is_caption"])


def mention_from_row(row: Row, doc_id: str | None = None) -> ActorMention:
    """An ActorMention from a ``mentions`` row or an event/fact actor row (which may lack doc_id)."""
    return ActorMention(
        doc_id=doc_id or row["doc_id"],
        sentence=row["sentence"],
        start=row["start"],
        end=row["end"],
        text=row["text"],
        code=row["code"],
        kind=row["kind"],
        sector=row["sector"],
        person=row["person"],
        role=row["role"],
        how=row["how"],
        actor_id=row["actor_id"],
    )


def _date_from_row(prefix: str, row: Row) -> DateValue | None:
    if row[f"{prefix}_value"] is None:
        return None
    start, end = row[f"{prefix}_start"], row[f"{prefix}_end"]
    return DateValue(
        value=row[f"{prefix}_value"],
        precision=row[f"{prefix}_precision"],
        start=start.isoformat() if start else "",
        end=end.isoformat() if end else "",
        text=row[f"{prefix}_text"],
        char_start=row[f"{prefix}_char_start"],
        char_end=row[f"{prefix}_char_end"],
        relative=row[f"{prefix}_relative"],
        direction=row[f"{prefix}_direction"],
    )


def _actors(row: Row, side: str) -> list[ActorMention]:
    """The mentions of one side, from the list column the queries attach (``<side>_actors``)."""
    return [mention_from_row(a, row["doc_id"]) for a in row[f"{side}_actors"] or []]


def event_from_row(row: Row) -> Event:
    """An Event from an ``events`` row with its ``source_actors``/``target_actors`` lists attached."""
    return Event(
        event_id=row["event_id"],
        doc_id=row["doc_id"],
        event_type=row["event_type"],
        mode=row["mode"],
        cameo_root=row["cameo_root"],
        quad_class=row["quad_class"],
        intensity=row["intensity"],
        source=_actors(row, "source"),
        target=_actors(row, "target"),
        symmetric=row["symmetric"],
        status=row["status"],
        confidence=row["confidence"],
        sentences=list(row["sentences"] or []),
        sentence_text=row["sentence_text"],
        trigger=row["trigger"],
        trigger_start=row["trigger_start"],
        trigger_end=row["trigger_end"],
        date=_date_from_row("date", row),
        place=row["place"],
        place_code=row["place_code"],
    )


def fact_from_row(row: Row) -> Fact:
    """A Fact from a ``facts`` row with its ``subject_actors``/``partner_actors`` lists attached."""
    return Fact(
        fact_id=row["fact_id"],
        doc_id=row["doc_id"],
        measure=row["measure"],
        kind=row["kind"],
        value=row["value"],
        unit=row["unit"],
        amount=row["amount"],
        currency=row["currency"],
        subject=_actors(row, "subject"),
        partner=_actors(row, "partner"),
        sentence=row["sentence"],
        sentence_text=row["sentence_text"],
        start=row["start"],
        end=row["end"],
        text=row["text"],
        usd_value=row["usd_value"],
        usd_rate_source=row["usd_rate_source"],
        approx=row["approx"],
        value_max=row["value_max"],
        period=_date_from_row("period", row),
    )
