"""A document's text cut into pieces for the reader: sentences, and inside them the stretches that
actors, events, dates and facts mark, each linked to its record.

Nothing here produces HTML: the template renders the pieces, and Jinja escapes every piece of text.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import pairwise

from detente.export.jsonl import actor_records
from detente.schemas import ActorMention, DocResult

# When marks overlap, a piece links to the shortest; on equal length, to the first kind here.
KIND_ORDER = ("event", "fact", "date", "actor", "unresolved")
_RANK = {kind: rank for rank, kind in enumerate(KIND_ORDER)}


@dataclass(slots=True, frozen=True)
class Mark:
    """A marked stretch of the text: its kind, the record it belongs to and that record's anchor."""

    start: int
    end: int
    kind: str  # one of KIND_ORDER
    record: str  # actor code or name, event_id, fact_id
    anchor: str  # the id of the record's row on the reader page
    label: str  # a short description, shown as a tooltip


@dataclass(slots=True)
class Piece:
    """A run of text covered by the same marks; ``link`` is the mark it links to (if any)."""

    text: str
    kinds: list[str] = field(default_factory=list)
    link: Mark | None = None

    @property
    def css(self) -> str:
        """The piece's CSS classes: ``mark`` and one ``mark-<kind>`` per kind of mark covering it."""
        return " ".join(["mark", *(f"mark-{kind}" for kind in self.kinds)])


@dataclass(slots=True)
class Block:
    """A sentence (``index`` set) or the text between sentences."""

    index: int | None
    is_caption: bool
    pieces: list[Piece]


def _name(text: str) -> str:
    return " ".join(text.split())


def _actor_key(code: str | None, text: str) -> tuple[str, str]:
    """How mentions find their actor record: by code, or by normalised text for unresolved names."""
    return ("code", code) if code else ("name", _name(text))


def actor_rows(result: DocResult) -> list[dict]:
    """The document's actor records (export format), each with the ``anchor`` of its row."""
    return [{**record, "anchor": f"actor-{i}"} for i, record in enumerate(actor_records(result))]


def _codes(mentions: list[ActorMention]) -> str:
    return ", ".join(m.code or m.text for m in mentions) or "?"


def marks(result: DocResult) -> list[Mark]:
    """Every marked stretch of the document: actor mentions, event triggers and dates, fact figures."""
    anchors = {_actor_key(row["code"], row["text"]): row["anchor"] for row in actor_rows(result)}
    # Events and facts may name an actor the mention list lacks ("the two leaders"): mark those too.
    roles = [m for e in result.events for m in (*e.source, *e.target)]
    roles += [m for f in result.facts for m in (*f.subject, *f.partner)]
    mentions = {(m.start, m.end, m.code): m for m in (*result.mentions, *roles)}
    out = []
    for m in mentions.values():
        anchor = anchors.get(_actor_key(m.code, m.text), "")
        if m.code:
            out.append(Mark(m.start, m.end, "actor", m.code, anchor, f"{m.code} ({m.kind})"))
        else:
            out.append(Mark(m.start, m.end, "unresolved", _name(m.text), anchor, "unresolved actor"))
    for e in result.events:
        anchor = f"event-{e.event_id}"
        label = f"{e.event_type} {_codes(e.source)} → {_codes(e.target)} ({e.status})"
        out.append(Mark(e.trigger_start, e.trigger_end, "event", e.event_id, anchor, label))
        if e.date and e.date.char_start >= 0:
            out.append(Mark(e.date.char_start, e.date.char_end, "date", e.event_id, anchor, f"date {e.date.value}"))
    for f in result.facts:
        label = f"{f.measure} {f.value:,.15g} {f.unit}"
        out.append(Mark(f.start, f.end, "fact", f.fact_id, f"fact-{f.fact_id}", label))
    return sorted(out, key=lambda m: (m.start, m.end, _RANK[m.kind]))


def _pieces(text: str, offset: int, stretch_marks: list[Mark]) -> list[Piece]:
    """``text`` (starting at ``offset`` in the document) cut at every mark boundary inside it."""
    if not stretch_marks:  # most gaps between sentences, and unmarked sentences
        return [Piece(text)]
    end = offset + len(text)
    cuts = {offset, end}
    for m in stretch_marks:
        cuts.update(c for c in (m.start, m.end) if offset < c < end)
    pieces = []
    for start, stop in pairwise(sorted(cuts)):
        covering = [m for m in stretch_marks if m.start <= start and m.end >= stop]
        piece = text[start - offset : stop - offset]
        if len(covering) > 1:
            link = min(covering, key=lambda m: (m.end - m.start, _RANK[m.kind]))
            pieces.append(Piece(piece, sorted({m.kind for m in covering}, key=_RANK.__getitem__), link))
        elif covering:  # most marked pieces: one mark
            pieces.append(Piece(piece, [covering[0].kind], covering[0]))
        else:
            pieces.append(Piece(piece))
    return pieces


def blocks(result: DocResult) -> list[Block]:
    """The document text as sentences and the gaps between them, each cut into marked pieces."""
    text = result.document.text
    all_marks = [m for m in marks(result) if 0 <= m.start < m.end <= len(text)]  # sorted by start
    starts = [m.start for m in all_marks]
    longest = max((m.end - m.start for m in all_marks), default=0)
    out: list[Block] = []
    position = 0

    def add(index: int | None, start: int, end: int, is_caption: bool = False) -> None:
        # Only marks starting within ``longest`` before the stretch can reach into it.
        nearby = all_marks[bisect_left(starts, start - longest) : bisect_left(starts, end)]
        inside = [m for m in nearby if m.end > start]
        out.append(Block(index, is_caption, _pieces(text[start:end], start, inside)))

    for sentence in sorted(result.sentences, key=lambda s: s.start):
        start, end = max(sentence.start, position), min(sentence.end, len(text))
        if start >= end:
            continue
        if start > position:
            add(None, position, start)
        add(sentence.index, start, end, sentence.is_caption)
        position = end
    if position < len(text):
        add(None, position, len(text))
    return out
