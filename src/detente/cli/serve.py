"""`detente serve`: the web application and HTTP API over a database, with uvicorn."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any

import typer

from detente.cli.common import DEFAULT_DB, DbOption, errors, fail, stderr

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve(
    db: DbOption = DEFAULT_DB,
    host: Annotated[
        str, typer.Option("--host", metavar="H", help="Address to listen on (loopback unless you mean it).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", metavar="P", min=1, max=65535, help="Port to listen on.")] = 8000,
    read_only: Annotated[
        bool,
        typer.Option("--read-only", help="Open the database read-only: no uploads; other processes may read it too."),
    ] = False,
    allow_fetch: Annotated[
        bool, typer.Option("--allow-fetch", help="Let uploads name URLs (and .urls files) for the server to fetch.")
    ] = False,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data", metavar="DIR", help="Folder for uploaded files (default: DB-uploads beside the database)."
        ),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            help="Server processes, for a read-only database only (DuckDB lets one process write a file);"
            " each keeps its own cache.",
        ),
    ] = 1,
) -> None:
    """Open the database as a web application with a JSON API (OpenAPI at /docs).

    Pages: overview, event search, timelines, dyad and partner charts, the actor network, facts and
    their conflicts, a reader for each document, and uploads ingested in the background. The API
    is under /api. The server holds the database file open read-write (unless --read-only), so
    `detente ingest` into the same file has to wait until it stops.

    Examples:

        detente serve

        detente serve --db world.duckdb --port 8080 --read-only

        detente serve --db world.duckdb --read-only --workers 4
    """
    import uvicorn

    from detente.web import Settings, create_app
    from detente.web.app import SETTINGS_ENV

    if workers > 1 and not read_only:
        message = "several processes need --read-only: DuckDB lets one process write a database"
        raise typer.BadParameter(message, param_hint="--workers")

    if not read_only and not db.exists() and not db.parent.exists():
        fail(f"no folder {db.parent} for the database {db}")
    # Beyond loopback, the Host check would refuse the names people use to reach the server.
    hosts = ("127.0.0.1", "localhost") if host in LOOPBACK else ("*",)
    settings = Settings(db=db, writable=not read_only, allow_fetch=allow_fetch, data_dir=data, allowed_hosts=hosts)
    with errors():
        app = create_app(settings)  # here, so that a database it cannot open is one line, not a traceback per worker
    if host not in LOOPBACK:
        stderr().print(f"warning: listening on {host}: anyone who can reach it can read the database and upload")
    options = {"host": host, "port": port, "log_level": "info", "server_header": False}
    if workers == 1:
        uvicorn.run(app, **options)
        return
    app.state.database.close()
    os.environ[SETTINGS_ENV] = settings.to_json()
    run_workers(workers, **options)


def run_workers(workers: int, **options: Any) -> None:
    """uvicorn's supervisor of ``workers`` processes, each building the app from SETTINGS_ENV."""
    from uvicorn.supervisors import Multiprocess

    from detente.web.serving import NoDelayConfig

    config = NoDelayConfig("detente.web.app:app_from_environment", factory=True, workers=workers, **options)
    Multiprocess(config, sockets=[config.bind_socket()]).run()
