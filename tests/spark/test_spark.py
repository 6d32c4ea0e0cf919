"""The Spark engine writes the records a local ingest stores: on the sample articles, on 500 BBC
articles, from Parquet and WARC inputs, run after run; and the query commands read its Parquet
store as they read a database."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from detente.cli.main import app
from detente.ingest import document_from_html, read_inputs, url_doc_id
from detente.store import Store
from detente.store import columns as C
from detente.store.load import IngestReport, ingest_documents

pytestmark = [pytest.mark.spark, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
ARTICLES = REPO / "examples" / "articles"
BBC = REPO.parent / "shared" / "corpus" / "bulk" / "bbc.jsonl"
SUMMIT = REPO / "tests" / "fixtures" / "ingest" / "summit.html"


@pytest.fixture(scope="module")
def pipeline():
    from detente.pipeline import Pipeline

    return Pipeline()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner(env={"DETENTE_DB": None, "COLUMNS": "200"})


def _local(pipeline, paths: Sequence[Path | str], db: Path, workers: int = 1) -> IngestReport:
    with Store(db) as store:
        return ingest_documents(store, read_inputs(paths), pipeline, workers=workers)


def _spark(spark, paths: Sequence[Path | str], out: Path):
    from detente.spark.job import ingest

    return ingest(spark, [str(p) for p in paths], str(out))


def _tables(path: Path, leave_out: Sequence[str] = ()) -> dict[str, list[tuple]]:
    """Every row of every document table (the DuckDB file or the Parquet store), sorted, without
    the ingest time and the columns in ``leave_out``."""
    with Store(path, read_only=True) as store:
        out = {}
        for table in C.DOCUMENT_TABLES:
            names = tuple(c for c in C.TABLES[table] if c not in ("ingested_at", *leave_out))
            rows = store._con.execute(f"SELECT {C.quoted(names)} FROM {table}").fetchall()
            out[table] = sorted(rows, key=repr)
        return out


def _skipped(path: Path) -> list[tuple[str, str, str]]:
    with Store(path, read_only=True) as store:
        return sorted((r["input"], r["stage"], r["reason"]) for r in store.skipped())


def _records(paths: Sequence[Path]) -> list[dict[str, str]]:
    return [{"id": p.stem, "title": p.stem, "text": p.read_text("utf-8")} for p in paths]


def test_the_sample_articles_give_the_records_of_a_local_ingest(spark, pipeline, tmp_path: Path, runner) -> None:
    local = tmp_path / "local.duckdb"
    _local(pipeline, [ARTICLES], local)
    out = tmp_path / "store"
    result = runner.invoke(app, ["ingest", "--engine", "spark", str(ARTICLES), "--out", str(out), "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert "5 read, 5 new" in result.stdout
    assert _tables(out) == _tables(local) and _tables(local)["events"]
    assert _skipped(out) == _skipped(local)
    for command in (["events", "--limit", "0"], ["facts", "--limit", "0"], ["actors"], ["summary"]):
        from_parquet = runner.invoke(app, [*command, "--format", "json", "--db", str(out)])
        assert from_parquet.exit_code == 0, from_parquet.output
        assert from_parquet.stdout == runner.invoke(app, [*command, "--format", "json", "--db", str(local)]).stdout


def test_500_bbc_articles_give_the_records_of_a_local_ingest(spark, pipeline, tmp_path: Path) -> None:
    if not BBC.is_file():
        pytest.skip(f"no bulk corpus at {BBC}")
    sample = tmp_path / "bbc500.jsonl"
    with BBC.open(encoding="utf-8") as lines, sample.open("w", encoding="utf-8") as out:
        out.writelines(line for _, line in zip(range(500), lines, strict=False))
    local = tmp_path / "local.duckdb"
    expected = _local(pipeline, [sample], local, workers=2)
    report = _spark(spark, [sample], tmp_path / "store")
    assert (report.read, report.new, report.known, report.failed) == (
        expected.read, expected.new, expected.known, len(expected.failed)
    )  # fmt: skip
    assert _tables(tmp_path / "store") == _tables(local)
    assert _skipped(tmp_path / "store") == _skipped(local)


def test_a_second_run_adds_only_what_is_new(spark, tmp_path: Path) -> None:
    texts = sorted(ARTICLES.glob("*.txt"))
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    first.write_text("".join(json.dumps(r) + "\n" for r in _records(texts[:2])), encoding="utf-8")
    second.write_text("".join(json.dumps(r) + "\n" for r in _records(texts[:3])), encoding="utf-8")
    out = tmp_path / "store"
    assert _spark(spark, [first], out).new == 2
    leftover = out / "events" / "run=7"  # the files of a run that died before its manifest
    leftover.mkdir(parents=True)
    (leftover / "part-0.parquet").write_bytes(b"not a finished run")
    report = _spark(spark, [second], out)
    assert (report.run_id, report.read, report.new, report.known) == (2, 3, 1, 2)
    assert not leftover.exists()
    with Store(out) as store:
        assert store.read_only and store.summary()["documents"] == 3
        assert [r["run_id"] for r in store.runs()] == [2, 1]


def test_parquet_rows_are_records_like_json_lines(spark, pipeline, tmp_path: Path) -> None:
    records = _records(sorted(ARTICLES.glob("*.txt"))[:2])
    jsonl, parquet = tmp_path / "news.jsonl", tmp_path / "news.parquet"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    pq.write_table(pa.Table.from_pylist(records), parquet)
    local = tmp_path / "local.duckdb"
    _local(pipeline, [jsonl], local)
    out = tmp_path / "store"
    assert _spark(spark, [parquet], out).new == 2
    assert _tables(out, leave_out=["path"]) == _tables(local, leave_out=["path"])
    with Store(out) as store:
        assert sorted(d["path"] for d in store.documents()) == [f"{parquet}:1", f"{parquet}:2"]


def test_html_responses_of_a_warc_file_are_read_as_pages(spark, tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    url = "https://news.example.com/2018/11/summit.html"
    html = SUMMIT.read_bytes()
    warc = tmp_path / "crawl.warc.gz"
    with warc.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for target, status, kind, body in (
            (url, "200 OK", "text/html; charset=utf-8", html),
            ("https://news.example.com/logo.png", "200 OK", "image/png", b"\x89PNG"),
            ("https://news.example.com/gone", "404 Not Found", "text/html", b"<html></html>"),
        ):
            headers = StatusAndHeaders(status, [("Content-Type", kind)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(target, "response", payload=io.BytesIO(body), http_headers=headers)
            )
    out = tmp_path / "store"
    report = _spark(spark, [warc], out)
    assert (report.read, report.new, report.skipped) == (1, 1, 2)
    expected = document_from_html(html, doc_id=url_doc_id(url), path=url, url=url)
    with Store(out) as store:
        stored = store.document(url_doc_id(url))
    assert stored is not None and stored.document.text == expected.text and stored.document.url == url
    assert [reason for _, _, reason in _skipped(out)] == ["HTTP status 404", "not an HTML page (image/png)"]


def test_files_without_records_are_skipped_as_a_local_ingest_skips_them(spark, pipeline, tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "empty.jsonl").write_bytes(b"")
    (inputs / "blank.jsonl").write_text("\n  \n", encoding="utf-8")
    (inputs / "empty.json").write_bytes(b"")
    local = tmp_path / "local.duckdb"
    _local(pipeline, [inputs], local)
    _spark(spark, [inputs], tmp_path / "store")
    expected = sorted((str(inputs / name), "read") for name in ("blank.jsonl", "empty.json", "empty.jsonl"))
    assert [(i, s) for i, s, _reason in _skipped(local)] == expected
    assert _skipped(tmp_path / "store") == _skipped(local)


def test_files_of_one_name_get_the_ids_a_local_ingest_gives_them(spark, pipeline, tmp_path: Path) -> None:
    inputs = tmp_path / "site"
    for folder, text in (("a", "Russia and China signed a gas deal."), ("b", "India and Japan held talks.")):
        (inputs / folder).mkdir(parents=True)
        (inputs / folder / "index.txt").write_text(text, encoding="utf-8")
        (inputs / folder / "feed.json").write_text(json.dumps([{"text": f"{text} Officials said so."}]))
    local = tmp_path / "local.duckdb"
    _local(pipeline, [inputs], local)
    _spark(spark, [inputs], tmp_path / "store")
    documents = sorted(row[0] for row in _tables(local)["documents"])
    assert documents == ["feed:1", "feed~2:1", "index", "index~2"]
    assert _tables(tmp_path / "store") == _tables(local)
