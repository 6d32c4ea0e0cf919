"""`detente dyad`, `partners`, `network`, `timeline`, `sources`, `export`, `import icews` and `report`.

Thin wrappers over ``detente.analysis``, ``detente.export``, ``detente.imports`` and
``detente.report``; those (and matplotlib, networkx) are imported when a command runs.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from detente.cli.common import (
    DEFAULT_DB,
    DbOption,
    errors,
    event_statuses,
    event_types,
    fail,
    is_quiet,
    iso_date,
    stdout,
)
from detente.cli.query import ActorOption, DocOption, FormatOption, SinceOption, SourceOption, UntilOption
from detente.cli.render import Format, render
from detente.store import Store

StatusOption = Annotated[
    list[str] | None,
    typer.Option(
        "--status",
        metavar="STATUS",
        help="Only events with this status (repeatable; default occurred; 'all' for every status).",
        callback=event_statuses,
    ),
]
TypeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--type", metavar="TYPE", help="Only this PLOVER type, e.g. CONSULT (repeatable).", callback=event_types
    ),
]
# The analyses count an event on one day (see docs/analysis.md), where the record lists keep the
# events whose date overlaps the period: the help says which.
DaySinceOption = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="DATE",
        callback=iso_date,
        help="Events from this day on, each counted on the first day of its date, else of its article's"
        " (YYYY, YYYY-MM or YYYY-MM-DD).",
    ),
]
DayUntilOption = Annotated[
    str | None,
    typer.Option(
        "--until",
        metavar="DATE",
        callback=iso_date,
        help="Events up to this day, each counted on the first day of its date, else of its article's.",
    ),
]
ChartOption = Annotated[
    Path | None,
    typer.Option("--chart", metavar="FILE", help="Also draw the result as a chart: FILE.png or FILE.svg."),
]


class Period(StrEnum):
    """Periods of the time series."""

    day = "day"
    week = "week"
    month = "month"
    quarter = "quarter"
    year = "year"


class Level(StrEnum):
    """How `detente partners` groups partners."""

    partner = "partner"
    region = "region"
    subregion = "subregion"
    bloc = "bloc"


class ExportFormat(StrEnum):
    """Formats of `detente export`."""

    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    graphml = "graphml"
    gexf = "gexf"
    gdelt = "gdelt"


class SourcesView(StrEnum):
    """What `detente sources` lists."""

    outlets = "outlets"
    types = "types"
    shared = "shared"
    conflicts = "conflicts"
    agreement = "agreement"


def _status(values: list[str] | None) -> tuple[str, ...]:
    return tuple(values) if values else ("occurred",)


def _known(store: Store, **names: str | None) -> None:
    """A usage error for a name (``names``: its option -> the name) that is no code, group or
    region of the registry and that no stored event names: a typo would otherwise look like an
    actor without events."""
    from detente.analysis.common import cursor
    from detente.analysis.groups import codes_of, default_registry

    registry = default_registry()
    for option, name in names.items():
        if name is None:
            continue
        codes = codes_of(name, registry)
        if any(registry.get(code) for code in codes):
            continue
        with cursor(store) as con:
            named = con.execute("SELECT 1 FROM event_actors WHERE code IN (SELECT unnest(?)) LIMIT 1", [codes])
            named = named.fetchone()
        if named is None:
            raise typer.BadParameter(
                f"{name!r} is no actor code, group or region the registry knows, and no event names it",
                param_hint=option,
            )


def _rounded(rows: list[dict[str, Any]], fmt: Format, digits: int = 2) -> list[dict[str, Any]]:
    """Floats rounded for the table view (JSON and CSV keep every digit)."""
    if fmt is not Format.table:
        return rows
    return [{k: round(v, digits) if isinstance(v, float) else v for k, v in r.items()} for r in rows]


def _chart(fig: Any, path: Path | None, ctx: typer.Context) -> None:
    from detente.report.charts import save

    if path is not None:
        with errors(ValueError):
            save(fig, path)
        if not is_quiet(ctx):
            typer.echo(f"chart: {path}", err=True)


def dyad(
    ctx: typer.Context,
    a: Annotated[str, typer.Argument(metavar="A", help="An actor code, e.g. RUS.", show_default=False)],
    b: Annotated[
        str | None,
        typer.Argument(
            metavar="[B]",
            help="A code, an organisation standing for its members (ASEAN, EU), or a UN region or sub-region"
            " ('Asia', 'South-eastern Asia'); none: every partner.",
            show_default=False,
        ),
    ] = None,
    db: DbOption = DEFAULT_DB,
    by: Annotated[Period, typer.Option("--by", help="Count per day, week, month, quarter or year.")] = Period.month,
    since: DaySinceOption = None,
    until: DayUntilOption = None,
    source: SourceOption = None,
    status: StatusOption = None,
    event_type: TypeOption = None,
    types: Annotated[bool, typer.Option("--types", help="One row per period, QuadClass and PLOVER type.")] = False,
    chart: ChartOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Events between two actors per period, by QuadClass: counts each way and mean intensity.

    Symmetric events (talks, agreements) count in both directions. Events are counted on their own
    date, else on their article's publication date.

    Examples:

        detente dyad RUS CHN --by month

        detente dyad CHN ASEAN --by quarter --since 2014 --chart china-asean.svg

        detente dyad RUS Asia --by year --types --format csv > rus-asia.csv
    """
    from detente.analysis import dyad_series, period_span, quad_table
    from detente.report.charts import dyad_chart

    with errors(ValueError), Store(db, read_only=True) as store:
        _known(store, A=a, B=b)
        series = dyad_series(
            store, a, b, by=by.value, since=since, until=until, status=_status(status), types=event_type,
            source=source,
        )  # fmt: skip
    table = quad_table(series, span=period_span(since, until, by.value))
    label = f"{a.upper()} - {b or 'all partners'}"
    _chart(dyad_chart(table, f"{label}: events per {by.value} by QuadClass"), chart, ctx)
    if types:
        columns = [(k, k) for k in ("period", "quad_class", "event_type", "events", "a_to_b", "b_to_a")]
        render(_rounded(series, fmt), fmt, [*columns, ("intensity", "intensity_mean")], label)
        return
    columns = [
        ("period", "period"), ("verbal coop", "q1"), ("material coop", "q2"), ("verbal conflict", "q3"),
        ("material conflict", "q4"), ("events", "events"), (f"{a.upper()}→", "a_to_b"), (f"→{a.upper()}", "b_to_a"),
        ("mean intensity", "intensity_mean"),
    ]  # fmt: skip
    render(_rounded(table, fmt), fmt, columns, label)


