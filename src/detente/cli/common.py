"""What every command shares: the --db option, the quiet flag, consoles, progress and errors."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn

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


def one_of(valid: Sequence[str], what: str, case: Callable[[str], str]) -> Callable[[Any], Any]:
    """A Typer callback accepting values (one, or a list of them) that are among ``valid`` once put
    in ``case`` (``str.lower``, ``str.upper``); any other is a usage error naming the valid ones."""

    def check(values: Any) -> Any:
        for value in [values] if isinstance(values, str) else values or []:
            if case(value) not in valid:
                raise typer.BadParameter(f"{value!r} is not {what}: use one of {', '.join(valid)}")
        return values

    return check


event_statuses = one_of((*STATUSES, "all"), "a status", str.lower)
event_types = one_of(EVENT_TYPES, "a PLOVER type", str.upper)
fact_measure = one_of(FACT_MEASURES, "a measure", str.lower)


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
