"""The reader's marks: every record's stretch of text, pieces that rebuild the text exactly."""

from __future__ import annotations

import dataclasses

from detente.schemas import ActorMention
from detente.web.marking import blocks, marks


def test_pieces_rebuild_the_text_exactly(make_result) -> None:
    result = make_result("d1")
    text = "".join(piece.text for block in blocks(result) for piece in block.pieces)
    assert text == result.document.text
    assert [b.index for b in blocks(result) if b.index is not None] == [0, 1, 2, 3]


def test_every_record_is_marked_and_linked(make_result) -> None:
    result = make_result("d1")
    found = {(m.kind, result.document.text[m.start : m.end], m.anchor) for m in marks(result)}
    assert ("event", "met", "event-d1-e1") in found
    assert ("date", "November 14", "event-d1-e1") in found
    assert ("fact", "$87 billion", "fact-d1-f1") in found
    assert ("actor", "Vladimir Putin", "actor-0") in found  # RUS, the first actor record
    assert ("unresolved", "Foo Institute", "actor-3") in found


def test_an_actor_named_only_by_an_event_is_marked(make_result) -> None:
    result = make_result("d1")
    text = result.document.text
    start = text.index("Prime Minister")
    minister = ActorMention("d1", 0, start, start + 14, "Prime Minister", "SGP", "person")
    result.events[0] = dataclasses.replace(result.events[0], target=[minister])
    assert any(m.start == start and m.record == "SGP" for m in marks(result))


def test_overlapping_marks_link_to_the_shortest(make_result) -> None:
    result = make_result("d1")
    text = result.document.text
    start = text.index("Putin met")
    wide = ActorMention("d1", 0, start, start + len("Putin met Singapore"), "Putin met Singapore", None, "unresolved")
    result.mentions.append(wide)
    pieces = [p for block in blocks(result) for p in block.pieces]
    met = next(p for p in pieces if p.text == "met")
    assert met.link is not None and met.link.kind == "event" and met.kinds == ["event", "unresolved"]
