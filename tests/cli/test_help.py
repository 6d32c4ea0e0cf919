"""Keeping the help and the docs honest: every command and option has help text, examples and a
place in docs/cli.md."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from detente.cli.main import app

DOCS = Path(__file__).parents[2] / "docs" / "cli.md"


# Typer vendors its own click: commands and parameters are recognised by what they have.
def _commands(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    out = []
    for name, command in group.commands.items():
        out.append(((*prefix, name), command))
        if hasattr(command, "commands"):
            out += _commands(command, (*prefix, name))
    return out


COMMANDS = _commands(typer.main.get_command(app))


def _params(command: Any) -> list[Any]:
    return [p for p in command.params if p.name != "help"]


def _options(command: Any) -> list[str]:
    return [opt for p in _params(command) if p.param_type_name == "option" for opt in p.opts]


def test_the_expected_commands_exist() -> None:
    assert {" ".join(path) for path, _ in COMMANDS} >= {
        "ingest", "extract", "actors", "events", "facts", "show", "summary", "registry",
        "registry validate", "registry import-petrarch",
    }  # fmt: skip


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_and_option_has_help(runner: CliRunner, path: tuple[str, ...], command: Any) -> None:
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert command.help and command.help.strip()
    if not hasattr(command, "commands"):
        assert "Examples:" in command.help and f"detente {' '.join(path)}" in command.help
    for param in _params(command):
        assert getattr(param, "help", None), f"{' '.join(path)}: {param.name} has no help"
    for opt in _options(command):
        assert opt in result.stdout, f"{opt} missing from `detente {' '.join(path)} --help`"


def test_global_options_have_help(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0 and "--quiet" in result.stdout and "-q" in result.stdout
    assert "Examples:" in result.stdout


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_docs_describe_every_command_and_option(path: tuple[str, ...], command: Any) -> None:
    docs = DOCS.read_text(encoding="utf-8")
    assert f"detente {' '.join(path)}" in docs
    for opt in _options(command):
        if opt.startswith("--"):
            assert opt in docs, f"{opt} of `detente {' '.join(path)}` is not in docs/cli.md"
