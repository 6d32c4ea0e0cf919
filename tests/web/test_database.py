"""How the server uses DuckDB: read-only cursors, one writer, pages and totals that agree with Store."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import duckdb
import pytest

from detente.web.database import CursorStore, Database, Memo, _Lru, _records

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


@pytest.fixture
def writable(store_file: Path, tmp_path: Path) -> Database:
    """A server database over a copy of the test store that this test alone writes."""
    db = Database(shutil.copy(store_file, tmp_path / "rw.duckdb"))
    yield db
    db.close()


@pytest.fixture
def plain(database: Database) -> CursorStore:
    """A reader without the memo: every page from its own LIMIT/OFFSET query, as ``Store`` reads it."""
    store = CursorStore(database._new_cursor(), database.path, read_only=True)
    yield store
    store._con.close()


@pytest.mark.parametrize("filters", EVENT_FILTERS, ids=str)
def test_paged_events_are_the_store_events(database: Database, plain: CursorStore, filters: dict) -> None:
    for _ in range(2):  # the second time from the memo's keys
        with database.reader() as store:
            assert store.events(**filters) == plain.events(**filters)


@pytest.mark.parametrize("filters", FACT_FILTERS, ids=str)
def test_paged_facts_are_the_store_facts(database: Database, plain: CursorStore, filters: dict) -> None:
    for _ in range(2):
        with database.reader() as store:
            assert store.facts(**filters) == plain.facts(**filters)


@pytest.mark.parametrize("method", ["events", "facts"])
def test_pages_one_by_one_are_the_whole_list(database: Database, plain: CursorStore, method: str) -> None:
    whole = getattr(plain, method)()
    with database.reader() as store:
        pages = [row for offset in range(len(whole) + 1) for row in getattr(store, method)(limit=1, offset=offset)]
        assert pages == whole and store.count(getattr(store, method)) == len(whole)


def test_a_first_page_files_its_total_without_a_count_query(
    writable: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with writable.reader() as store:
        whole = len(store.events(actor="RUS"))
    queries: list[str] = []
    monkeypatch.setattr(CursorStore, "_value", lambda _self, sql, _params=(): queries.append(sql))
    with writable.reader() as store:
        assert len(store.events(actor="RUS", limit=1)) == 1
        assert store.count(store.events, actor="RUS") == whole and queries == []


def test_pages_are_right_when_the_memo_cannot_hold_their_list(store_file: Path, tmp_path: Path) -> None:
    database = Database(shutil.copy(store_file, tmp_path / "small.duckdb"), writable=False)
    database.memo = Memo(max_keys=1, max_document_records=0)
    try:
        with database.reader() as store:
            whole = store.events()
            assert [store.events(limit=1, offset=i)[0] for i in range(len(whole))] == whole
            assert store.count(store.events) == len(whole) and store.document("d1").document.doc_id == "d1"
        # Longer than a list may be: paged in SQL; the memo keeps only that it is too long.
        assert [value for value, _size in database.memo.keys._entries.values()] == [False]
    finally:
        database.close()


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


def _unannounced_writer(database: Database) -> CursorStore:
    """A writable store that does not tell the database when it writes (``Database.writer`` does)."""
    return CursorStore(database._new_cursor(), database.path, read_only=False)


def test_totals_are_remembered_until_the_writer_says_the_data_changed(writable: Database, make_result) -> None:
    with writable.reader() as store:
        assert store.count(store.events) == 4
    writer = _unannounced_writer(writable)
    writer.write([make_result("d9")])
    writer.close()
    with writable.reader() as store:
        assert store.count(store.events) == 4 and len(store.events()) == 5  # the total is remembered
    writable.changed()
    with writable.reader() as store:
        assert store.count(store.events) == 5


def test_pages_and_documents_are_remembered_until_the_writer_says_the_data_changed(
    writable: Database, make_result
) -> None:
    with writable.reader() as store:
        before = store.events(limit=50)
        assert store.document("d9") is None
    writer = _unannounced_writer(writable)
    writer.write([make_result("d9", published="2030-01-01")])
    writer.close()
    with writable.reader() as store:
        assert store.events(limit=50) == before and store.document("d9") is None  # remembered
    writable.changed()
    with writable.reader() as store:
        assert len(store.events(limit=50)) == len(before) + 1 and store.document("d9").document.doc_id == "d9"


def test_the_writer_says_the_data_changed_after_each_write_that_stores_documents(
    writable: Database, make_result
) -> None:
    with writable.reader() as store:
        assert store.count(store.events) == 4
    writer = writable.writer()
    try:
        version = writable.version
        writer.write([make_result("d9")])
        assert writable.version == version + 1
        with writable.reader() as store:
            assert store.count(store.events) == 5
        writer.write([make_result("d9")])  # the same text again: nothing written, nothing changed
        assert writable.version == version + 1
    finally:
        writer.close()


def test_a_reader_started_before_a_change_files_nothing_for_after_it(writable: Database) -> None:
    with writable.reader() as old:
        writable.changed()
        old.events(limit=1)
        old.count(old.events)
        old.document("d1")
    assert all(not lru._entries for lru in (writable.memo.keys, writable.memo.totals, writable.memo.documents))


def test_the_lru_forgets_the_least_recently_used_beyond_its_capacity() -> None:
    lru = _Lru(capacity=5)
    lru.put("a", 1, size=2)
    lru.put("b", 2, size=2)
    assert lru.get("a") == 1  # "b" is now the least recently used
    lru.put("c", 3, size=2)
    assert (lru.get("a"), lru.get("b"), lru.get("c")) == (1, None, 3)
    lru.put("big", 4, size=6)  # more than the whole capacity: not kept, nothing dropped for it
    assert lru.get("big") is None and lru.get("a") == 1
    lru.put("a", 5, size=1)  # replacing an entry counts its new size only
    lru.put("d", 6, size=2)
    assert (lru.get("a"), lru.get("c"), lru.get("d")) == (5, 3, 6)


def test_a_remembered_document_counts_its_text_as_well_as_its_records(make_result) -> None:
    result = make_result("d9")
    long = dataclasses.replace(result, document=dataclasses.replace(result.document, text="x" * 1_200_000))
    assert _records(long) == _records(result) - len(result.document.text) // 1200 + 1000
