"""The commands, run with CliRunner on a temporary database, results checked through the library."""

from __future__ import annotations

import csv
import io
import json
import sys
import types
from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli.main import app
from detente.nlp.model import ModelNotFound
from detente.store import Store


@pytest.fixture
def db(tmp_path: Path, runner: CliRunner, fakes, articles: Path) -> Path:
    """A database with articles a and b ingested."""
    path = tmp_path / "cli.duckdb"
    result = runner.invoke(app, ["ingest", str(articles), "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_ingest_with_a_bad_file_exits_2_and_says_why(tmp_path: Path, runner: CliRunner, fakes, articles: Path) -> None:
    (articles / "bad.txt").write_bytes(b"\xff\xfe\x00 not text")
    (articles / "broken.txt").write_text("BOOM", encoding="utf-8")
    path = tmp_path / "x.duckdb"
    result = runner.invoke(app, ["ingest", str(articles), "--db", str(path), "--batch-size", "1"])
    assert result.exit_code == 2
    assert f"skipped {articles / 'bad.txt'}: not UTF-8 text" in result.stderr
    assert f"failed {articles / 'broken.txt'}: pipeline: ValueError: boom" in result.stderr
    assert "documents: 3 read, 2 new, 0 already stored, 1 inputs skipped, 1 failed" in result.stdout
    assert "found: 14 actor mentions of 3 actors, 2 events, 2 facts" in result.stdout
    with Store(path, read_only=True) as store:
        assert sorted(d["doc_id"] for d in store.documents()) == ["a", "b"]
        assert {s["stage"] for s in store.skipped()} == {"read", "pipeline"}


def test_a_rerun_skips_what_is_stored(db: Path, runner: CliRunner, articles: Path, make_result) -> None:
    (articles / "c.txt").write_text(make_result("c").document.text, encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(articles), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "3 read, 1 new, 2 already stored" in result.stdout
    with Store(db, read_only=True) as store:
        assert store.summary()["documents"] == 3
        assert [r["documents_new"] for r in store.runs()] == [1, 2]


def test_a_new_text_under_a_stored_doc_id_is_counted_as_replacing_it(
    db: Path, runner: CliRunner, articles: Path
) -> None:
    article = articles / "a.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\nA later paragraph.", encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(articles), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "2 read, 1 new (1 replacing the text stored under their doc_id), 1 already stored" in result.stdout
    with Store(db, read_only=True) as store:
        assert store.summary()["documents"] == 2


def test_quiet_prints_no_summary(tmp_path: Path, runner: CliRunner, fakes, articles: Path) -> None:
    result = runner.invoke(app, ["-q", "ingest", str(articles), "--db", str(tmp_path / "q.duckdb")])
    assert result.exit_code == 0 and result.output == ""


def test_events_as_json_are_the_library_records(db: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["events", "--db", str(db), "--dyad", "SGP", "RUS", "--format", "json"])
    assert result.exit_code == 0, result.output
    with Store(db, read_only=True) as store:
        assert json.loads(result.stdout) == store.events(dyad=("SGP", "RUS"))
    none = runner.invoke(app, ["events", "--db", str(db), "--type", "ASSAULT", "-f", "json"])
    assert json.loads(none.stdout) == []


def test_event_filters_reach_the_store(db: Path, runner: CliRunner) -> None:
    def ids(*args: str) -> list[str]:
        result = runner.invoke(app, ["events", "--db", str(db), "--format", "json", *args])
        assert result.exit_code == 0, result.output
        return [e["event_id"] for e in json.loads(result.stdout)]

    assert ids() == ["a-e1", "b-e1"]
    assert ids("--doc", "b") == ["b-e1"]
    assert ids("--actor", "sgp", "--type", "consult", "--quad-class", "1", "--status", "occurred") == [
        "a-e1",
        "b-e1",
    ]
    assert ids("--since", "2018-12") == []
    assert ids("--until", "2018", "--source", "cgtn", "--limit", "1") == ["a-e1"]
    assert ids("--limit", "1", "--offset", "1") == ["b-e1"]


def test_tables_and_csv(db: Path, runner: CliRunner) -> None:
    table = runner.invoke(app, ["events", "--db", str(db)])
    assert table.exit_code == 0 and "CONSULT" in table.stdout and "events (2)" in table.stdout
    facts = runner.invoke(app, ["facts", "--db", str(db), "--measure", "trade", "--dyad", "CHN", "RUS", "-f", "csv"])
    rows = list(csv.DictReader(io.StringIO(facts.stdout)))
    assert [(r["fact_id"], r["period"], r["subject"], r["partner"], r["span"]) for r in rows] == [
        ("a-f1", "2017", "RUS", "CHN", "135:146"), ("b-f1", "2017", "RUS", "CHN", "135:146"),
    ]  # fmt: skip
    actors = runner.invoke(app, ["actors", "--db", str(db), "--format", "csv"])
    assert [r["code"] for r in csv.DictReader(io.StringIO(actors.stdout))] == ["RUS", "SGP", "CHN"]
    unresolved = runner.invoke(app, ["actors", "--db", str(db), "--unresolved"])
    assert "Foo Institute" in unresolved.stdout


def test_show_marks_the_article_and_lists_its_records(db: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "a", "--db", str(db)])
    assert result.exit_code == 0, result.output
    for expected in (
        "a | CGTN",
        "Foo Institute",
        "CONSULT (04, Q1)",
        "RUS → SGP",
        "$87 billion",
    ):
        assert expected in result.stdout
    missing = runner.invoke(app, ["show", "zzz", "--db", str(db)])
    assert missing.exit_code == 1 and missing.stderr.startswith("error: no document 'zzz'")


def test_summary_table_and_json(db: Path, runner: CliRunner) -> None:
    table = runner.invoke(app, ["summary", "--db", str(db)])
    assert table.exit_code == 0 and "RUS - SGP" in table.stdout and "top actors" in table.stdout
    data = runner.invoke(app, ["summary", "--format", "json"], env={"DETENTE_DB": str(db)})
    with Store(db, read_only=True) as store:
        assert json.loads(data.stdout) == store.summary()


def test_extract_writes_the_export_without_a_database(
    tmp_path: Path, runner: CliRunner, fakes, articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(articles), "--out", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["kind"] for r in records].count("event") == 2
    assert "wrote 14 records" in result.stderr and result.stdout == ""
    assert not list(tmp_path.glob("*.duckdb")) and not list(tmp_path.glob("*.partial"))
    piped = runner.invoke(app, ["extract", str(articles / "a.txt"), "--out", "-"])
    assert [json.loads(line)["kind"] for line in piped.stdout.splitlines()][:2] == ["document", "actor"]


@pytest.mark.parametrize("command", ["ingest", "extract"])
def test_missing_input_is_one_error_line(tmp_path: Path, runner: CliRunner, fakes, command: str) -> None:
    missing = tmp_path / "nope"
    result = runner.invoke(
        app, [command, str(missing), "--db" if command == "ingest" else "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 1
    assert result.stderr == f"error: no such file or directory: {missing}\n"


@pytest.mark.parametrize("command", [["events"], ["facts"], ["actors"], ["summary"], ["show", "a"]])
def test_missing_or_unreadable_database_is_one_error_line(tmp_path: Path, runner: CliRunner, command) -> None:
    result = runner.invoke(app, [*command, "--db", str(tmp_path / "missing.duckdb")])
    assert result.exit_code == 1 and result.stderr.startswith("error: no database at")
    garbage = tmp_path / "garbage.duckdb"
    garbage.write_bytes(b"garbage" * 1000)
    result = runner.invoke(app, [*command, "--db", str(garbage)])
    assert result.exit_code == 1
    assert result.stderr.startswith("error: cannot open database") and result.stderr.count("\n") == 1


def test_no_spacy_model_is_one_error_line(
    tmp_path: Path, runner: CliRunner, fakes, articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_model(*args: object, **kwargs: object) -> None:
        raise ModelNotFound("no spaCy English model is installed; install one with: pip install ...")

    monkeypatch.setattr(fakes.pipeline, "Pipeline", no_model)
    for args in (
        ["ingest", str(articles), "--db", str(tmp_path / "m.duckdb")],
        ["extract", str(articles), "-o", "-"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 1
        assert result.stderr == "error: no spaCy English model is installed; install one with: pip install ...\n"


def test_bad_option_values_are_usage_errors(tmp_path: Path, runner: CliRunner, fakes, articles: Path) -> None:
    assert runner.invoke(app, ["events", "--since", "last week"]).exit_code == 2
    assert runner.invoke(app, ["events", "--quad-class", "5"]).exit_code == 2
    result = runner.invoke(app, ["ingest", str(articles), "--csv-column", "text", "--db", str(tmp_path / "c.duckdb")])
    assert result.exit_code == 2 and "FIELD=COLUMN" in result.output


def test_csv_columns_and_options_reach_the_reader(
    tmp_path: Path, runner: CliRunner, fakes, articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = {}

    def reader(paths, *, csv_columns=None, fetch_urls=True):
        seen.update(paths=list(paths), csv_columns=csv_columns, fetch_urls=fetch_urls)
        return iter(())

    monkeypatch.setattr(fakes.reader, "read_inputs", reader)
    args = [
        "ingest",
        str(articles),
        "--csv-column",
        "text=body",
        "--csv-column",
        "published=date",
        "--no-fetch",
    ]
    result = runner.invoke(app, [*args, "--db", str(tmp_path / "c.duckdb")])
    assert result.exit_code == 0, result.output
    assert seen == {
        "paths": [str(articles)],
        "csv_columns": {"text": "body", "published": "date"},
        "fetch_urls": False,
    }


def test_registry_commands_call_the_actor_library(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    petrarch = types.ModuleType("detente.actors.petrarch")
    petrarch.import_petrarch_actors = lambda path: {"states": [1, 2], "people": [3], "problems": ["line 9: ?"]}
    petrarch.write_yaml = lambda result, folder: [Path(folder).mkdir(), Path(folder) / "states.yaml"][1:]
    monkeypatch.setitem(sys.modules, "detente.actors.petrarch", petrarch)
    good, bad = tmp_path / "states.yaml", tmp_path / "people.yaml"
    good.write_text("- {code: XXA, name: Atlantis}\n")
    bad.write_text(
        "- {id: nobody, name: Nobody, roles: [{code: XXA, role: head_of_state, start: 2010-01-01, end: 2009-01-01}]}\n"
    )
    assert runner.invoke(app, ["registry", "validate", str(good)]).exit_code == 0
    assert runner.invoke(app, ["registry", "validate"]).exit_code == 0  # the shipped registry
    result = runner.invoke(app, ["registry", "validate", str(good), str(bad)])
    assert result.exit_code == 1 and "ends before it starts" in result.stdout
    result = runner.invoke(app, ["registry", "import-petrarch", str(good), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0 and "states.yaml (2 states, 1 people)" in result.stdout
    assert result.stderr == "problem: line 9: ?\n" and (tmp_path / "out").is_dir()


def test_an_interrupted_ingest_says_what_is_kept_and_how_to_resume(
    tmp_path: Path, runner: CliRunner, fakes, articles: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    process_one = fakes.pipeline.Pipeline.process_one

    def interrupted(self, document):
        if document.doc_id == "b":
            raise KeyboardInterrupt
        return process_one(self, document)

    monkeypatch.setattr(fakes.pipeline.Pipeline, "process_one", interrupted)
    path = tmp_path / "i.duckdb"
    result = runner.invoke(app, ["ingest", str(articles), "--db", str(path), "--batch-size", "1", "--workers", "1"])
    assert result.exit_code == 130
    resume = f"interrupted: the batches written before it are in {path}; the same command resumes"
    assert result.stderr.strip() == resume
    with Store(path, read_only=True) as store:
        assert [d["doc_id"] for d in store.documents()] == ["a"]


def test_extract_refuses_an_output_folder_that_does_not_exist(
    tmp_path: Path, runner: CliRunner, fakes, articles: Path
) -> None:
    result = runner.invoke(app, ["extract", str(articles), "--out", str(tmp_path / "nowhere" / "x.jsonl")])
    assert result.exit_code == 2 and "no folder" in result.stderr and "nowhere" in result.stderr
