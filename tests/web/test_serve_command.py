"""`detente serve`: options, loopback by default, one-line errors for a database it cannot open."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from detente.cli.main import app


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What uvicorn.run would have been called with (nothing is served)."""
    calls: dict[str, Any] = {}

    def run(application: Any, **options: Any) -> None:
        calls.update(options, app=application)
        if not isinstance(application, str):  # an import string when there are several workers
            application.state.database.close()

    monkeypatch.setattr("uvicorn.run", run)
    return calls


def test_serve_listens_on_loopback_by_default(store_file: Path, tmp_path: Path, served: dict) -> None:
    db = tmp_path / "web.duckdb"
    db.write_bytes(store_file.read_bytes())
    result = CliRunner().invoke(app, ["serve", "--db", str(db), "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert (served["host"], served["port"]) == ("127.0.0.1", 8123)
    settings = served["app"].state.settings
    assert settings.writable and not settings.allow_fetch and settings.uploads == tmp_path / "web-uploads"
    assert tuple(settings.allowed_hosts) == ("127.0.0.1", "localhost")


def test_serve_options_reach_the_app(store_file: Path, tmp_path: Path, served: dict) -> None:
    db = tmp_path / "web.duckdb"
    db.write_bytes(store_file.read_bytes())
    args = ["serve", "--db", str(db), "--read-only", "--allow-fetch", "--data", str(tmp_path / "in"), "--workers", "1"]
    assert CliRunner().invoke(app, args).exit_code == 0
    settings = served["app"].state.settings
    assert not settings.writable and settings.allow_fetch and settings.uploads == tmp_path / "in"


def test_a_database_that_cannot_be_opened_is_one_line(tmp_path: Path, served: dict) -> None:
    bad = tmp_path / "notes.duckdb"
    bad.write_text("not a database")
    result = CliRunner().invoke(app, ["serve", "--db", str(bad)])
    assert result.exit_code == 1 and result.output.startswith("error: cannot open database")
    missing = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "no" / "where.duckdb")])
    assert missing.exit_code == 1 and "no folder" in missing.output
    assert CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "x.duckdb"), "--read-only"]).exit_code == 1
    assert not served


def test_several_workers_serve_a_read_only_database(
    store_file: Path, tmp_path: Path, served: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    from detente.web.app import SETTINGS_ENV, Settings, app_from_environment

    monkeypatch.delenv(SETTINGS_ENV, raising=False)
    started: dict[str, Any] = {}
    monkeypatch.setattr("detente.cli.serve.run_workers", lambda workers, **options: started.update(options, n=workers))
    db = tmp_path / "web.duckdb"
    db.write_bytes(store_file.read_bytes())
    args = ["serve", "--db", str(db), "--read-only", "--workers", "3", "--data", str(tmp_path / "in")]
    assert CliRunner().invoke(app, args).exit_code == 0
    assert (started["n"], started["host"], started["port"]) == (3, "127.0.0.1", 8000) and not served
    worker = app_from_environment()  # what each worker process builds
    try:
        settings = worker.state.settings
        hosts = ("127.0.0.1", "localhost")
        assert settings == Settings(db=db, writable=False, data_dir=tmp_path / "in", allowed_hosts=hosts)
        assert not worker.state.database.writable
    finally:
        worker.state.database.close()


def test_several_workers_need_a_read_only_database(store_file: Path, tmp_path: Path, served: dict) -> None:
    db = tmp_path / "web.duckdb"
    db.write_bytes(store_file.read_bytes())
    result = CliRunner().invoke(app, ["serve", "--db", str(db), "--workers", "2"])
    assert result.exit_code == 2 and "--read-only" in result.output and not served


def test_the_workers_socket_gives_connections_without_nagle_delay() -> None:
    import socket

    from detente.web.serving import NoDelayConfig

    config = NoDelayConfig("detente.web.app:app_from_environment", factory=True, workers=2, port=0)
    listener = config.bind_socket()
    try:
        # asyncio sets TCP_NODELAY on accepted connections only when the listener says IPPROTO_TCP.
        assert listener.proto == socket.IPPROTO_TCP and listener.get_inheritable()
    finally:
        listener.close()
