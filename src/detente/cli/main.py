"""The `detente` command: thin typer wrappers over the library (detente.store, detente.export, ...).

Commands live in small modules and import their heavy dependencies (spaCy, the pipeline) only
when they run, so `detente --help` stays fast.
"""

from __future__ import annotations

from typing import Annotated

import typer

from detente.cli import analysis, ingest, query, registry, serve, show

app = typer.Typer(
    name="detente",
    help="""International news to dated, sourced event data: who did what to whom, when, and how much.

    Every command has --help with examples. Commands that use a database take --db (default
    ./detente.duckdb, or the DETENTE_DB environment variable).

    Examples:

        detente ingest examples/articles

        detente summary

        detente events --dyad RUS SGP --since 2018

        detente extract examples/articles --out seeds.jsonl
    """,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode="markdown",  # docstrings reflow to the terminal; indented examples stay as written
)


@app.callback()
def main(
    ctx: typer.Context,
    quiet: Annotated[
        bool,
        typer.Option("--quiet", "-q", help="No progress bars and no summaries; problems still go to stderr."),
    ] = False,
) -> None:
    """Keep the global options for the commands."""
    ctx.obj = {"quiet": quiet}


app.command()(ingest.ingest)
app.command()(ingest.extract)
app.command()(query.actors)
app.command()(query.events)
app.command()(query.facts)
app.command()(show.show)
app.command()(query.summary)
app.command()(serve.serve)
app.add_typer(registry.app, name="registry")
app.command()(analysis.dyad)
app.command()(analysis.partners)
app.command()(analysis.network)
app.command()(analysis.timeline)
app.command()(analysis.sources)
app.command()(analysis.export)
app.add_typer(analysis.import_app, name="import")
app.command()(analysis.report)
