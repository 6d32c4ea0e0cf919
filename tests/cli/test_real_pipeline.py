"""The commands end to end with the real reader, pipeline and spaCy model, on the sample articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli.main import app
from detente.store import Store

pytestmark = pytest.mark.slow

ARTICLES = Path(__file__).parents[2] / "examples" / "articles"


def test_ingest_then_extract_the_sample_articles(tmp_path: Path, runner: CliRunner) -> None:
    db = tmp_path / "demo.duckdb"
    result = runner.invoke(app, ["ingest", str(ARTICLES), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "5 read, 5 new" in result.stdout
    with Store(db, read_only=True) as store:
        summary = store.summary()
        assert summary["documents"] == 5 and summary["events"] > 0 and summary["facts"] > 0
        assert "RUS" in {a["code"] for a in summary["top_actors"]}
        stored = list(store.read_results())
    again = runner.invoke(app, ["ingest", str(ARTICLES), "--db", str(db)])
    assert again.exit_code == 0 and "0 new, 5 already stored" in again.stdout

    out = tmp_path / "seeds.jsonl"
    result = runner.invoke(app, ["extract", str(ARTICLES), "--out", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["doc_id"] for r in records} == {p.stem for p in ARTICLES.glob("*.txt")}
    assert sum(r["kind"] == "event" for r in records) == sum(len(r.events) for r in stored)
