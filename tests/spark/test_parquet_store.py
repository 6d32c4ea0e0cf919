"""The Parquet store without Spark: month partitions, rows in column order, and Store(DIR) reading
the files of finished runs as the DuckDB store's tables."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from detente.store import Store, StoreError
from detente.store import columns as C
from detente.store.parquet import RUNS_DIR, month_of, table_rows


def _write_run(folder: Path, run_id: int, results: list, manifest: bool = True) -> None:
    """The layout a Spark run writes, made with DuckDB: one file per table and month."""
    with Store(":memory:") as source:
        source.write(results)
        for table in C.DOCUMENT_TABLES:
            target = folder / table / f"run={run_id}"
            target.parent.mkdir(parents=True, exist_ok=True)
            names = C.quoted(C.TABLES[table], "t.")
            source._con.execute(
                f"COPY (SELECT {names}, strftime(d.published_start, '%Y-%m') AS month FROM {table} t"
                f" JOIN documents d ON d.doc_id = t.doc_id)"
                f" TO '{target}' (FORMAT parquet, PARTITION_BY (month), OVERWRITE_OR_IGNORE)"
            )
    if manifest:
        (folder / RUNS_DIR).mkdir(exist_ok=True)
        (folder / RUNS_DIR / f"{run_id}.json").write_text(
            json.dumps({"run_id": run_id, "schema_version": C.SCHEMA_VERSION, "started_at": "2024-01-01T00:00:00",
                        "finished_at": "2024-01-01T00:01:00", "inputs": ["news.jsonl"], "documents_new": len(results)}),
            encoding="utf-8",
        )  # fmt: skip


def test_month_of_a_publication_date() -> None:
    assert [month_of(d) for d in ("2018-11-15", "2018-11", "2018", None)] == ["2018-11", "2018-11", "2018-01", None]
    with pytest.raises(ValueError):
        month_of("soon")


def test_table_rows_are_the_store_rows_in_column_order(make_result) -> None:
    result = make_result("a", published="2018-11-15")
    rows = list(table_rows(result, dt.datetime(2024, 1, 1)))
    assert {table for table, _, _ in rows} == set(C.DOCUMENT_TABLES)
    assert all(month == "2018-11" and len(values) == len(C.TABLES[table]) for table, month, values in rows)
    document = next(values for table, _, values in rows if table == "documents")
    assert document[C.DOCUMENTS.index("doc_id")] == "a"


def test_a_parquet_folder_reads_as_the_store_it_came_from(tmp_path: Path, make_result) -> None:
    results = [make_result("a"), make_result("b", published=None), make_result("c", published="2017")]
    _write_run(tmp_path, 1, results[:2])
    _write_run(tmp_path, 2, results[2:])
    _write_run(tmp_path, 3, [make_result("unfinished")], manifest=False)  # a run that died: not counted
    with Store(tmp_path) as store:
        assert store.read_only
        assert list(store.read_results()) == results
        assert [r["run_id"] for r in store.runs()] == [2, 1]
        assert store.summary()["documents"] == 3
        assert store.events(dyad=("RUS", "SGP"))[0]["event_id"] == "a-e1"
        with pytest.raises(StoreError, match="read-only"):
            store.start_run(["more.jsonl"])


def test_an_empty_folder_is_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="schema version none"):
        Store(tmp_path)
