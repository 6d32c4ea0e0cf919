"""`detente facts --series` and `--conflicts` on a store whose answers are known."""

import json
from dataclasses import replace

from typer.testing import CliRunner

from detente.cli.main import app
from detente.store import Store


def _store(tmp_path, make_result):
    first = make_result("doc1", source="CGTN")
    second = make_result("doc2", source="TASS")
    # the second outlet gives another figure for the same trade, dyad and year
    second.facts = [replace(second.facts[0], value=90e9, amount=90e9, usd_value=90e9, fact_id="doc2-f1")]
    third = make_result("doc3", source="Xinhua")  # agrees with the first
    db = tmp_path / "t.duckdb"
    with Store(db) as store:
        store.write([first, second, third])
    return db


def test_series_lists_each_sources_figure_by_period(tmp_path, make_result):
    db = _store(tmp_path, make_result)
    result = CliRunner().invoke(app, ["facts", "--db", str(db), "--series", "trade", "--dyad", "RUS", "CHN",
                                      "--format", "json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert sorted((r["period"], r["value"], r["source"]) for r in rows) == [
        ("2017", 87e9, "CGTN"), ("2017", 87e9, "Xinhua"), ("2017", 90e9, "TASS"),
    ]  # fmt: skip


def test_conflicts_lists_the_disagreeing_variants_with_their_outlets(tmp_path, make_result):
    db = _store(tmp_path, make_result)
    result = CliRunner().invoke(app, ["facts", "--db", str(db), "--conflicts", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {(r["value"], tuple(r["outlets"])) for r in rows} == {(87e9, ("CGTN", "Xinhua")), (90e9, ("TASS",))}


def test_series_needs_a_dyad(tmp_path, make_result):
    db = _store(tmp_path, make_result)
    result = CliRunner().invoke(app, ["facts", "--db", str(db), "--series", "trade"])
    assert result.exit_code != 0
    assert "--dyad" in result.output