def partners(
    ctx: typer.Context,
    actor: Annotated[str, typer.Argument(metavar="ACTOR", help="An actor code, e.g. RUS.", show_default=False)],
    db: DbOption = DEFAULT_DB,
    by: Annotated[Period, typer.Option("--by", help="Shares per day, week, month, quarter or year.")] = Period.year,
    level: Annotated[
        Level, typer.Option("--level", help="partner (each code), region, subregion (UN geoscheme) or bloc.")
    ] = Level.partner,
    bloc: Annotated[
        list[str] | None,
        typer.Option("--bloc", metavar="ORG", help="With --level bloc: this bloc (repeatable; default: main blocs)."),
    ] = None,
    since: DaySinceOption = None,
    until: DayUntilOption = None,
    source: SourceOption = None,
    status: StatusOption = None,
    event_type: TypeOption = None,
    chart: ChartOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """With whom an actor cooperates and quarrels: its partners' shares per period.

    Shares are of the actor's (event, partner) pairs in the period: cooperative (QuadClass 1-2) and
    conflictual (3-4) separately. With --level bloc a partner counts for each bloc it belongs to.

    Examples:

        detente partners RUS --by year --level region

        detente partners RUS --level bloc --bloc SCO --bloc BRICS --bloc EU --chart rus-blocs.png

        detente partners CHN --by quarter --since 2014 --format json
    """
    from detente.analysis import partner_mix
    from detente.report.charts import partner_chart

    with errors(ValueError), Store(db, read_only=True) as store:
        _known(store, ACTOR=actor)
        rows = partner_mix(
            store, actor, by=by.value, level=level.value, since=since, until=until, status=_status(status),
            types=event_type, source=source, blocs=bloc,
        )  # fmt: skip
    _chart(partner_chart(rows, f"{actor.upper()}: partners by {level.value}"), chart, ctx)
    columns = [
        ("period", "period"), (level.value, "group"), ("events", "events"), ("coop", "coop"),
        ("conflict", "conflict"), ("share", "share"), ("coop share", "coop_share"),
        ("conflict share", "conflict_share"), ("mean intensity", "intensity_mean"),
    ]  # fmt: skip
    render(_rounded(rows, fmt, 3), fmt, columns, f"partners of {actor.upper()}")


def network(
    ctx: typer.Context,
    db: DbOption = DEFAULT_DB,
    since: DaySinceOption = None,
    until: DayUntilOption = None,
    source: SourceOption = None,
    status: StatusOption = None,
    event_type: TypeOption = None,
    min_events: Annotated[int, typer.Option("--min-events", min=1, help="Only ties with this many events.")] = 1,
    out: Annotated[
        Path | None, typer.Option("--out", metavar="FILE", help="Write the graph: FILE.graphml or FILE.gexf.")
    ] = None,
    show_communities: Annotated[
        bool, typer.Option("--communities", help="List communities (Louvain) instead of central actors.")
    ] = False,
    ego: Annotated[
        str | None, typer.Option("--ego", metavar="CODE", help="Only this actor and its direct partners.")
    ] = None,
    top: Annotated[int, typer.Option("--top", min=0, help="At most this many rows; 0 for all.")] = 30,
    chart: ChartOption = None,
    fmt: FormatOption = Format.table,
) -> None:
    """The network of who acts on whom: central actors, communities, GraphML or GEXF.

    Edges A -> B count A's events on B (symmetric events both ways) with their mean intensity.
    GEXF files are dynamic: Gephi's timeline shows when each tie was active.

    Examples:

        detente network --since 2014 --until 2014

        detente network --since 2014 --out world-2014.gexf --min-events 3

        detente network --communities --format json

        detente network --ego RUS --chart rus.svg
    """
    from detente.analysis import centrality, communities, ego_network
    from detente.analysis import network as build
    from detente.export.graph import write_gexf, write_graphml
    from detente.report.charts import network_chart

    with errors(ValueError), Store(db, read_only=True) as store:
        g = build(
            store, since, until, types=event_type, status=_status(status), source=source, min_events=min_events,
            days=bool(out and out.suffix.lower() == ".gexf"),
        )  # fmt: skip
    if ego:
        g = ego_network(g, ego)
    if out is not None:
        suffix = out.suffix.lower()
        if suffix not in (".graphml", ".gexf"):
            fail(f"--out must be a .graphml or .gexf file, not {out.name}")
        with errors():
            (write_gexf if suffix == ".gexf" else write_graphml)(g, out)
        if not is_quiet(ctx):
            typer.echo(f"graph: {out} ({len(g)} actors, {g.number_of_edges()} ties)", err=True)
    groups = communities(g)
    _chart(network_chart(g, f"{len(g)} actors, {g.number_of_edges()} ties", groups=groups), chart, ctx)
    if show_communities:
        render(groups[: top or None], fmt, [(k, k) for k in ("community", "size", "events", "members")], "communities")
        return
    columns = [
        ("actor", "actor"), ("name", "name"), ("events", "events"), ("out", "out_events"), ("in", "in_events"),
        ("partners", "partners"), ("betweenness", "betweenness"), ("eigenvector", "eigenvector"),
    ]  # fmt: skip
    render(_rounded(centrality(g)[: top or None], fmt, 3), fmt, columns, "central actors")


def timeline(
    actor: Annotated[str, typer.Argument(metavar="ACTOR", help="An actor code, e.g. RUS.", show_default=False)],
    db: DbOption = DEFAULT_DB,
    partner: Annotated[
        str | None,
        typer.Option("--partner", metavar="CODE", help="Only events with this partner (a code, group or region)."),
    ] = None,
    since: DaySinceOption = None,
    until: DayUntilOption = None,
    source: SourceOption = None,
    status: StatusOption = None,
    event_type: TypeOption = None,
    min_mentions: Annotated[
        int, typer.Option("--min-mentions", min=1, help="Only events reported at least this many times.")
    ] = 1,
    limit: Annotated[int, typer.Option("--limit", min=0, help="At most this many events; 0 for all.")] = 100,
    fmt: FormatOption = Format.table,
) -> None:
    """The dated events of an actor (or of a dyad), each event once with its reports.

    Reports of one event (same PLOVER type, actors and date) are clustered: `mentions` counts them,
    `outlets` the outlets; JSON lists every report with its outlet, document and sentence.

    Examples:

        detente timeline RUS --partner CHN

        detente timeline RUS --since 2014-03 --until 2014-04 --type ASSAULT

        detente timeline CHN --min-mentions 3 --format json > china.json
    """
    from detente.analysis import timeline as clustered

    with errors(ValueError), Store(db, read_only=True) as store:
        _known(store, ACTOR=actor, **{"--partner": partner})
        rows = clustered(
            store, actor, partner, since=since, until=until, status=_status(status), types=event_type,
            source=source, min_mentions=min_mentions, limit=limit or None,
        )  # fmt: skip
    columns = [
        ("date", "date"), ("type", "event_type"), ("quad", "quad_class"), ("source", "source"), ("target", "target"),
        ("mentions", "mentions"), ("outlets", "outlets"), ("first report", "doc_id"),
    ]  # fmt: skip
    render(rows, fmt, columns, f"timeline of {actor.upper()}" + (f" and {partner}" if partner else ""))


def sources(
    db: DbOption = DEFAULT_DB,
    show: Annotated[
        SourcesView,
        typer.Option(
            "--show",
            help="outlets, types (events per outlet and type), shared (events several outlets report),"
            " conflicts (figures outlets disagree on) or agreement (per pair of outlets).",
        ),
    ] = SourcesView.outlets,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: Annotated[int, typer.Option("--limit", min=0, help="At most this many rows; 0 for all.")] = 100,
    fmt: FormatOption = Format.table,
) -> None:
    """Which outlets report which events and figures, and where they disagree.

    --since/--until filter on publication dates (on event dates for --show shared).

    Examples:

        detente sources

        detente sources --show conflicts --format csv > disputes.csv

        detente sources --show agreement --since 2018
    """
    from detente.analysis import sources as gather

    with errors(ValueError), Store(db, read_only=True) as store:
        found = gather(store, since=since, until=until, shared_limit=limit or None)
    columns = {
        SourcesView.outlets: ["outlet", "documents", "events", "facts", "first", "last"],
        SourcesView.types: ["outlet", "event_type", "events"],
        SourcesView.shared: ["date", "event_type", "source", "target", "mentions", "outlets"],
        SourcesView.conflicts: ["measure", "dyad", "period", "kind", "unit", "outlet", "texts", "value", "doc_ids"],
        SourcesView.agreement: ["outlet_a", "outlet_b", "groups", "agree", "disagree"],
    }[show]
    rows = getattr(found, {SourcesView.types: "event_types", SourcesView.shared: "shared_events",
                           SourcesView.conflicts: "fact_conflicts"}.get(show, show.value))  # fmt: skip
    render(rows[: limit or None], fmt, [(c, c) for c in columns], show.value)


def export(
    ctx: typer.Context,
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="jsonl, csv or parquet (a folder of tables), graphml, gexf or gdelt."),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out", "-o", metavar="PATH", help="The file (jsonl, graphml, gexf, gdelt) or folder (csv, parquet)."
        ),
    ],
    db: DbOption = DEFAULT_DB,
    actor: ActorOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    source: SourceOption = None,
    doc: DocOption = None,
    status: StatusOption = None,
    event_type: TypeOption = None,
) -> None:
    """Export the database: JSON lines, CSV or Parquet tables, a graph, or GDELT's events table.

    jsonl, csv and parquet hold whole documents (--actor: documents mentioning it; --since/--until:
    publication dates; --doc). graphml, gexf and gdelt hold events (--since/--until: event dates;
    --status, default occurred, and --type apply; --actor too for gdelt). gdelt is GDELT 2.0's 61
    tab-separated columns. An option a format does not apply is refused.

    Examples:

        detente export --format parquet --out tables/

        detente export --format gexf --out world.gexf --since 2014

        detente export --format gdelt --out events.tsv --actor RUS

        detente export --format jsonl --out corpus.jsonl --source reuters
    """
    quiet = is_quiet(ctx)
    documents = fmt in (ExportFormat.jsonl, ExportFormat.csv, ExportFormat.parquet)
    # Options a format cannot apply are refused, not dropped: a file must hold what was asked for.
    not_applied = {
        "--status": status is not None and documents,
        "--type": bool(event_type) and documents,
        "--doc": doc is not None and not documents,
        "--actor": actor is not None and fmt in (ExportFormat.graphml, ExportFormat.gexf),
    }
    for option, given in not_applied.items():
        if given:
            raise typer.BadParameter(f"does not apply to --format {fmt.value}", param_hint=option)
    with errors(ValueError), Store(db, read_only=True) as store:
        if fmt is ExportFormat.jsonl:
            from detente.analysis.common import cursor
            from detente.analysis.groups import default_registry
            from detente.export.csv_parquet import selected_documents
            from detente.export.jsonl import write_jsonl

            chosen, params = selected_documents(actor=actor, since=since, until=until, source=source, doc_id=doc)
            ids = None
            if chosen:
                with cursor(store) as con:
                    ids = [r[0] for r in con.execute(chosen, params).fetchall()]
            names = {a.id: a.name for a in default_registry().actors.values() if a.kind != "person"}
            count = write_jsonl(store.read_results(ids), out, names)
            summary = f"{count} records"
        elif fmt in (ExportFormat.csv, ExportFormat.parquet):
            from detente.export.csv_parquet import export_tables

            written = export_tables(
                store, out, fmt.value, actor=actor, since=since, until=until, source=source, doc_id=doc
            )
            summary = ", ".join(f"{table} {rows}" for table, (_path, rows) in written.items())
        elif fmt is ExportFormat.gdelt:
            from detente.export.gdelt import write_gdelt

            count = write_gdelt(
                store, out, actor=actor, since=since, until=until, status=_status(status), types=event_type,
                source=source,
            )  # fmt: skip
            summary = f"{count} events"
        else:
            from detente.export.graph import export_graph

            g = export_graph(
                store, out, fmt.value, since=since, until=until, types=event_type, status=_status(status),
                source=source,
            )  # fmt: skip
            summary = f"{len(g)} actors, {g.number_of_edges()} ties"
    if not quiet:
        typer.echo(f"{fmt.value}: {out} ({summary})", err=True)


