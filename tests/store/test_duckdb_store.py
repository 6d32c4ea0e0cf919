"""The DuckDB store: round trip, filters, idempotence, transactions, read-only mode."""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from detente.store import Store, StoreError
from detente.store import columns as C


def _fill(path: Path, make_result) -> Store:
    """A store holding d1 (CGTN, 2018-11-15) and d2 (Reuters, 2019), with d2's event reversed and
    recoded as a future AGREE in 2019, and d2's fact as exports in 2019."""
    d1, d2 = make_result("d1"), make_result("d2", source="Reuters", published="2019")
    event = d2.events[0]
    event.source, event.target = event.target, event.source
    event.event_type, event.cameo_root, event.quad_class, event.status = "AGREE", "05", 1, "future"
    event.date = dataclasses.replace(event.date, value="2019", precision="year", start="2019-01-01", end="2019-12-31")
    d2.facts[0].measure = "exports"
    d2.facts[0].period = dataclasses.replace(d2.facts[0].period, value="2019", start="2019-01-01", end="2019-12-31")
    store = Store(path)
    store.write([d1, d2])
    return store


@pytest.fixture
def store(tmp_path: Path, make_result) -> Iterator[Store]:
    """The two-document store, for tests that change it."""
    with _fill(tmp_path / "test.duckdb", make_result) as store:
        yield store


@pytest.fixture(scope="module")
def query_store(tmp_path_factory: pytest.TempPathFactory, make_result) -> Iterator[Store]:
    """The two-document store, shared by the tests that only read it."""
    with _fill(tmp_path_factory.mktemp("store") / "test.duckdb", make_result) as store:
        yield store


def test_round_trip_rebuilds_the_same_records(tmp_path: Path, make_result) -> None:
    results = [make_result("d1"), make_result("d2", published=None, source=None)]
    results[1].document.captions = [(0, 7)]
    with Store(tmp_path / "db.duckdb") as store:
        summary = store.write(results)
        assert summary.written == ["d1", "d2"]
        assert list(store.read_results()) == results
        assert store.document("d2") == results[1]
        assert store.document("nope") is None


def test_writing_the_same_text_again_changes_nothing(store: Store, make_result) -> None:
    before = store.summary()
    summary = store.write([make_result("d1"), make_result("d1")])
    assert summary.unchanged == ["d1", "d1"] and summary.written == []
    assert store.summary() == before
    assert store.has(make_result("d1").document.content_hash)
    assert store.known_hashes() == {make_result(d).document.content_hash for d in ("d1", "d2")}


def test_a_new_text_replaces_the_document_and_all_its_rows(store: Store, make_result) -> None:
    changed = make_result("d1")
    changed.document.text += " Updated."
    changed.document.content_hash = "new-hash"
    changed.facts = []
    summary = store.write([changed])
    assert summary.written == ["d1"] and summary.replaced == ["d1"]
    assert store.document("d1") == changed
    assert store.summary()["facts"] == 1  # only d2's
    assert not store.has(make_result("d1").document.content_hash)


def test_rows_without_content_hash_get_the_text_hash(tmp_path: Path, make_result) -> None:
    result = make_result("d1")
    expected = result.document.content_hash
    result.document.content_hash = ""
    with Store(tmp_path / "db.duckdb") as store:
        store.write([result])
        assert store.has(expected)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["d1-e1", "d2-e1"]),
        ({"actor": "rus"}, ["d1-e1", "d2-e1"]),
        ({"actor": "CHN"}, []),
        ({"dyad": ("RUS", "SGP")}, ["d1-e1", "d2-e1"]),  # d2's runs SGP -> RUS
        ({"dyad": ("SGP", "RUS")}, ["d1-e1", "d2-e1"]),
        ({"dyad": ("RUS", "CHN")}, []),
        ({"type": "agree"}, ["d2-e1"]),
        ({"quad_class": 1}, ["d1-e1", "d2-e1"]),
        ({"quad_class": 4}, []),
        ({"status": "future"}, ["d2-e1"]),
        ({"since": "2018-11-14"}, ["d1-e1", "d2-e1"]),
        ({"since": "2018-11-15"}, ["d2-e1"]),
        ({"until": "2018-11"}, ["d1-e1"]),
        ({"since": "2019-06", "until": "2019-06-30"}, ["d2-e1"]),  # a year-precision date overlaps June
        ({"source": "reut"}, ["d2-e1"]),
        ({"source": "cgtn"}, ["d1-e1"]),
        ({"doc_id": "d2"}, ["d2-e1"]),
        ({"limit": 1}, ["d1-e1"]),
        ({"limit": 1, "offset": 1}, ["d2-e1"]),
    ],
)
def test_event_filters(query_store: Store, filters: dict, expected: list[str]) -> None:
    assert [e["event_id"] for e in query_store.events(**filters)] == expected


