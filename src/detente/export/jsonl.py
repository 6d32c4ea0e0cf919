"""The JSON-lines export: one JSON object per line, in the format GUIDELINES.md defines.

Per document: one ``document`` record, one ``actor`` record per distinct resolved code and per
distinct unresolved name, one ``event`` and one ``fact`` record per event and fact. Every record
has ``kind`` and ``doc_id``; the fields are documented in docs/export-format.md.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

from detente.schemas import ActorMention, DateValue, DocResult, Event, Fact

Record = dict[str, Any]


def document_record(result: DocResult) -> Record:
    """The ``document`` record: metadata, text and how many records were found in it."""
    doc = result.document
    return {
        "kind": "document",
        "doc_id": doc.doc_id,
        "title": doc.title,
        "published": doc.published,
        "source": doc.source,
        "author": doc.author,
        "url": doc.url,
        "path": doc.path,
        "content_hash": doc.content_hash,
        "lang": doc.lang,
        "captions": [list(c) for c in doc.captions],
        "sentences": len(result.sentences),
        "mentions": len(result.mentions),
        "events": len(result.events),
        "facts": len(result.facts),
        "text": doc.text,
    }


def _all_mentions(result: DocResult) -> list[ActorMention]:
    """Every actor mention of the document, including event and fact actors the mention list lacks,
    so an actor that only appears as an event's source still gets its ``actor`` record."""
    seen: set[tuple] = set()
    out = []
    roles = [m for e in result.events for m in (*e.source, *e.target)]
    roles += [m for f in result.facts for m in (*f.subject, *f.partner)]
    for m in (*result.mentions, *roles):
        key = (m.start, m.end, m.code, m.text)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


def actor_records(result: DocResult, names: Mapping[str, str] | None = None) -> Iterator[Record]:
    """One ``actor`` record per distinct resolved code, then one per distinct unresolved name.

    ``names`` maps codes to display names (from the registry); without it every ``name`` is null.
    """
    groups: dict[tuple[str, str], list[ActorMention]] = {}
    for m in _all_mentions(result):
        key = ("code", m.code) if m.code else ("text", " ".join(m.text.split()))
        groups.setdefault(key, []).append(m)
    # Resolved codes first, each group in order of first appearance.
    for (by, value), mentions in sorted(groups.items(), key=lambda item: item[0][0] == "text"):
        kinds = [m.kind for m in mentions]
        record: Record = {
            "kind": "actor",
            "doc_id": result.document.doc_id,
            "code": value if by == "code" else None,
            "name": names.get(value) if by == "code" and names else None,
        }
        record.update(
            {
                "text": mentions[0].text,
                "texts": list(dict.fromkeys(m.text for m in mentions)),
                "mentions": len(mentions),
                # A state named only through its leader still has the leader's kind, "person".
                "kind_of_actor": next((k for k in kinds if k != "person"), kinds[0]),
                "people": sorted({m.person for m in mentions if m.person}),
                "spans": [[m.start, m.end] for m in mentions],
            }
        )
        yield record


def _date_fields(prefix: str, date: DateValue | None) -> Record:
    if date is None:
        return {f"{prefix}_{f}": None for f in ("precision", "start", "end", "text", "span")}
    span = [date.char_start, date.char_end] if date.char_start >= 0 else None
    return {
        f"{prefix}_precision": date.precision,
        f"{prefix}_start": date.start,
        f"{prefix}_end": date.end,
        f"{prefix}_text": date.text or None,  # a date not read from the text (ICEWS's day) has none
        f"{prefix}_span": span,
    }


def calendar_value(date: DateValue | None) -> str | None:
    """The date as 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY': the finest calendar unit that holds its
    whole interval, so a week, quarter or range reads correctly for tools that know only days,
    months and years (``date_start``/``date_end`` keep the exact interval)."""
    if date is None:
        return None
    start, end = date.start, date.end
    if start == end:
        return start
    if start[:7] == end[:7]:
        return start[:7]
    return start[:4]


def event_record(event: Event) -> Record:
    """The ``event`` record of one event."""
    return {
        "kind": "event",
        "doc_id": event.doc_id,
        "event_id": event.event_id,
        "event_type": event.event_type,
        "mode": event.mode,
        "cameo_root": event.cameo_root,
        "quad_class": event.quad_class,
        "intensity": event.intensity,
        "source": [m.ref() for m in event.source],
        "target": [m.ref() for m in event.target],
        "symmetric": event.symmetric,
        "date": calendar_value(event.date),
        "date_value": event.date.value if event.date else None,
        **_date_fields("date", event.date),
        "status": event.status,
        "confidence": event.confidence,
        "sentence": event.sentence_text,
        "sentences": list(event.sentences),
        "trigger": event.trigger,
        "span": [event.trigger_start, event.trigger_end],
        "place": event.place,
        "place_code": event.place_code,
    }


def fact_record(fact: Fact) -> Record:
    """The ``fact`` record of one fact; ``period`` is the year the figure refers to."""
    period = fact.period
    return {
        "kind": "fact",
        "doc_id": fact.doc_id,
        "fact_id": fact.fact_id,
        "measure": fact.measure,
        "kind_of_fact": fact.kind,
        "value": fact.value,
        "unit": fact.unit,
        "amount": fact.amount,
        "currency": fact.currency,
        "usd_value": fact.usd_value,
        "usd_rate_source": fact.usd_rate_source,
        "approx": fact.approx,
        "value_max": fact.value_max,
        "subject": [m.ref() for m in fact.subject],
        "partner": [m.ref() for m in fact.partner],
        # GUIDELINES: "period is the year the figure refers to" ('2018' for H1 2018).
        "period": (period.value or period.start)[:4] if period else None,
        "period_value": period.value if period else None,
        **_date_fields("period", period),
        "sentence": fact.sentence_text,
        "sentence_index": fact.sentence,
        "span": [fact.start, fact.end],
        "text": fact.text,
    }


def export_records(result: DocResult, names: Mapping[str, str] | None = None) -> Iterator[Record]:
    """Every export record of one document: document, actors, events, facts, in that order."""
    yield document_record(result)
    yield from actor_records(result, names)
    yield from (event_record(e) for e in result.events)
    yield from (fact_record(f) for f in result.facts)


def write_jsonl(results: Iterable[DocResult], out: str | Path | TextIO, names: Mapping[str, str] | None = None) -> int:
    """Write the export of every result to a file path or an open text stream; return the record count."""
    if isinstance(out, str | Path):
        with open(out, "w", encoding="utf-8") as stream:
            return write_jsonl(results, stream, names)
    count = 0
    for result in results:
        for record in export_records(result, names):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count
