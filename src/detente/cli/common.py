"""What every command shares: the --db option, the quiet flag, consoles, progress and errors."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from detente.schemas import EVENT_TYPES, FACT_MEASURES, STATUSES
from detente.store import DEFAULT_PATH, StoreError
from detente.store.queries import date_bounds

DbOption = Annotated[
    Path,
    typer.Option("--db", envvar="DETENTE_DB", metavar="PATH", help="The DuckDB database file (env DETENTE_DB)."),
]
DEFAULT_DB = Path(DEFAULT_PATH)
PIPED_WIDTH = 200


def is_quiet(ctx: typer.Context) -> bool:
    """Whether the global --quiet flag was given."""
    root = ctx.find_root()
    return bool(root.obj and root.obj.get("quiet"))


def stdout() -> Console:
    """The console for results (built per call: tests swap sys.stdout).

    Piped or redirected, rich would assume 80 columns and wrap every table; give it room instead.
    """
    console = Console(highlight=False)
    if not console.is_terminal and "COLUMNS" not in os.environ:
        console.width = PIPED_WIDTH
    return console


def stderr() -> Console:
    """The console for progress, summaries of streamed output, and problems."""
    return Console(stderr=True, highlight=False)


def fail(message: str, code: int = 1) -> NoReturn:
    """Print one ``error:`` line on stderr and exit with ``code``."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


@contextmanager
def errors(*expected: type[BaseException]) -> Iterator[None]:
    """Turn the errors a user can cause (a bad database, a missing file, ``expected``) into one line."""
    try:
        yield
    except (StoreError, OSError, *expected) as exc:
        fail(str(exc) or type(exc).__name__)


def check_inputs(paths: list[str]) -> None:
    """Fail on the first input that is neither an existing path nor a URL."""
    for path in paths:
        if not re.match(r"https?://", path) and not Path(path).exists():
            fail(f"no such file or directory: {path}")


def event_statuses(values: str | list[str] | None) -> str | list[str] | None:
    """Typer callback: every value is an event status (any case), or ``all``."""
    for value in [values] if isinstance(values, str) else values or []:
        if value.lower() not in (*STATUSES, "all"):
            raise typer.BadParameter(f"{value!r} is not a status: use {', '.join(STATUSES)} or all")
    return values


def event_types(values: str | list[str] | None) -> str | list[str] | None:
    """Typer callback: every value is a PLOVER event type (any case)."""
    for value in [values] if isinstance(values, str) else values or []:
        if value.upper() not in EVENT_TYPES:
            raise typer.BadParameter(f"{value!r} is not a PLOVER type: use one of {', '.join(EVENT_TYPES)}")
    return values


def fact_measure(value: str | None) -> str | None:
    """Typer callback: the value is a fact measure (any case)."""
    if value is not None and value.lower() not in FACT_MEASURES:
        raise typer.BadParameter(f"{value!r} is not a measure: use one of {', '.join(FACT_MEASURES)}")
    return value


def iso_date(value: str | None) -> str | None:
    """Typer callback: accept YYYY, YYYY-MM or YYYY-MM-DD."""
    try:
        date_bounds(value, None)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None
    return value


def progress(ctx: typer.Context) -> Progress:
    """A transient progress display on stderr, off when stderr is not a terminal or with --quiet."""
    console = stderr()
    return Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=is_quiet(ctx) or not console.is_terminal,
    )
