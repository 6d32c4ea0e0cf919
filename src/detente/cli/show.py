"""`detente show DOC_ID`: an article with its records marked in the text, then the records."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

import typer
from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from detente.cli.common import DEFAULT_DB, DbOption, errors, fail, stdout
from detente.export.jsonl import actor_records
from detente.schemas import ActorMention, DocResult, Sentence
from detente.store import Store

STYLES = {
    "actor": "bold cyan",
    "unresolved": "italic yellow",
    "event": "bold magenta reverse",
    "date": "underline blue",
    "fact": "bold green reverse",
}
Span = tuple[int, int, str]  # start, end, style key


def _mention_spans(mentions: Iterable[ActorMention]) -> list[Span]:
    return [(m.start, m.end, "actor" if m.code else "unresolved") for m in mentions]


def _record_spans(result: DocResult) -> list[Span]:
    """Every marked span of the document: mentions, event triggers and dates, fact figures."""
    spans = _mention_spans(result.mentions)
    for event in result.events:
        spans.append((event.trigger_start, event.trigger_end, "event"))
        if event.date and event.date.char_start >= 0:
            spans.append((event.date.char_start, event.date.char_end, "date"))
    spans += [(fact.start, fact.end, "fact") for fact in result.facts]
    return spans


def marked(text: str, spans: Iterable[Span], offset: int = 0) -> Text:
    """``text`` (which starts at ``offset`` in the document) with the spans inside it styled."""
    out = Text(text)
    for start, end, key in spans:
        start, end = max(start - offset, 0), min(end - offset, len(text))
        if start < end:
            out.stylize(STYLES[key], start, end)
    return out


def _evidence(result: DocResult, index: int | None, fallback: str, spans: list[Span]) -> Text:
    """The sentence a record comes from, with the record's spans marked."""
    sentence: Sentence | None = next((s for s in result.sentences if s.index == index), None)
    if sentence is None:
        return Text(fallback)
    return marked(sentence.text, spans, sentence.start)


def _codes(mentions: list[ActorMention]) -> str:
    return ", ".join(m.code or f"“{m.text}”" for m in mentions) or "-"


def render_document(result: DocResult) -> Group:
    """The article panel, a legend and the tables of its actors, events and facts."""
    doc = result.document
    meta = " | ".join(str(v) for v in (doc.doc_id, doc.published, doc.source, doc.author, doc.url) if v)
    article = Panel(marked(doc.text, _record_spans(result)), title=doc.title or doc.doc_id, subtitle=meta)
    legend = Text("  ").join(Text(key, style=style) for key, style in STYLES.items())

    actors = Table("code", "kind", "mentions", "as written", title="actors", title_justify="left")
    for record in actor_records(result):
        actors.add_row(
            record["code"] or "-",
            record["kind_of_actor"],
            str(record["mentions"]),
            "; ".join(record["texts"]),
        )

    events = Table(
        "event", "type", "source → target", "date", "status", "evidence", title="events", title_justify="left"
    )
    for e in result.events:
        spans = [(e.trigger_start, e.trigger_end, "event"), *_mention_spans([*e.source, *e.target])]
        if e.date and e.date.char_start >= 0:
            spans.append((e.date.char_start, e.date.char_end, "date"))
        events.add_row(
            e.event_id,
            f"{e.event_type} ({e.cameo_root}, Q{e.quad_class})",
            f"{_codes(e.source)} → {_codes(e.target)}",
            e.date.value if e.date else "-",
            e.status,
            _evidence(result, e.sentences[0] if e.sentences else None, e.sentence_text, spans),
        )

    facts = Table(
        "fact",
        "measure",
        "value",
        "subject / partner",
        "period",
        "evidence",
        title="facts",
        title_justify="left",
    )
    for f in result.facts:
        spans = [(f.start, f.end, "fact"), *_mention_spans([*f.subject, *f.partner])]
        facts.add_row(
            f.fact_id,
            f"{f.measure} ({f.kind})",
            f"{f.value:,.15g} {f.unit}",
            f"{_codes(f.subject)} / {_codes(f.partner)}",
            f.period.value if f.period else "-",
            _evidence(result, f.sentence, f.sentence_text, spans),
        )
    return Group(article, legend, actors, events, facts)


def show(
    doc_id: Annotated[str, typer.Argument(metavar="DOC_ID", help="The document's id (see `detente events`).")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Show one article with its actors, events and facts marked in the text, then the records.

    Every record lists its evidence: the sentence it comes from, with its spans marked.
    Colours are dropped when the output is not a terminal.

    Examples:

        detente show 000_f0388babda8c0898

        detente show 000_f0388babda8c0898 --db world.duckdb
    """
    with errors(), Store(db, read_only=True) as store:
        result = store.document(doc_id)
    if result is None:
        fail(f"no document {doc_id!r} in {db}")
    stdout().print(render_document(result))
