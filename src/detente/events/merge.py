"""Merging the mentions of one real-world event within a document.

Mentions with the same type, the same actors (either direction for mutual events) and compatible
dates become one event with several provenance sentences and the most precise date. Events the
text gives no date for take the publication month, as GDELT dates events by their report; such a
date has no text and ``relative=True``.
"""

from __future__ import annotations

import calendar
from dataclasses import replace

from detente.schemas import DateValue, Event

_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "quarter": 3, "half": 4, "year": 5, "decade": 6}


def _sides(event: Event) -> tuple[frozenset, frozenset]:
    return frozenset(m.code for m in event.source), frozenset(m.code for m in event.target)


def _same_dyad(a: Event, b: Event) -> bool:
    """Same type and actors; either direction when one of them is mutual (a summit with ASEAN
    and Russia attending it are one event)."""
    if a.event_type != b.event_type:
        return False
    if _sides(a) == _sides(b):
        return True
    return (a.symmetric or b.symmetric) and _sides(a) == tuple(reversed(_sides(b)))


def _compatible(a: DateValue | None, b: DateValue | None) -> bool:
    if a is None or b is None:
        return True
    return not (a.end < b.start or b.end < a.start)


def _same_people(a: Event, b: Event) -> bool:
    """Mentions naming different people on a side are different events (a meeting with Lee
    Nak-yeon is not the meeting with Moon Jae-in, though both are with South Korea)."""
    for side in ("source", "target"):
        pa = {m.person for m in getattr(a, side) if m.person}
        pb = {m.person for m in getattr(b, side) if m.person}
        if pa and pb and pa.isdisjoint(pb):
            return False
    return True


def _more_precise(a: DateValue | None, b: DateValue | None) -> DateValue | None:
    if a is None:
        return b
    if b is None:
        return a
    return b if _PRECISION_RANK.get(b.precision, 9) < _PRECISION_RANK.get(a.precision, 9) else a


def publication_month(published: str | None) -> DateValue | None:
    """The month of publication as an inferred event date."""
    if not published or len(published) < 7:
        return None
    year, month = int(published[:4]), int(published[5:7])
    last = calendar.monthrange(year, month)[1]
    return DateValue(
        value=published[:7],
        precision="month",
        start=f"{published[:7]}-01",
        end=f"{published[:7]}-{last:02d}",
        relative=True,
    )


def merge_events(events: list[Event], published: str | None = None) -> list[Event]:
    """One event per real-world event of the document, in order of first mention."""
    merged: list[Event] = []
    for event in events:
        target = next(
            (
                m
                for m in merged
                if _same_dyad(m, event)
                and m.status == event.status
                and _compatible(m.date, event.date)
                and _same_people(m, event)
            ),
            None,
        )
        if target is None:
            merged.append(replace(event, sentences=list(event.sentences)))
            continue
        for s in event.sentences:
            if s not in target.sentences:
                target.sentences.append(s)
        target.date = _more_precise(target.date, event.date)
        target.confidence = max(target.confidence, event.confidence)
    fallback = publication_month(published)
    for event in merged:
        if event.date is None and fallback is not None:
            event.date = replace(fallback)
    return merged
