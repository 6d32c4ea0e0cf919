"""The analysis commands, run with CliRunner on a store, checked against what the library says."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import networkx as nx
import pyarrow.parquet as pq
import pytest
from store_builder import Ev, Fig, build
from typer.testing import CliRunner

from detente.cli.main import app


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"DETENTE_DB": None, "COLUMNS": "200"})


@pytest.fixture
def db(make_store) -> str:
    store = make_store(
        build(
            "a1",
            [Ev("CONSULT", "RUS", "CHN", "2018-01-10", symmetric=True), Ev("ASSAULT", "RUS", "UKR", "2018-02-03")],
            [Fig("trade", 87e9, "RUS", "CHN")],
            source="Outlet A",
        ),
        build(
            "b1",
            [Ev("CONSULT", "CHN", "RUS", "2018-01-10", symmetric=True), Ev("COOPERATE", "RUS", "VNM", "2019-05-01")],
            [Fig("trade", 95e9, "CHN", "RUS")],
            source="Outlet B",
        ),
    )
    store.close()  # the commands open it read-only
    return store.path


def _json(result) -> list | dict:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_dyad(runner: CliRunner, db: str, tmp_path: Path) -> None:
    table = runner.invoke(app, ["dyad", "RUS", "CHN", "--db", db])
    assert table.exit_code == 0 and "RUS - CHN" in table.stdout and "2018-01" in table.stdout
    rows = _json(runner.invoke(app, ["dyad", "RUS", "CHN", "--db", db, "--format", "json"]))
    assert [(r["period"], r["q1"], r["events"], r["a_to_b"], r["b_to_a"]) for r in rows] == [("2018-01", 2, 2, 2, 2)]
    types = _json(runner.invoke(app, ["dyad", "RUS", "--db", db, "--by", "year", "--types", "-f", "json"]))
    assert {(r["period"], r["event_type"], r["events"]) for r in types} == {
        ("2018", "CONSULT", 2), ("2018", "ASSAULT", 1), ("2019", "COOPERATE", 1),
    }  # fmt: skip
    chart = tmp_path / "dyad.svg"
    result = runner.invoke(app, ["dyad", "RUS", "Asia", "--db", db, "--chart", str(chart), "-f", "csv"])
    assert result.exit_code == 0 and chart.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert result.stdout.splitlines()[0].startswith("period,q1,q2,q3,q4")


def test_partners(runner: CliRunner, db: str, tmp_path: Path) -> None:
    rows = _json(runner.invoke(app, ["partners", "RUS", "--db", db, "--level", "region", "-f", "json"]))
    assert {(r["period"], r["group"], r["events"]) for r in rows} == {
        ("2018", "Asia", 2), ("2018", "Europe", 1), ("2019", "Asia", 1),
    }  # fmt: skip
    blocs = _json(
        runner.invoke(app, ["partners", "RUS", "--db", db, "--level", "bloc", "--bloc", "ASEAN", "-f", "json"])
    )
    assert {(r["period"], r["group"]) for r in blocs} == {("2018", "(no bloc)"), ("2019", "ASEAN")}
    chart = tmp_path / "partners.png"
    assert runner.invoke(app, ["partners", "RUS", "--db", db, "--chart", str(chart)]).exit_code == 0
    assert chart.read_bytes()[:4] == b"\x89PNG"


def test_network(runner: CliRunner, db: str, tmp_path: Path) -> None:
    rows = _json(runner.invoke(app, ["network", "--db", db, "-f", "json"]))
    assert rows[0]["actor"] == "RUS" and rows[0]["partners"] == 3
    graphml, gexf = tmp_path / "g.graphml", tmp_path / "g.gexf"
    result = runner.invoke(app, ["network", "--db", db, "--out", str(graphml), "--since", "2018", "--until", "2018"])
    assert result.exit_code == 0 and "graph:" in result.stderr
    assert set(nx.read_graphml(graphml).edges) == {("RUS", "CHN"), ("CHN", "RUS"), ("RUS", "UKR")}
    assert runner.invoke(app, ["network", "--db", db, "--out", str(gexf)]).exit_code == 0
    assert nx.read_gexf(gexf).graph["mode"] == "dynamic"
    groups = _json(runner.invoke(app, ["network", "--db", db, "--communities", "-f", "json"]))
    assert sum(g["size"] for g in groups) == 4
    ego = _json(runner.invoke(app, ["network", "--db", db, "--ego", "UKR", "-f", "json"]))
    assert {r["actor"] for r in ego} == {"RUS", "UKR"}
    bad = runner.invoke(app, ["network", "--db", db, "--out", str(tmp_path / "g.txt")])
    assert bad.exit_code == 1 and "error: --out must be a .graphml or .gexf file" in bad.stderr


def test_timeline(runner: CliRunner, db: str) -> None:
    rows = _json(runner.invoke(app, ["timeline", "RUS", "--partner", "CHN", "--db", db, "-f", "json"]))
    assert [(r["date"], r["event_type"], r["mentions"], r["outlets"]) for r in rows] == [
        ("2018-01-10", "CONSULT", 2, 2)
    ]
    assert [s["outlet"] for s in rows[0]["sources"]] == ["Outlet A", "Outlet B"]
    table = runner.invoke(app, ["timeline", "RUS", "--db", db, "--type", "ASSAULT"])
    assert table.exit_code == 0 and "ASSAULT" in table.stdout and "CONSULT" not in table.stdout


def test_sources(runner: CliRunner, db: str) -> None:
    outlets = _json(runner.invoke(app, ["sources", "--db", db, "-f", "json"]))
    assert [(r["outlet"], r["events"], r["facts"]) for r in outlets] == [("Outlet A", 2, 1), ("Outlet B", 2, 1)]
    conflicts = _json(runner.invoke(app, ["sources", "--db", db, "--show", "conflicts", "-f", "json"]))
    assert [(r["outlet"], r["value"]) for r in conflicts] == [("Outlet A", 87e9), ("Outlet B", 95e9)]
    agreement = _json(runner.invoke(app, ["sources", "--db", db, "--show", "agreement", "-f", "json"]))
    assert agreement == [{"outlet_a": "Outlet A", "outlet_b": "Outlet B", "groups": 1, "agree": 0, "disagree": 1}]
    shared = _json(runner.invoke(app, ["sources", "--db", db, "--show", "shared", "-f", "json"]))
    assert [r["event_type"] for r in shared] == ["CONSULT"]


def test_export_every_format(runner: CliRunner, db: str, tmp_path: Path) -> None:
    def export(fmt: str, out: Path, *more: str) -> None:
        result = runner.invoke(app, ["export", "--format", fmt, "--out", str(out), "--db", db, *more])
        assert result.exit_code == 0, result.output
        assert result.stderr.startswith(f"{fmt}: {out}")

    export("jsonl", tmp_path / "x.jsonl")
    records = [json.loads(line) for line in (tmp_path / "x.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["doc_id"] for r in records if r["kind"] == "document"] == ["a1", "b1"]
    export("jsonl", tmp_path / "a.jsonl", "--source", "outlet a")
    assert '"doc_id": "b1"' not in (tmp_path / "a.jsonl").read_text(encoding="utf-8")
    export("parquet", tmp_path / "pq")
    assert pq.read_table(tmp_path / "pq" / "events.parquet").num_rows == 4
    export("csv", tmp_path / "csv", "--actor", "UKR")
    assert duckdb.sql(f"SELECT count(*) FROM read_csv('{tmp_path / 'csv' / 'events.csv'}')").fetchall() == [(2,)]
    export("graphml", tmp_path / "g.graphml", "--type", "CONSULT")
    assert set(nx.read_graphml(tmp_path / "g.graphml").edges) == {("RUS", "CHN"), ("CHN", "RUS")}
    export("gexf", tmp_path / "g.gexf")
    export("gdelt", tmp_path / "g.tsv", "--actor", "RUS")
    assert len((tmp_path / "g.tsv").read_text(encoding="utf-8").splitlines()) == 1 + 3


@pytest.mark.parametrize(
    ("fmt", "option"),
    [("graphml", ["--actor", "RUS"]), ("gexf", ["--doc", "a1"]), ("gdelt", ["--doc", "a1"]),
     ("jsonl", ["--status", "all"]), ("csv", ["--type", "CONSULT"])],
)  # fmt: skip
def test_export_refuses_an_option_its_format_cannot_apply(
    runner: CliRunner, db: str, tmp_path: Path, fmt: str, option: list[str]
) -> None:
    out = tmp_path / f"x.{fmt}"
    result = runner.invoke(app, ["export", "--format", fmt, "--out", str(out), "--db", db, *option])
    assert result.exit_code == 2 and f"does not apply to --format {fmt}" in result.output and not out.exists()


def test_usage_errors_stop_before_the_database(runner: CliRunner, tmp_path: Path) -> None:
    db = str(tmp_path / "none.duckdb")
    assert runner.invoke(app, ["dyad", "RUS", "CHN", "--db", db, "--by", "fortnight"]).exit_code == 2
    assert runner.invoke(app, ["partners", "RUS", "--db", db, "--since", "last year"]).exit_code == 2
    for command in (["dyad", "RUS", "CHN"], ["timeline", "RUS"], ["events"], ["export", "-f", "gdelt", "-o", db]):
        status = runner.invoke(app, [*command, "--db", db, "--status", "maybe"])
        assert status.exit_code == 2 and "'maybe' is not a status" in status.output, command
        kind = runner.invoke(app, [*command, "--db", db, "--type", "meetx"])
        assert kind.exit_code == 2 and "'meetx' is not a PLOVER type" in kind.output, command
    for option in ("--measure", "--series"):
        measure = runner.invoke(app, ["facts", "--db", db, option, "trad"])
        assert measure.exit_code == 2 and "'trad' is not a measure" in measure.output
    missing = runner.invoke(app, ["timeline", "RUS", "--db", db])
    assert missing.exit_code == 1 and "error: no database at" in missing.stderr


def test_a_chart_is_png_or_svg(runner: CliRunner, db: str, tmp_path: Path) -> None:
    chart = runner.invoke(app, ["dyad", "RUS", "CHN", "--db", db, "--chart", str(tmp_path / "x.pdf")])
    assert chart.exit_code == 1 and "error: charts are .png or .svg files" in chart.stderr


def test_an_empty_csv_still_has_its_header(runner: CliRunner, db: str) -> None:
    result = runner.invoke(app, ["dyad", "RUS", "CHN", "--db", db, "--since", "1990", "--until", "1990", "-f", "csv"])
    assert result.exit_code == 0 and result.stdout.splitlines()[0].startswith("period,")


def test_a_name_nobody_knows_is_a_usage_error_not_an_empty_answer(runner: CliRunner, db: str) -> None:
    commands = (
        ["dyad", "XXQ", "CHN"], ["dyad", "RUS", "XXQ"], ["partners", "XXQ"], ["timeline", "RUS", "--partner", "XXQ"]
    )
    for command in commands:
        result = runner.invoke(app, [*command, "--db", db])
        assert result.exit_code == 2 and "'XXQ' is no actor code" in result.output, command
    quiet = runner.invoke(app, ["dyad", "FRA", "asean", "--db", db, "-f", "json"])  # known, without events
    assert quiet.exit_code == 0 and json.loads(quiet.stdout) == []