import_app = typer.Typer(
    help="Import event data coded elsewhere into the database.", no_args_is_help=True, add_completion=False
)


@import_app.command("icews")
def import_icews(
    ctx: typer.Context,
    path: Annotated[
        Path,
        typer.Argument(
            metavar="PATH",
            help="An ICEWS-style folder (train/valid/test.txt, entity2id.txt, relation2id.txt) or one quad file.",
            show_default=False,
        ),
    ],
    db: DbOption = DEFAULT_DB,
    split: Annotated[
        list[str] | None,
        typer.Option("--split", metavar="NAME", help="Only this split: train, valid or test (repeatable)."),
    ] = None,
    start: Annotated[
        str, typer.Option("--start", metavar="DATE", help="The date of the first day number (YYYY-MM-DD).")
    ] = "2014-01-01",
    first_day: Annotated[int, typer.Option("--first-day", help="The day number that is --start.")] = 1,
    step: Annotated[int, typer.Option("--step", min=1, help="Day numbers per day (24 for hourly stamps).")] = 1,
    dataset: Annotated[
        str | None, typer.Option("--dataset", metavar="NAME", help="The doc_id prefix (default: the folder's name).")
    ] = None,
) -> None:
    """Import ICEWS-style (subject, relation, object, day) events, e.g. ICEWS14.

    Each day becomes a document whose lines ("Barack Obama | 042 Make a visit | China") are the
    events' sentences; relations map to CAMEO, then PLOVER; names to registry codes. CAMEO 01
    statements, which PLOVER does not code, are left out. Importing again changes nothing.

    Examples:

        detente import icews ../shared/data/icews14 --db icews.duckdb

        detente import icews ../shared/data/icews14/test.txt --db test.duckdb
    """
    from detente.imports import import_icews as run

    with errors(ValueError), Store(db) as store:
        summary = run(store, path, splits=split, start=start, first_day=first_day, step=step, dataset=dataset)
    if is_quiet(ctx):
        return
    out = stdout()
    out.print(
        f"{summary.dataset}: {summary.quads:,} quadruples read, {summary.events:,} events imported in"
        f" {summary.documents:,} new days ({summary.documents_known:,} days already stored),"
        f" {summary.first_day} to {summary.last_day}, in {summary.seconds:.1f} s"
    )
    out.print(
        f"left out: {summary.statements:,} statements (CAMEO 01), {summary.unmapped:,} of relations without a CAMEO"
        f" code; actors: {summary.entities_resolved:,} of {summary.entities:,} names resolved,"
        f" {summary.mentions_resolved:.0%} of mentions"
    )


def report(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", "-o", metavar="FILE", help="The HTML file to write.")],
    db: DbOption = DEFAULT_DB,
    actor: Annotated[
        str | None,
        typer.Option("--actor", metavar="CODE", help="The actor the report follows (default: the most mentioned)."),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
) -> None:
    """Write one self-contained HTML report: overview, timeline, dyads, partners, network, figures.

    Every event and figure links to the sentences it was read from, listed at the end. The file
    has no external links or scripts: it opens offline and can be mailed.

    Examples:

        detente report --out report.html

        detente report --out russia-2014.html --actor RUS --since 2014 --until 2014
    """
    from detente.report import ReportOptions, write_report

    with errors(ValueError), Store(db, read_only=True) as store:
        write_report(store, out, ReportOptions(actor=actor, since=since, until=until), db_label=str(db))
    if not is_quiet(ctx):
        typer.echo(f"report: {out}", err=True)
