"""Parallel, streaming and resumable ingest: worker processes give the serial results in order,
read their input lazily, survive broken documents, and a killed ingest resumes without duplicates."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from detente import parallel
from detente.ingest import read_inputs
from detente.schemas import DocResult, Document
from detente.store import Store
from detente.store import columns as C
from detente.store.load import ingest_documents, process_documents

ARTICLES = Path(__file__).parents[1] / "examples" / "articles"
NAMES = sorted(p.name for p in ARTICLES.glob("*.txt"))
DETENTE = Path(sys.executable).with_name("detente")


def _variants(count: int) -> list[dict[str, str]]:
    """``count`` distinct JSON records made from the sample articles (each gets its own second paragraph)."""
    records = []
    for i in range(count):
        head, _, rest = (ARTICLES / NAMES[i % len(NAMES)]).read_text(encoding="utf-8").partition("\n\n")
        text = f"{head}\n\nOfficials said on Tuesday that the talks had been planned {i} weeks in advance.\n\n{rest}"
        records.append({"id": f"v{i:03d}", "text": text, "published": "2018-11-15"})
    return records


def _write_jsonl(path: Path, records: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _documents(path: Path) -> list[Document]:
    return [d for d in read_inputs([path]) if isinstance(d, Document)]


@pytest.fixture(scope="module")
def pipeline():
    from detente.pipeline import Pipeline

    return Pipeline()


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> list[Document]:
    return _documents(_write_jsonl(tmp_path_factory.mktemp("docs") / "variants.jsonl", _variants(24)))


def test_known_documents_never_reach_the_pipeline(tmp_path: Path, fake_pipeline, make_result) -> None:
    seen: list[str] = []
    process = fake_pipeline.process

    def recording(documents, batch_size: int = 16, workers: int = 1) -> Iterator[DocResult]:
        def tap() -> Iterator[Document]:
            for document in documents:
                seen.append(document.doc_id)
                yield document

        return process(tap(), batch_size, workers)

    fake_pipeline.process = recording
    docs = [make_result(i).document for i in ("a", "b", "c")]
    with Store(tmp_path / "db.duckdb") as store:
        ingest_documents(store, docs[:2], fake_pipeline)
        seen.clear()
        report = ingest_documents(store, docs, fake_pipeline)
    assert seen == ["c"] and (report.new, report.known) == (1, 2)


@pytest.mark.slow
def test_workers_give_the_serial_results_in_order(pipeline, documents: list[Document]) -> None:
    serial = list(pipeline.process(documents, batch_size=4))
    assert [r.document.doc_id for r in serial] == [d.doc_id for d in documents]
    assert list(pipeline.process(iter(documents), batch_size=4, workers=2)) == serial
    assert pipeline in parallel._pools  # more than one batch: the pool ran, and stays for the next call


@pytest.mark.slow
def test_one_batch_runs_in_this_process(documents: list[Document]) -> None:
    from detente.pipeline import Pipeline

    fresh = Pipeline()
    assert len(list(fresh.process(documents[:4], batch_size=4, workers=2))) == 4
    assert fresh not in parallel._pools


@pytest.mark.slow
def test_workers_read_their_input_lazily(pipeline, documents: list[Document]) -> None:
    read = 0

    def counted() -> Iterator[Document]:
        nonlocal read
        for document in documents:
            read += 1
            yield document

    results = pipeline.process(counted(), batch_size=2, workers=2)
    next(results)
    # At most CHUNKS_PER_WORKER chunks per worker are out, plus the one that was being read.
    assert read <= (parallel.CHUNKS_PER_WORKER * 2 + 1) * 2 < len(documents)
    results.close()


@pytest.mark.slow
def test_a_broken_document_is_skipped_and_the_rest_go_on_in_parallel(pipeline, documents: list[Document]) -> None:
    docs = [*documents[:6], Document(doc_id="bad", text="Russia and China met.", published="garbage"), *documents[6:12]]
    out = list(process_documents(pipeline, docs, batch_size=2, workers=2))
    assert [getattr(r, "document", None) and r.document.doc_id for r in out] == [
        *(d.doc_id for d in documents[:6]), None, *(d.doc_id for d in documents[6:12])
    ]  # fmt: skip
    assert out[6].reason.startswith("pipeline: ValueError")


def _tables(db: Path) -> dict[str, list[tuple]]:
    """Every row of every document table, without the ingest time, sorted."""
    with Store(db, read_only=True) as store:
        out = {}
        for table in C.DOCUMENT_TABLES:
            names = [c for c in C.TABLES[table] if c != "ingested_at"]
            rows = store._con.execute(f"SELECT {C.quoted(tuple(names))} FROM {table}").fetchall()
            out[table] = sorted(rows, key=repr)
        return out


def _ingest(inputs: Path, db: Path) -> subprocess.Popen:
    command = [str(DETENTE), "-q", "ingest", str(inputs), "--db", str(db), "--batch-size", "2", "--workers", "2"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _kill_mid_ingest(inputs: Path, db: Path, attempts: int = 6) -> int:
    """SIGKILL an ingest (not its workers) after some batches are committed; the documents kept.

    The delay after the database appears starts at two seconds and is doubled while nothing was
    committed yet, halved when the ingest got to the end first.
    """
    delay = 2.0
    for _ in range(attempts):
        db.unlink(missing_ok=True)
        Path(f"{db}.wal").unlink(missing_ok=True)
        run = _ingest(inputs, db)
        while not db.exists() and run.poll() is None:
            time.sleep(0.01)
        time.sleep(delay)
        workers = psutil.Process(run.pid).children(recursive=True)
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=30)
        _, alive = psutil.wait_procs(workers, timeout=30)
        assert not alive, "worker processes outlived the killed ingest"
        with Store(db) as store:  # opened for writing, as the rerun will: the write-ahead log is replayed
            kept, runs = store.summary()["documents"], store.runs()
        if 0 < kept < 60:
            assert len(runs) == 1 and runs[0]["finished_at"] is None
            return kept
        delay = delay * 2 if kept == 0 else delay / 2
    raise AssertionError("could not kill the ingest halfway")


@pytest.mark.slow
def test_a_killed_ingest_resumes_without_duplicating_records(tmp_path: Path) -> None:
    inputs = _write_jsonl(tmp_path / "news.jsonl", _variants(60))
    clean = tmp_path / "clean.duckdb"
    assert _ingest(inputs, clean).wait(timeout=300) == 0

    db = tmp_path / "killed.duckdb"
    kept = _kill_mid_ingest(inputs, db)

    rerun = _ingest(inputs, db)
    _, stderr = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, stderr
    assert _tables(db) == _tables(clean)
    with Store(db, read_only=True) as store:
        last = store.runs()[0]
    assert (last["documents_known"], last["documents_new"]) == (kept, 60 - kept)
