"""CLI fixtures: a folder of articles, and fakes of the reader and the pipeline (no spaCy)."""

from __future__ import annotations

import hashlib
import sys
import types
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.schemas import Document, Skipped


def fake_read_inputs(
    paths: Iterable[str | Path], *, csv_columns: dict | None = None, fetch_urls: bool = True
) -> Iterator[Document | Skipped]:
    """Stands in for ``detente.ingest.read_inputs``: the .txt files of files and folders, by name;
    a file that is not UTF-8 is skipped."""
    for path in map(Path, paths):
        for file in sorted(path.glob("*.txt")) if path.is_dir() else [path]:
            try:
                text = file.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                yield Skipped(str(file), "not UTF-8 text")
                continue
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            yield Document(doc_id=file.stem, text=text, path=str(file), content_hash=digest, source="CGTN")


@pytest.fixture
def fakes(monkeypatch: pytest.MonkeyPatch, fake_pipeline) -> types.SimpleNamespace:
    """Replace ``detente.ingest`` and ``detente.pipeline`` (as the CLI imports them) with fakes."""
    reader = types.ModuleType("detente.ingest")
    reader.read_inputs = fake_read_inputs
    pipeline = types.ModuleType("detente.pipeline")
    pipeline.Pipeline = type(fake_pipeline)
    monkeypatch.setitem(sys.modules, "detente.ingest", reader)
    monkeypatch.setitem(sys.modules, "detente.pipeline", pipeline)
    return types.SimpleNamespace(reader=reader, pipeline=pipeline)


@pytest.fixture
def articles(tmp_path: Path, make_result) -> Path:
    """A folder with two good articles (a, b) whose text the fake pipeline's records fit."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for doc_id in ("a", "b"):
        (folder / f"{doc_id}.txt").write_text(make_result(doc_id).document.text, encoding="utf-8")
    return folder


@pytest.fixture
def runner() -> CliRunner:
    """A CliRunner (stdout and stderr apart) that does not pick up DETENTE_DB from the environment."""
    return CliRunner(env={"DETENTE_DB": None, "COLUMNS": "200"})