def test_events_are_export_records_with_actor_lists(query_store: Store) -> None:
    event = query_store.events(doc_id="d2")[0]
    assert event["kind"] == "event" and event["event_type"] == "AGREE"
    assert [a["code"] for a in event["source"]] == ["SGP"]
    assert [a["code"] for a in event["target"]] == ["RUS"]
    assert event["date"] == "2019" and event["date_start"] == "2019-01-01"


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["d1-f1", "d2-f1"]),
        ({"measure": "trade"}, ["d1-f1"]),
        ({"actor": "chn"}, ["d1-f1", "d2-f1"]),
        ({"actor": "SGP"}, []),
        ({"dyad": ("CHN", "RUS")}, ["d1-f1", "d2-f1"]),
        ({"since": "2018"}, ["d2-f1"]),
        ({"until": "2017-06"}, ["d1-f1"]),
        ({"source": "Reuters", "measure": "exports"}, ["d2-f1"]),
        ({"doc_id": "d1"}, ["d1-f1"]),
        ({"offset": 1}, ["d2-f1"]),
    ],
)
def test_fact_filters(query_store: Store, filters: dict, expected: list[str]) -> None:
    assert [f["fact_id"] for f in query_store.facts(**filters)] == expected


def test_fact_records_carry_the_period_year(query_store: Store) -> None:
    fact = query_store.facts(doc_id="d1")[0]
    assert (fact["period"], fact["value"], fact["unit"]) == ("2017", 87e9, "USD")
    assert [a["code"] for a in fact["subject"]] == ["RUS"] and [a["code"] for a in fact["partner"]] == ["CHN"]


def test_actors_mentions_and_documents(query_store: Store) -> None:
    actors = {a["code"]: a for a in query_store.actors()}
    assert list(actors) == ["RUS", "SGP", "CHN"]
    assert actors["RUS"] | {"names": None} == {
        "code": "RUS", "kind": "state", "mentions": 6, "documents": 2, "events": 2, "names": None,
    }  # fmt: skip
    assert set(actors["RUS"]["names"]) == {"Russia", "Russian", "Vladimir Putin"}
    assert actors["CHN"]["events"] == 0
    assert [a["names"] for a in query_store.actors(resolved=False)] == [["Foo Institute"]]
    assert [a["code"] for a in query_store.actors(source="reuters", actor="sgp")] == ["SGP"]
    assert [a["documents"] for a in query_store.actors(since="2019")] == [1, 1, 1]
    assert query_store.actors(limit=1, offset=1)[0]["code"] == "SGP"
    assert len(query_store.mentions(doc_id="d1")) == 7
    assert [m["text"] for m in query_store.mentions(resolved=False)] == ["Foo Institute"] * 2
    assert {m["doc_id"] for m in query_store.mentions(actor="CHN", until="2018-12")} == {"d1"}
    assert [d["doc_id"] for d in query_store.documents()] == ["d2", "d1"]  # newest first
    assert [d["doc_id"] for d in query_store.documents(source="CGTN", actor="rus")] == ["d1"]
    assert query_store.documents(doc_id="d1")[0]["events"] == 1


def test_summary_counts_and_tops(query_store: Store) -> None:
    summary = query_store.summary(top=2)
    assert {k: summary[k] for k in ("documents", "sentences", "mentions", "resolved_mentions")} == {
        "documents": 2, "sentences": 8, "mentions": 14, "resolved_mentions": 12,
    }  # fmt: skip
    assert (summary["actors"], summary["events"], summary["facts"]) == (3, 2, 2)
    assert [a["code"] for a in summary["top_actors"]] == ["RUS", "SGP"]
    assert summary["top_dyads"] == [{"actors": ["RUS", "SGP"], "events": 2}]


