"""`detente ingest` (into the database) and `detente extract` (to JSON lines, no database)."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from detente.cli.common import DEFAULT_DB, DbOption, check_inputs, errors, fail, is_quiet, progress, stderr
from detente.parallel import available_cores
from detente.schemas import Document, Skipped
from detente.store.load import IngestReport

if TYPE_CHECKING:
    from detente.spark.job import SparkReport

EXIT_SKIPPED = 2
EXIT_INTERRUPTED = 130  # as a shell reports a run stopped by Ctrl-C

Paths = Annotated[
    list[str],
    typer.Argument(
        metavar="PATH",
        help="Files, folders (walked) or URLs: .txt and .html (an article each), .jsonl, .json, .csv and .tsv"
        " (an article per record), .urls (a URL per line, downloaded unless --no-fetch); any of them .gz.",
        show_default=False,
    ),
]
RegistryOption = Annotated[
    list[Path] | None,
    typer.Option("--registry", metavar="PATH", help="An extra actor registry file or folder (repeatable)."),
]
BatchSizeOption = Annotated[
    int,
    typer.Option(
        "--batch-size", min=1, help="Documents per pipeline batch (an ingest writes each batch in one transaction)."
    ),
]
WorkersOption = Annotated[
    int | None,
    typer.Option(
        "--workers",
        min=1,
        show_default=False,
        help="Pipeline processes, each with its own spaCy model (default: all cores); for an ingest with"
        " --engine spark, the cores of a local Spark.",
    ),
]


class Engine(StrEnum):
    """Where the pipeline runs."""

    local = "local"
    spark = "spark"


EngineOption = Annotated[
    Engine,
    typer.Option(
        "--engine",
        help="local: this machine, into --db; spark: PySpark (spark-submit or a local Spark), into a Parquet --out.",
    ),
]
OutOption = Annotated[
    str | None,
    typer.Option("--out", metavar="DIR", help="With --engine spark: the Parquet store to write (any Spark path)."),
]
CsvColumnOption = Annotated[
    list[str] | None,
    typer.Option(
        "--csv-column",
        metavar="FIELD=COLUMN",
        help="Which CSV column holds a document field, e.g. text=body or published=date (repeatable).",
    ),
]
NoFetchOption = Annotated[bool, typer.Option("--no-fetch", help="Do not download URLs found in the inputs.")]


def _csv_columns(pairs: list[str] | None) -> dict[str, str] | None:
    columns = {}
    for pair in pairs or []:
        field, sep, column = pair.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise typer.BadParameter(f"expected FIELD=COLUMN, got {pair!r}", param_hint="--csv-column")
        columns[field.strip()] = column.strip()
    return columns or None


def _read(paths: list[str], csv_column: list[str] | None, no_fetch: bool) -> Iterator[Document | Skipped]:
    """The inputs, read lazily; bad arguments fail here, before any work starts."""
    check_inputs(paths)
    csv_columns = _csv_columns(csv_column)
    from detente.ingest import read_inputs

    try:
        return read_inputs(paths, csv_columns=csv_columns, fetch_urls=not no_fetch)
    except ValueError as exc:  # an unknown FIELD in --csv-column
        raise typer.BadParameter(str(exc), param_hint="--csv-column") from None


def _print_problems(report: IngestReport) -> None:
    for item in report.skipped:
        typer.echo(f"skipped {item.input}: {item.reason}", err=True)
    for item in report.failed:
        typer.echo(f"failed {item.input}: {item.reason}", err=True)


def _summary_lines(report: IngestReport) -> list[str]:
    # A text under a doc_id stored before (or earlier in the run) replaces it: "new" is not more rows.
    replaced = len(set(report.replaced))
    new = f"{report.new} new" + (f" ({replaced} replacing the text stored under their doc_id)" if replaced else "")
    return _summary(
        report.read, new, f"{report.known} already stored", len(report.skipped), len(report.failed),
        report.mentions, len(report.actors), report.events, report.facts,
    )  # fmt: skip


def _summary(
    read: int, new: str, known: str, skipped: int, failed: int, mentions: int, actors: int, events: int, facts: int
) -> list[str]:
    """The two summary lines of an ingest, local or on Spark."""
    return [
        f"documents: {read} read, {new}, {known}, {skipped} inputs skipped, {failed} failed",
        f"found: {mentions} actor mentions of {actors} actors, {events} events, {facts} facts",
    ]


@contextmanager
def _progress(ctx: typer.Context, label: str) -> Iterator[Callable[[IngestReport], None]]:
    """A progress display and the callback that advances it by one input."""
    with progress(ctx) as bar:
        task = bar.add_task(label, total=None)

        def advance(report: IngestReport) -> None:
            left_out = len(report.skipped) + len(report.failed)
            bar.update(task, advance=1, description=f"{report.new} new, {report.known} known, {left_out} skipped")

        yield advance


def ingest(
    ctx: typer.Context,
    paths: Paths,
    db: DbOption = DEFAULT_DB,
    registry: RegistryOption = None,
    batch_size: BatchSizeOption = 16,
    workers: WorkersOption = None,
    engine: EngineOption = Engine.local,
    out: OutOption = None,
    csv_column: CsvColumnOption = None,
    no_fetch: NoFetchOption = False,
) -> None:
    """Read articles, extract actors, events and facts, and store them in the database.

    Documents already stored (same text) are skipped before any NLP, so a rerun resumes an
    interrupted ingest. Each batch is written in one transaction. Exit code 0 when every input
    went in, 2 when some input was skipped or some document failed (each is listed on stderr with
    its reason), 1 on an error (missing input, unreadable database, no spaCy model).

    --engine spark runs the same extraction in PySpark and writes a Parquet store to --out (the
    query commands read it with --db DIR); paths may then be anything Spark reads (hdfs://,
    s3a://, globs), including Parquet and WARC files. See docs/scale-out.md.

    Examples:

        detente ingest examples/articles

        detente ingest news.jsonl feeds/ --db world.duckdb --batch-size 64 --workers 4

        detente ingest export.csv --csv-column text=body --csv-column published=date

        detente ingest --engine spark 'crawl/*.warc.gz' news.jsonl --out world.parquet
    """
    from detente.actors.registry import RegistryError
    from detente.nlp.model import ModelNotFound
    from detente.pipeline import Pipeline
    from detente.store import Store
    from detente.store.load import ingest_documents

    workers = workers or available_cores()
    if engine is Engine.spark:
        _ingest_spark(ctx, paths, out, registry, batch_size, workers, csv_column, no_fetch)
    if out is not None:
        raise typer.BadParameter("the Parquet store of --engine spark; a local ingest writes --db", param_hint="--out")
    items = _read(paths, csv_column, no_fetch)
    # The pipeline first: without a model, fail before creating a database file.
    with errors(ModelNotFound, RegistryError):
        pipeline = Pipeline(registry=registry or ())
    try:
        with errors(), Store(db) as store, _progress(ctx, "ingesting") as advance:
            report = ingest_documents(
                store,
                items,
                pipeline,
                batch_size=batch_size,
                workers=workers,
                inputs=paths,
                on_progress=advance,
            )
    except KeyboardInterrupt:
        # The batch being written was rolled back; whole batches before it are stored.
        typer.echo(f"interrupted: the batches written before it are in {db}; the same command resumes", err=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    _print_problems(report)
    if not is_quiet(ctx):
        for line in _summary_lines(report):
            typer.echo(line)
        typer.echo(f"database: {db} (run {report.run_id})")
    raise typer.Exit(0 if report.complete else EXIT_SKIPPED)


def extract(
    ctx: typer.Context,
    paths: Paths,
    out: Annotated[
        str,
        typer.Option("--out", "-o", metavar="FILE.jsonl", help="Output file; - for stdout."),
    ],
    registry: RegistryOption = None,
    batch_size: BatchSizeOption = 16,
    workers: WorkersOption = None,
    csv_column: CsvColumnOption = None,
    no_fetch: NoFetchOption = False,
) -> None:
    """Extract actors, events and facts to a JSON-lines file, without a database.

    Writes the export format of docs/export-format.md (the format the evaluation's scorer reads),
    whole at the end: an interrupted or failed run leaves no partial file. The summary goes to
    stderr. Exit codes as for ingest: 2 when some input was skipped or failed.

    Examples:

        detente extract examples/articles --out seeds.jsonl

        detente extract article.html --out - | jq 'select(.kind == "event")'
    """
    from detente.actors.registry import RegistryError
    from detente.export.jsonl import write_jsonl
    from detente.nlp.model import ModelNotFound
    from detente.pipeline import Pipeline
    from detente.store.load import extract_results

    items = _read(paths, csv_column, no_fetch)
    if out != "-" and not Path(out).parent.is_dir():
        raise typer.BadParameter(f"no folder {Path(out).parent} to write {Path(out).name} in", param_hint="--out")
    report = IngestReport()
    # Write beside the target and rename at the end: a failed run leaves no truncated export behind.
    partial = Path(f"{out}.partial")
    with errors(ModelNotFound, RegistryError), _progress(ctx, "extracting") as advance:
        results = extract_results(
            items,
            Pipeline(registry=registry or ()),
            report,
            batch_size=batch_size,
            workers=workers or available_cores(),
            on_progress=advance,
        )
        if out == "-":
            write_jsonl(results, sys.stdout)
        else:
            try:
                records = write_jsonl(results, partial)
                os.replace(partial, out)
            finally:
                partial.unlink(missing_ok=True)
    _print_problems(report)
    if not is_quiet(ctx):
        console = stderr()
        for line in _summary_lines(report):
            console.print(line, markup=False)
        if out != "-":
            console.print(f"wrote {records} records to {out}", markup=False)
    raise typer.Exit(0 if report.complete else EXIT_SKIPPED)


def _spark_summary_lines(report: SparkReport) -> list[str]:
    return _summary(
        report.read, f"{report.new} new", f"{report.known} already stored or repeated", report.skipped, report.failed,
        report.mentions, report.actors, report.events, report.facts,
    )  # fmt: skip


def _ingest_spark(
    ctx: typer.Context,
    paths: list[str],
    out: str | None,
    registry: list[Path] | None,
    batch_size: int,
    workers: int,
    csv_column: list[str] | None,
    no_fetch: bool,
) -> NoReturn:
    """``ingest --engine spark``: the Spark job, its problems and summary, and the exit code."""
    if out is None:
        raise typer.BadParameter("--engine spark writes a Parquet store: give --out DIR", param_hint="--out")
    check_inputs([p for p in paths if "://" not in p])  # Spark resolves URIs (hdfs://, s3a://) itself
    csv_columns = _csv_columns(csv_column)
    try:
        from detente.spark.job import ingest as spark_ingest
        from detente.spark.job import spark_session
        from detente.spark.read import ReadOptions
    except ImportError as exc:
        fail(f"--engine spark needs pyspark and warcio: pip install 'detente[spark]' ({exc})")
    from detente.actors.registry import RegistryError
    from detente.ingest.records import FieldMap
    from detente.nlp.model import ModelNotFound
    from detente.parallel import PipelineSpec

    try:
        FieldMap.from_columns(csv_columns)  # an unknown FIELD fails here, not on the executors
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--csv-column") from None
    options = ReadOptions(csv_columns=csv_columns, fetch_urls=not no_fetch)
    spec = PipelineSpec(registry=tuple(registry or ()))
    with errors(ModelNotFound, RegistryError):
        spec.build()  # fail on a missing model or a bad registry before starting Spark
    with errors():
        spark = spark_session(workers)
        report = spark_ingest(spark, paths, out, spec=spec, batch_size=batch_size, options=options)
    for stage, item in report.problems:
        typer.echo(f"{'skipped' if stage == 'read' else 'failed'} {item.input}: {item.reason}", err=True)
    problems = report.skipped + report.failed
    if problems > len(report.problems):
        typer.echo(f"... {problems} in all: see the skipped table of run {report.run_id} in {out}", err=True)
    if not is_quiet(ctx):
        for line in _spark_summary_lines(report):
            typer.echo(line)
        typer.echo(f"parquet store: {report.out} (run {report.run_id})")
    raise typer.Exit(0 if report.complete else EXIT_SKIPPED)
