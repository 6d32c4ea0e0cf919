"""`detente registry validate` and `detente registry import-petrarch`: the actor registry files."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Annotated

import typer

from detente.cli.common import errors, fail

app = typer.Typer(help="Check actor registry files, import PETRARCH actor dictionaries.", no_args_is_help=True)


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATH",
            help="Registry YAML files or folders (optional; default: the shipped registry).",
        ),
    ] = None,
) -> None:
    """Check registry files: required keys, codes, dates, duplicates.

    Prints one line per problem, each marked error or warning (ambiguous names, overlapping
    holders of a role), and exits with code 1 when there is an error.

    Examples:

        detente registry validate

        detente registry validate my_actors.yaml
    """
    from detente.actors.validate import validate_registry

    targets = paths or [Path(str(resources.files("detente.actors") / "data"))]
    for path in targets:
        if not path.exists():
            fail(f"no such file or directory: {path}")
    with errors():
        problems = validate_registry(targets)
    for problem in problems:
        typer.echo(problem)
    found = sum(p.startswith("error") for p in problems)
    if found:
        fail(f"{found} error(s) in {', '.join(map(str, targets))}")
    typer.echo(f"ok: {', '.join(map(str, targets))}")


@app.command("import-petrarch")
def import_petrarch(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A PETRARCH actor dictionary (.txt).")],
    out: Annotated[Path, typer.Option("--out", "-o", metavar="DIR", help="Folder to write the YAML files to.")],
) -> None:
    """Convert a PETRARCH actor dictionary into registry YAML files.

    Review the files, then use them with --registry (they add to the shipped registry).

    Examples:

        detente registry import-petrarch Phoenix.Countries.actors.txt --out my_registry/

        detente ingest news/ --registry my_registry/
    """
    from detente.actors.petrarch import import_petrarch_actors, write_yaml

    if not file.exists():
        fail(f"no such file: {file}")
    with errors():
        result = import_petrarch_actors(file)
        written = write_yaml(result, out)
    for problem in result.get("problems", []):
        typer.echo(f"problem: {problem}", err=True)
    sizes = ", ".join(f"{len(result[k])} {k}" for k in ("states", "organisations", "people") if k in result)
    typer.echo(f"wrote {', '.join(map(str, written))} ({sizes})")
