"""How the server uses DuckDB: read-only cursors, one writer, pages and totals that agree with Store."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from detente.store import Store
from detente.web.database import Database

EVENT_FILTERS = [
    {}, {"actor": "rus"}, {"actor": "CHN"}, {"dyad": ("RUS", "SGP")}, {"dyad": ("SGP", "RUS")}, {"type": "agree"},
    {"quad_class": 1}, {"status": "future"}, {"since": "2018-11-15"}, {"until": "2018-11"}, {"source": "reut"},
    {"doc_id": "d2"}, {"limit": 1}, {"limit": 2, "offset": 1}, {"offset": 3},
]  # fmt: skip
FACT_FILTERS = [
    {}, {"measure": "trade"}, {"actor": "chn"}, {"dyad": ("CHN", "RUS")}, {"since": "2018"}, {"until": "2017-06"},
    {"source": "TASS"}, {"doc_id": "d1"}, {"limit": 2, "offset": 1},
]  # fmt: skip


@pytest.fixture(scope="module")
def database(store_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Database:
    db = Database(shutil.copy(store_file, tmp_path_factory.mktemp("db") / "web.duckdb"))
    yield db
    db.close()


@pytest.mark.parametrize("filters", EVENT_FILTERS, ids=str)
def test_paged_events_are_the_store_events(database: Database, filters: dict) -> None:
    with database.reader() as store:
        assert store.events(**filters) == Store.events(store, **filters)


@pytest.mark.parametrize("filters", FACT_FILTERS, ids=str)
def test_paged_facts_are_the_store_facts(database: Database, filters: dict) -> None:
    with database.reader() as store:
        assert store.facts(**filters) == Store.facts(store, **filters)


@pytest.mark.parametrize("method", ["events", "facts", "documents", "actors", "mentions"])
def test_count_is_the_number_of_rows_on_all_pages(database: Database, method: str) -> None:
    with database.reader() as store:
        query = getattr(store, method)
        assert store.count(query) == len(query()) and store.count(query, source="TASS") == len(query(source="TASS"))


@pytest.mark.parametrize("queries", [0, 2])
def test_count_needs_a_method_of_exactly_one_query(database: Database, queries: int) -> None:
    with database.reader() as store, pytest.raises(RuntimeError, match="count needs exactly one"):
        store.count(lambda **_: [store.rows("SELECT 1") for _ in range(queries)])


def test_readers_cannot_write(database: Database) -> None:
    with database.reader() as store:
        with pytest.raises(duckdb.Error, match="read-only"):
            store.rows("DELETE FROM documents")
        with pytest.raises(Exception, match="read-only"):
            store.write([])
        assert store.summary()["documents"] == 4


def test_readers_see_only_committed_writes(database: Database, make_result) -> None:
    writer = database.writer()
    try:
        with writer._cursor() as cur:  # a transaction left open, as a long ingest batch is
            cur.begin()
            cur.execute("DELETE FROM documents WHERE doc_id = 'd3'")
            with database.reader() as store:
                assert store.summary()["documents"] == 4
            cur.rollback()
    finally:
        writer.close()


def test_a_read_only_server_has_no_writer(store_file: Path, tmp_path: Path) -> None:
    database = Database(shutil.copy(store_file, tmp_path / "ro.duckdb"), writable=False)
    try:
        with pytest.raises(PermissionError):
            database.writer()
        with database.reader() as store:
            assert store.summary()["documents"] == 4
    finally:
        database.close()


def test_totals_are_remembered_until_the_writer_says_the_data_changed(
    store_file: Path, tmp_path: Path, make_result
) -> None:
    database = Database(shutil.copy(store_file, tmp_path / "rw.duckdb"))
    try:
        with database.reader() as store:
            assert store.count(store.events) == 4
        writer = database.writer()
        writer.write([make_result("d9")])
        writer.close()
        with database.reader() as store:
            assert store.count(store.events) == 4 and len(store.events()) == 5  # the total is remembered
        database.changed()
        with database.reader() as store:
            assert store.count(store.events) == 5
    finally:
        database.close()