def test_an_error_mid_batch_rolls_the_whole_batch_back(
    tmp_path: Path, make_result, monkeypatch: pytest.MonkeyPatch
) -> None:
    insert = Store._insert

    def failing_insert(self, cur, table, rows):
        if table == "facts":
            raise RuntimeError("disk on fire")
        insert(self, cur, table, rows)

    with Store(tmp_path / "db.duckdb") as store:
        store.write([make_result("d0")])
        monkeypatch.setattr(Store, "_insert", failing_insert)
        with pytest.raises(RuntimeError, match="disk on fire"):
            store.write([make_result("d1"), make_result("d2")])
        monkeypatch.undo()
        counts = {t: store._rows(f"SELECT count(*) AS n FROM {t}")[0]["n"] for t in C.DOCUMENT_TABLES}
        assert counts == {
            "documents": 1, "sentences": 4, "mentions": 7, "events": 1, "event_actors": 2, "facts": 1,
            "fact_actors": 2,
        }  # fmt: skip
        assert store.write([make_result("d1")]).written == ["d1"]  # the connection is still usable


def test_a_bad_record_rejects_the_batch_before_writing(tmp_path: Path, make_result) -> None:
    bad = make_result("d2")
    bad.events[0].date.start = "November"
    with Store(tmp_path / "db.duckdb") as store:
        with pytest.raises(ValueError):
            store.write([make_result("d1"), bad])
        assert store.summary()["documents"] == 0


def test_read_only_store_refuses_writes(tmp_path: Path, make_result) -> None:
    path = tmp_path / "db.duckdb"
    with Store(path) as store:
        store.write([make_result("d1")])
    with Store(path, read_only=True) as store:
        with pytest.raises(StoreError, match="read-only"):
            store.write([make_result("d2")])
        with pytest.raises(StoreError, match="read-only"):
            store.start_run(["x"])
        with pytest.raises(duckdb.Error, match="read-only"):
            store._con.execute("DELETE FROM documents")
        assert store.summary()["documents"] == 1


def test_opening_errors_are_one_line_store_errors(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no database at"):
        Store(tmp_path / "missing.duckdb", read_only=True)
    garbage = tmp_path / "garbage.duckdb"
    garbage.write_bytes(b"not a database" * 100)
    with pytest.raises(StoreError, match="cannot open database") as info:
        Store(garbage)
    assert "\n" not in str(info.value)
    duckdb.connect(str(tmp_path / "other.duckdb")).close()
    with pytest.raises(StoreError, match="not a detente database"):
        Store(tmp_path / "other.duckdb", read_only=True)


def test_column_module_matches_schema(tmp_path: Path) -> None:
    with Store(tmp_path / "db.duckdb") as store:
        for table, names in C.TABLES.items():
            described = store._rows(f"DESCRIBE {table}")
            assert tuple(r["column_name"] for r in described) == names, table


KILLED_WRITER = textwrap.dedent(
    """
    import sys
    from detente.schemas import DocResult, Document, Sentence
    from detente.store import Store

    store = Store(sys.argv[1])
    for batch in range(1000):
        results = []
        for i in range(20):
            doc_id = f"b{batch}-{i}"
            text = "\\n".join(f"{doc_id} sentence {n}." for n in range(200))
            sentences, start = [], 0
            for n, line in enumerate(text.split("\\n")):
                sentences.append(Sentence(doc_id, n, start, start + len(line), line))
                start += len(line) + 1
            results.append(DocResult(Document(doc_id, text, content_hash=doc_id), sentences))
        store.write(results)
        print("committed", batch, flush=True)
    """
)


def test_a_killed_writer_leaves_only_whole_batches(tmp_path: Path) -> None:
    path = tmp_path / "killed.duckdb"
    script = tmp_path / "writer.py"
    script.write_text(KILLED_WRITER)
    proc = subprocess.Popen([sys.executable, str(script), str(path)], stdout=subprocess.PIPE, text=True)
    try:
        for line in proc.stdout:
            if line.startswith("committed 2"):
                break
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    with Store(path, read_only=True) as store:
        docs = store._rows("SELECT doc_id FROM documents")
        per_doc = store._rows("SELECT doc_id, count(*) AS n FROM sentences GROUP BY doc_id")
    assert len(docs) >= 60 and len(docs) % 20 == 0
    assert {r["doc_id"] for r in per_doc} == {r["doc_id"] for r in docs}
    assert {r["n"] for r in per_doc} == {200}
