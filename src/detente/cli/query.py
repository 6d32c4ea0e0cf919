"""`detente actors`, `events`, `facts` and `summary`: read-only queries over the database."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table

from detente.cli.common import (
    DEFAULT_DB,
    DbOption,
    errors,
    event_statuses,
    event_types,
    fact_measure,
    iso_date,
    stdout,
)
from detente.cli.render import Format, render
from detente.store import Store

ActorOption = Annotated[str | None, typer.Option("--actor", metavar="CODE", help="Only records with this actor code.")]
DyadOption = Annotated[
    tuple[str, str] | None,
    typer.Option("--dyad", metavar="A B", help="Only records between these two codes, either direction."),
]
SinceOption = Annotated[
    str | None,
    typer.Option("--since", metavar="DATE", callback=iso_date, help="From this date on (YYYY, YYYY-MM or YYYY-MM-DD)."),
]
UntilOption = Annotated[
    str | None,
    typer.Option("--until", metavar="DATE", callback=iso_date, help="Up to this date (YYYY, YYYY-MM or YYYY-MM-DD)."),
]
SourceOption = Annotated[
    str | None,
    typer.Option("--source", metavar="OUTLET", help="Only documents from this outlet (any part of its name)."),
]
DocOption = Annotated[str | None, typer.Option("--doc", metavar="DOC_ID", help="Only this document.")]
LimitOption = Annotated[int, typer.Option("--limit", min=0, help="At most this many rows; 0 for all.")]
OffsetOption = Annotated[int, typer.Option("--offset", min=0, help="Skip this many rows first.")]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="table, json (an array) or csv.")]

EVENT_COLUMNS = [
    ("date", "date"), ("type", "event_type"), ("quad", "quad_class"), ("source", "source"),
    ("target", "target"), ("status", "status"), ("trigger", "trigger"), ("doc", "doc_id"),
]  # fmt: skip
FACT_COLUMNS = [
    ("period", "period"), ("measure", "measure"), ("kind", "kind_of_fact"), ("value", "value"),
    ("unit", "unit"), ("subject", "subject"), ("partner", "partner"), ("text", "text"), ("doc", "doc_id"),
]  # fmt: skip
SERIES_COLUMNS = [
    ("period", "period"), ("value", "value"), ("unit", "unit"), ("kind", "kind"), ("outlet", "source"),
    ("text", "text"), ("doc", "doc_id"),
]  # fmt: skip
CONFLICT_COLUMNS = [
    ("measure", "measure"), ("dyad", "dyad"), ("period", "period"), ("kind", "kind"), ("value", "value"),
    ("unit", "unit"), ("outlets", "outlets"), ("docs", "doc_ids"),
]  # fmt: skip
ACTOR_COLUMNS = [
    ("code", "code"), ("kind", "kind"), ("mentions", "mentions"), ("documents", "documents"),
    ("events", "events"), ("names", "names"),
]  # fmt: skip


def actors(
    db: DbOption = DEFAULT_DB,
    actor: ActorOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    source: SourceOption = None,
    doc: DocOption = None,
    unresolved: Annotated[
        bool,
        typer.Option("--unresolved", help="List the names no registry entry resolved, instead of codes."),
    ] = False,
    limit: LimitOption = 100,
    offset: OffsetOption = 0,
    fmt: FormatOption = Format.table,
) -> None:
    """List actors with their mentions, documents and events, most mentioned first.

    --since/--until filter on the documents' publication dates.

    Examples:

        detente actors

        detente actors --since 2018 --source "China Daily" --format csv > actors.csv

        detente actors --unresolved --limit 20
    """
    with errors(), Store(db, read_only=True) as store:
        rows = store.actors(
            actor=actor, since=since, until=until, source=source, doc_id=doc, resolved=not unresolved,
            limit=limit or None, offset=offset,
        )  # fmt: skip
    columns = [("name", "names"), *ACTOR_COLUMNS[1:-1]] if unresolved else ACTOR_COLUMNS
    render(rows, fmt, columns, "unresolved names" if unresolved else "actors")


def events(
    db: DbOption = DEFAULT_DB,
    actor: ActorOption = None,
    dyad: DyadOption = None,
    event_type: Annotated[
        str | None,
        typer.Option("--type", metavar="TYPE", help="Only this PLOVER type, e.g. CONSULT.", callback=event_types),
    ] = None,
    quad_class: Annotated[
        int | None,
        typer.Option("--quad-class", min=1, max=4, help="Only this QuadClass: 1 verbal coop. ... 4 material conflict."),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status",
            help="Only this status: occurred, future, hoped, negated, hypothetical.",
            callback=event_statuses,
        ),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    source: SourceOption = None,
    doc: DocOption = None,
    limit: LimitOption = 100,
    offset: OffsetOption = 0,
    fmt: FormatOption = Format.table,
) -> None:
    """List events by date: who did what to whom, when, with the evidence.

    --since/--until keep events whose date overlaps the period; undated events are then left out.
    JSON and CSV carry every field of the export format (docs/export-format.md).

    Examples:

        detente events --dyad RUS SGP --since 2018-11

        detente events --actor CHN --type AGREE --status occurred --format json

        detente events --quad-class 4 --source reuters --limit 0 --format csv > conflict.csv
    """
    with errors(), Store(db, read_only=True) as store:
        rows = store.events(
            actor=actor, dyad=dyad, type=event_type, quad_class=quad_class, status=status, since=since,
            until=until, source=source, doc_id=doc, limit=limit or None, offset=offset,
        )  # fmt: skip
    render(rows, fmt, EVENT_COLUMNS, "events")


def facts(
    db: DbOption = DEFAULT_DB,
    actor: ActorOption = None,
    dyad: DyadOption = None,
    measure: Annotated[
        str | None,
        typer.Option(
            "--measure", help="Only this measure: trade, exports, investment, deal, ...", callback=fact_measure
        ),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    source: SourceOption = None,
    doc: DocOption = None,
    limit: LimitOption = 100,
    offset: OffsetOption = 0,
    fmt: FormatOption = Format.table,
    conflicts: Annotated[
        bool, typer.Option("--conflicts", help="Only figures whose sources disagree (same measure, dyad and period).")
    ] = False,
    series: Annotated[
        str | None,
        typer.Option(
            "--series", metavar="MEASURE", help="The time series of one measure for --dyad.", callback=fact_measure
        ),
    ] = None,
) -> None:
    """List quantitative facts (trade, investment, deals, troops...) by period.

    --actor matches the subject or the partner; --dyad a subject and a partner, either way round;
    --since/--until the period the figure refers to. --conflicts compares the figures of every
    source for the same measure, dyad, kind and period and lists those that disagree, each with its
    outlets and sentences; --series MEASURE --dyad A B prints one measure's figures by period.

    Examples:

        detente facts --measure trade --dyad RUS CHN

        detente facts --actor RUS --since 2015 --until 2019 --format json

        detente facts --conflicts

        detente facts --series trade --dyad RUS CHN
    """
    from detente.analysis.facts import fact_conflicts, fact_series, group_rows

    filters = {"measure": measure, "actor": actor, "dyad": dyad, "since": since, "until": until, "source": source}
    with errors(), Store(db, read_only=True) as store:
        if series:
            if not dyad:
                raise typer.BadParameter("--series needs --dyad A B", param_hint="--series")
            rows = fact_series(store, series, dyad, since=since, until=until, source=source)
            render(rows, fmt, SERIES_COLUMNS, f"{series} {' - '.join(dyad)}")
            return
        if conflicts:
            rows = group_rows(fact_conflicts(store, **filters))
            render(rows, fmt, CONFLICT_COLUMNS, "conflicting figures")
            return
        rows = store.facts(
            actor=actor, dyad=dyad, measure=measure, since=since, until=until, source=source, doc_id=doc,
            limit=limit or None, offset=offset,
        )  # fmt: skip
    render(rows, fmt, FACT_COLUMNS, "facts")


class SummaryFormat(StrEnum):
    """Output formats of `detente summary`."""

    table = "table"
    json = "json"


def summary(
    db: DbOption = DEFAULT_DB,
    top: Annotated[int, typer.Option("--top", min=1, help="How many top actors and dyads to list.")] = 10,
    fmt: Annotated[SummaryFormat, typer.Option("--format", "-f", help="table or json.")] = SummaryFormat.table,
) -> None:
    """Show what the database holds: documents, actors, events and facts, top actors and dyads.

    Top dyads count the events between two codes in either direction.

    Examples:

        detente summary

        detente summary --db world.duckdb --top 20 --format json
    """
    with errors(), Store(db, read_only=True) as store:
        data = store.summary(top=top)
    if fmt is SummaryFormat.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        return
    counts = Table("records", "count", title=str(db), title_justify="left")
    for key in ("documents", "sentences", "mentions", "resolved_mentions", "actors", "events", "facts"):
        counts.add_row(key.replace("_", " "), f"{data[key]:,}")
    top_actors = Table("actor", "mentions", "documents", title="top actors", title_justify="left")
    for row in data["top_actors"]:
        top_actors.add_row(row["code"], f"{row['mentions']:,}", f"{row['documents']:,}")
    top_dyads = Table("dyad", "events", title="top dyads", title_justify="left")
    for row in data["top_dyads"]:
        top_dyads.add_row(" - ".join(row["actors"]), f"{row['events']:,}")
    console = stdout()
    for table in (counts, top_actors, top_dyads):
        console.print(table)
